/**
 * The tagging hooks' logic (wired by `install.ts`): every piece pdfkit draws is either marked
 * content of a structure element (`/P <</MCID n>> BDC … EMC`) or an artifact
 * (`/Artifact BMC … EMC`), ISO 32000-1 §14.6 and §14.8.2.2; and the structure tree is written
 * when the document ends, in the order of `tagging/structure.ts` (the reading order), not the
 * drawing order.
 *
 * Runs of one element drawn one after another on a page share one sequence (one MCID per line,
 * not per word). The sequence stays open until something else is drawn, the page changes or the
 * document ends. A table's repeated header row is drawn again on later pages as an artifact.
 */
import type { ActualTextSpans } from '../text/glyph-writer.js';
import { treeOfTag, type StructElement, type StructureTree } from './structure.js';

/** The parts of pdfkit's document (0.19, mixins `markings` and `metadata`) the hooks use. */
export interface TaggedDoc {
  page: { dictionary: object; structParentTreeKey: number } & object;
  addContent(s: string): unknown;
  markStructureContent(tag: string, options?: object): StructureContent;
  getStructParentTree(): { get(key: number): unknown[]; add(key: number, value: unknown): unknown };
  createStructParentTreeNextKey(): number;
  struct(type: string, options: object, children: unknown[]): unknown;
  addStructure(el: unknown): unknown;
  appendXML?(xml: string, newline?: boolean): void;
  /** The open sequence, if any. */
  _sahifaMark?: OpenMark | undefined;
  /** The link drawn in the open sequence, not yet written: one annotation for its words ({@link linkArea}). */
  _sahifaLink?: PendingLink | undefined;
  /** The element whose link annotation is being written. */
  _sahifaLinkOf?: StructElement | undefined;
  /** The document's structure and the marked content of each element. */
  _sahifaTagging?: TaggingState | undefined;
}

/** What the hooks gather while a document is drawn, for {@link finishStructure}. */
interface TaggingState {
  tree: StructureTree;
  contents: Map<StructElement, StructureContent[]>;
  /** The page an element was first drawn on (a header row drawn again later is an artifact). */
  pageOf: Map<StructElement, object>;
  /** Where each sequence was drawn: its line (counted through the document) and its place in drawing order. */
  drawn: WeakMap<StructureContent, { line: number; seq: number }>;
  /** Lines on which a right-to-left run was drawn (their sequences are read right to left). */
  rtlLines: Set<number>;
  line: number;
  seq: number;
  /** The link annotations of each element (an OBJR each), with their `/StructParent` keys. */
  annotations: Map<StructElement, { ref: object; page: object; key: number }[]>;
}

/** pdfkit's `PDFStructureContent`: the marked-content sequences (page, MCID) of one element. */
export interface StructureContent {
  refs: { pageRef: object; mcid: number }[];
}

/** A link's area on one line, grown word by word; `write` draws its annotation (pdfkit's `link` or `goTo`). */
interface PendingLink {
  readonly el: StructElement;
  readonly target: unknown;
  readonly kind: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  readonly write: (x: number, y: number, w: number, h: number) => void;
}

interface OpenMark {
  readonly page: object;
  /** The element's tag, or `null` for an artifact. */
  readonly tag: string | null;
  /** The ActualText spans of a structure element's sequence. */
  readonly spans?: ActualTextSpans | undefined;
  /** The element's marked content of this line (its MCIDs in drawing order). */
  readonly content?: StructureContent | undefined;
  /** Whether a right-to-left run was drawn on the line. */
  rtl?: boolean;
}

/**
 * Opens (or goes on with) the sequence for a piece to draw: the element named by `tag`, or an
 * artifact when it is `undefined` or names no element of a document being written. Each line
 * of an element is a sequence of its own ({@link endPiece} when a line begins): text extractors
 * join the text of one sequence without a break, which glued the last word of a line to the
 * first of the next.
 */
