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
  getStructParentTree(): { get(key: number): unknown[] };
  struct(type: string, options: object, children: unknown[]): unknown;
  addStructure(el: unknown): unknown;
  appendXML?(xml: string, newline?: boolean): void;
  /** The open sequence, if any. */
  _sahifaMark?: OpenMark | undefined;
  /** The document's structure and the marked content of each element. */
  _sahifaTagging?: { tree: StructureTree; contents: Map<StructElement, StructureContent[]>; pageOf: Map<StructElement, object> } | undefined;
}

/** pdfkit's `PDFStructureContent`: the marked-content sequences (page, MCID) of one element. */
export interface StructureContent {
  refs: { pageRef: object; mcid: number }[];
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
  const state = tree ? (doc._sahifaTagging ??= { tree, contents: new Map(), pageOf: new Map() }) : doc._sahifaTagging;
  if (el && state) {
    // a header row pdfmake repeats on a later page is drawn again: an artifact there (PDF/UA-1 7.5)
    const first = state.pageOf.get(el);
    if (first === undefined) state.pageOf.set(el, doc.page);
    else if (first !== doc.page && (el.type === 'TH' || el.parent?.parent?.type === 'THead')) el = undefined;
  }
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

/** Closes the open sequence, if any (before other drawing, a new line or page, the end). */
export function endPiece(doc: TaggedDoc): void {
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
    // an element's own content (a figure's image) before its children (the caption)
    const kids: unknown[] = [...(state.contents.get(el) ?? [])];
    for (const c of el.children) {
      const k = build(c);
      if (k !== undefined) kids.push(k);
    }
    if (!kids.length) return undefined;
    const options: Record<string, string> = {};
    if (el.lang) options['lang'] = el.lang;
    if (el.alt !== undefined) options['alt'] = el.alt;
    if (el.title) options['title'] = el.title;
    if (el.scope) options['scope'] = el.scope;
    return doc.struct(el.type, options, kids);
  };
  const root = build(state.tree.root);
  if (root !== undefined) doc.addStructure(root);
  doc.appendXML?.(
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:language><rdf:Bag><rdf:li>${escapeXml(state.tree.lang)}</rdf:li></rdf:Bag></dc:language></rdf:Description>\n` +
      `<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>`,
  );
  doc._sahifaTagging = undefined;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