export function markPiece(doc: TaggedDoc, tag: string | undefined, dir?: 'ltr' | 'rtl'): ActualTextSpans | undefined {
  const tree = tag === undefined ? undefined : treeOfTag(tag);
  let el = tree?.element(tag!);
  const state = tree
    ? (doc._sahifaTagging ??= { tree, contents: new Map(), pageOf: new Map(), drawn: new WeakMap(), rtlLines: new Set(), line: 0, seq: 0, annotations: new Map() })
    : doc._sahifaTagging;
  if (el && state) {
    // a header row pdfmake repeats on a later page is drawn again: an artifact there (PDF/UA-1 7.5)
    const first = state.pageOf.get(el);
    if (first === undefined) state.pageOf.set(el, doc.page);
    else if (first !== doc.page && inHeaderRow(el)) el = undefined;
  }
  if (dir === 'rtl' && state) state.rtlLines.add(state.line);
  const key = el ? el.tag : null;
  const open = doc._sahifaMark;
  if (open && open.page === doc.page && open.tag === key) {
    if (dir === 'rtl') open.rtl = true;
    return open.spans;
  }
  endPiece(doc);
  let spans: ActualTextSpans | undefined;
  let content: StructureContent | undefined;
  if (el && state) {
    content = doc.markStructureContent(el.type);
    // pdfkit's own list of open sequences would reopen this one on the next page: the hooks close it
    (doc.page as { markings?: unknown[] }).markings?.pop();
    const list = state.contents.get(el);
    if (list) list.push(content);
    else state.contents.set(el, [content]);
    state.drawn.set(content, { line: state.line, seq: state.seq++ });
    spans = clusterSpans(doc, el.type, content);
  } else {
    doc.addContent('/Artifact BMC');
  }
  doc._sahifaMark = { page: doc.page, tag: key, spans, content, rtl: dir === 'rtl' };
  return spans;
}

/**
 * A cluster's `/ActualText` inside a structure element's sequence: a sequence of the element of
 * its own (a new MCID), between two text objects, instead of a `/Span` nested in the element's
 * sequence. Poppler (25.03, `MarkedContentOutputDev`) ends the element's sequence at the nested
 * span's EMC, which lost the rest of the line from `pdfinfo -struct-text`; and a sequence begun
 * outside a text object is not ended inside one.
 *
 * The cluster's sequence is tagged `/Span` (its MCID still makes it the element's content): poppler's
 * text extraction (`Gfx::opBeginMarkedContent`) reads `/ActualText` only on a `Span`, and without it
 * `pdftotext` scattered a vocalised word's marks into words and lines of their own.
 */
function clusterSpans(doc: TaggedDoc, type: string, content: StructureContent): ActualTextSpans {
  const next = (): number => {
    const mcids = doc.getStructParentTree().get(doc.page.structParentTreeKey);
    mcids.push(null);
    const mcid = mcids.length - 1;
    content.refs.push({ pageRef: doc.page.dictionary, mcid });
    return mcid;
  };
  return {
    open: (actual) => `ET\nEMC\n/Span <</MCID ${next()} /ActualText <${actual}>>> BDC\nBT`,
    close: () => `ET\nEMC\n/${type} <</MCID ${next()}>> BDC\nBT`,
    restartText: true,
  };
}

/** Whether `el` is (inside) a cell of a table's header row. */
function inHeaderRow(el: StructElement): boolean {
  for (let e: StructElement | undefined = el; e; e = e.parent) if (e.type === 'TH' || e.parent?.parent?.type === 'THead') return true;
  return false;
}

/** Closes the open sequence and counts a new line (pdfmake draws a line of text). */
export function startLine(doc: TaggedDoc): void {
  endPiece(doc);
  if (doc._sahifaTagging) doc._sahifaTagging.line++;
}

/**
 * Tags a link annotation drawn inside a structure element's sequence (`Link`, PDF/UA-1 7.18.5):
 * a `/StructParent` key for the OBJR that {@link finishStructure} puts in the element, and the
 * link's text as `/Contents` (7.18.1). `annotate` is pdfkit's, which writes the annotation at once.
 */
export function tagAnnotation<T>(doc: TaggedDoc & { page: { annotations: object[] } }, options: Record<string, unknown>, annotate: () => T): T {
  const state = doc._sahifaTagging;
  const tag = doc._sahifaMark?.tag;
  const el = doc._sahifaLinkOf ?? (tag && state ? state.tree.element(tag) : undefined);
  if (!el || !state || options['Subtype'] !== 'Link') return annotate();
  const key = doc.createStructParentTreeNextKey();
  options['StructParent'] = key;
  options['Contents'] = new String(el.contents ?? '');
  const out = annotate();
  const ref = doc.page.annotations[doc.page.annotations.length - 1]!;
  const list = state.annotations.get(el);
  const entry = { ref, page: doc.page.dictionary, key };
  if (list) list.push(entry);
  else state.annotations.set(el, [entry]);
  return out;
}

/**
 * A link annotation for a word of a tagged element's sequence (pdfkit's `link` or `goTo`, `kind`,
 * with its target), held back: the words of one link drawn one after another in a sequence (on
 * one line) get one annotation over all of them, written when the sequence ends, instead of one
 * per word (each with its action, OBJR and parent-tree entry). Outside a tagged sequence
 * `write` draws it at once. x, y, w, h in pt, as pdfkit takes them.
 */
export function linkArea(doc: TaggedDoc, kind: string, target: unknown, x: number, y: number, w: number, h: number, write: (x: number, y: number, w: number, h: number) => void): void {
  const tag = doc._sahifaMark?.tag;
  const el = tag ? doc._sahifaTagging?.tree.element(tag) : undefined;
  if (!el) return write(x, y, w, h);
  const open = doc._sahifaLink;
  if (open && open.el === el && open.kind === kind && open.target === target) {
    open.x0 = Math.min(open.x0, x);
    open.y0 = Math.min(open.y0, y);
    open.x1 = Math.max(open.x1, x + w);
    open.y1 = Math.max(open.y1, y + h);
    return;
  }
  writeLink(doc);
  doc._sahifaLink = { el, kind, target, x0: x, y0: y, x1: x + w, y1: y + h, write };
}

/** Writes the held-back link annotation, if any, for its element. */
function writeLink(doc: TaggedDoc): void {
  const link = doc._sahifaLink;
  if (!link) return;
  doc._sahifaLink = undefined;
  doc._sahifaLinkOf = link.el;
  try {
    link.write(link.x0, link.y0, link.x1 - link.x0, link.y1 - link.y0);
  } finally {
    doc._sahifaLinkOf = undefined;
  }
}

/** Closes the open sequence, if any (before other drawing, a new line or page, the end). */
export function endPiece(doc: TaggedDoc): void {
  writeLink(doc);
  const open = doc._sahifaMark;
  if (!open) return;
  if (open.page === doc.page) doc.addContent('EMC');
  // a line's sequences (split at clusters) are drawn left to right: the tree takes a right-to-left
  // line's in reading order
  if (open.rtl && open.content && open.content.refs.length > 1) open.content.refs.reverse();
  doc._sahifaMark = undefined;
}

/**
 * Draws `draw` as an artifact (rules, backgrounds, decorations, the logo): the artifact sequence
 * opens at the first operator `draw` writes (pdfmake asks for a line's background and decorations
 * even when there are none) and stays open, so artifacts drawn one after another share it.
 */
export function asArtifact<T>(doc: TaggedDoc, draw: () => T): T {
  const own = doc as { addContent?: TaggedDoc['addContent'] };
  if (Object.hasOwn(doc, 'addContent')) return draw();
  const add = doc.addContent;
  own.addContent = (s: string): unknown => {
    delete own.addContent;
    markPiece(doc, undefined);
    return add.call(doc, s);
  };
  try {
    return draw();
  } finally {
    delete own.addContent;
  }
}

/**
 * Writes the structure tree (when the document ends, before pdfkit writes its catalog): the
 * elements in reading order, each with its marked content; elements with nothing drawn are left
 * out. Adds `dc:language` and the PDF/UA identifier to the XMP metadata.
 */
export function finishStructure(doc: TaggedDoc): void {
  endPiece(doc);
  const state = doc._sahifaTagging;
  if (!state) return;
  const build = (el: StructElement): unknown => {
    const kids = el.children.some((c) => c.inline) ? inReadingOrder(state, el) : ownFirst(state, el, build);
    if (!kids.length) return undefined;
    const options: Record<string, string> = {};
    if (el.lang) options['lang'] = el.lang;
    if (el.alt !== undefined) options['alt'] = el.alt;
    if (el.title) options['title'] = el.title;
    if (el.scope) options['scope'] = el.scope;
    const struct = doc.struct(el.type, options, kids) as { dictionary: { data: Record<string, unknown>; end(...args: unknown[]): unknown } };
    if (el.id) struct.dictionary.data['ID'] = new String(el.id);
    const annotations = state.annotations.get(el);
    if (annotations) withObjectRefs(doc, struct.dictionary, annotations);
    return struct;
  };
  /** The kids of an element with inline children (a paragraph with links): its own sequences and theirs, in reading order. */
  const inReadingOrder = (s: TaggingState, el: StructElement): unknown[] => {
    const items: { at: Drawn; kid: unknown }[] = [];
    for (const c of s.contents.get(el) ?? []) items.push({ at: s.drawn.get(c)!, kid: c });
    for (const c of el.children) {
      const first = (s.contents.get(c) ?? []).map((x) => s.drawn.get(x)!).sort((a, b) => readingOrder(s, a, b))[0];
      const kid = build(c);
      if (kid !== undefined) items.push({ at: first ?? { line: Infinity, seq: 0 }, kid });
    }
    return items.sort((a, b) => readingOrder(s, a.at, b.at)).map((i) => i.kid);
  };
  const root = build(state.tree.root);
  if (root !== undefined) doc.addStructure(root);
  doc.appendXML?.(
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:language><rdf:Bag><rdf:li>${escapeXml(state.tree.lang)}</rdf:li></rdf:Bag></dc:language></rdf:Description>\n` +
      `<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>`,
  );
  doc._sahifaTagging = undefined;
}

type Drawn = { line: number; seq: number };

/** An element's own content (a figure's image) before its children (the caption). */
function ownFirst(state: TaggingState, el: StructElement, build: (el: StructElement) => unknown): unknown[] {
  const kids: unknown[] = [...(state.contents.get(el) ?? [])];
  for (const c of el.children) {
    const k = build(c);
    if (k !== undefined) kids.push(k);
  }
  return kids;
}

/** Two sequences in reading order: line by line, and on a line with right-to-left runs from the right. */
function readingOrder(state: TaggingState, a: Drawn, b: Drawn): number {
  if (a.line !== b.line) return a.line - b.line;
  return state.rtlLines.has(a.line) ? b.seq - a.seq : a.seq - b.seq;
}

/**
 * Adds an OBJR for each annotation to the element's kids when pdfkit writes it (pdfkit's own
 * annotation references take the page current at the end, not the annotation's), and the element
 * to the parent tree under each annotation's `/StructParent` key.
 */
function withObjectRefs(doc: TaggedDoc, dictionary: { data: Record<string, unknown>; end(...args: unknown[]): unknown }, annotations: { ref: object; page: object; key: number }[]): void {
  const parentTree = doc.getStructParentTree();
  for (const a of annotations) parentTree.add(a.key, dictionary);
  const end = dictionary.end;
  dictionary.end = function (this: typeof dictionary, ...args: unknown[]): unknown {
    (this.data['K'] as unknown[]).push(...annotations.map((a) => ({ Type: 'OBJR', Obj: a.ref, Pg: a.page })));
    return end.apply(this, args);
  };
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
