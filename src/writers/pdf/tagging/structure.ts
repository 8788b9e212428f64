/**
 * The logical structure of a tagged PDF (ISO 32000-1 §14.7, standard types §14.8.4), built by the
 * PDF writer from the pdfmake content its handlers return, in the document's (reading) order. The
 * writer claims each handler's content for a structure element ({@link StructureTree.claim}):
 * every text run claimed gets the element's tag in its run marker (`protocol.ts`), an image gets it
 * as `_sahifaTag`; the tagging hooks (`marked-content.ts`) open a marked-content sequence with an
 * MCID for it when pdfkit draws it, and build the tree pdfkit writes when the document ends.
 * Content claimed by no element (the running header and footer, rules, backgrounds, the logo) is
 * drawn as an artifact.
 */
import { parseRunFeatures, withTag } from '../protocol.js';

/** A structure element: its standard type, attributes and children in reading order. */
export interface StructElement {
  /** Standard structure type (`P`, `H2`, `Table`, `TH`…). */
  type: string;
  /** The tag carried by the element's runs: `<tree key>.<index>`. */
  readonly tag: string;
  /** `/Lang` (BCP 47), set where it differs from the document's. */
  lang?: string | undefined;
  /** `/Alt`, a figure's alternative text. */
  alt?: string | undefined;
  /** `/T`, the title of a section. */
  title?: string | undefined;
  /** Table attribute `/Scope` of a header cell. */
  scope?: 'Column' | 'Row' | undefined;
  /** `/ID`, which PDF/UA-1 7.9 asks of every `Note`. */
  id?: string | undefined;
  /**
   * An inline element (`Link`) inside a block's text: its marked content and the block's are
   * ordered together, by where they are read on their lines (`marked-content.ts`).
   */
  inline?: boolean | undefined;
  /** A link's text: the `/Contents` of its annotations (PDF/UA-1 7.18.1). */
  contents?: string | undefined;
  parent?: StructElement | undefined;
  readonly children: StructElement[];
}

/** Which element owns a pdfmake content object (set once claimed); kept off the objects, which the golden tests print. */
const owners = new WeakMap<object, StructElement>();

type Obj = Record<string, unknown>;

/** Types whose text is their own content; in any other element a text block becomes a child. */
const LEAF = new Set(['P', 'Note', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'Lbl', 'Caption', 'Code', 'TH', 'TD', 'TOCI']);

const trees = new Map<string, StructureTree>();
let nextKey = 0;

/** The tree a run tag (`<key>.<index>`) belongs to, while its document is being written. */
export function treeOfTag(tag: string): StructureTree | undefined {
  return trees.get(tag.slice(0, tag.indexOf('.')));
}

/** The structure of one document: created per write, released by {@link StructureTree.release}. */
export class StructureTree {
  readonly key = `t${nextKey++}`;
  readonly elements: StructElement[] = [];
  /** The document element: everything claimed hangs under it. */
  root: StructElement;
  /**
   * Levels a heading's tag is above its depth: with no title (no H1), the brief's shallowest
   * heading depth less one, so the headings start at H1 and skip no level (PDF/UA-1 7.4.2).
   */
  headingShift = 0;

  /** @param lang the document's language (`/Lang` of the catalog); elements differing from it carry their own */
  constructor(readonly lang: string) {
    trees.set(this.key, this);
    this.root = this.create('Document');
  }

  /** Empties the tree, for a new layout pass over the document. */
  reset(): void {
    this.elements.length = 0;
    this.root = this.create('Document');
  }

  /** Forgets the tree once its PDF is written. */
  release(): void {
    trees.delete(this.key);
  }

  /** A new element, not yet in the tree. */
  create(type: string, attrs: Partial<Pick<StructElement, 'lang' | 'alt' | 'title' | 'scope' | 'id' | 'inline' | 'contents'>> = {}): StructElement {
    const el: StructElement = { type, tag: `${this.key}.${this.elements.length}`, children: [] };
    if (attrs.lang && attrs.lang !== this.lang) el.lang = attrs.lang;
    if (attrs.alt !== undefined) el.alt = attrs.alt;
    if (attrs.title) el.title = attrs.title;
    if (attrs.scope) el.scope = attrs.scope;
    if (attrs.id) el.id = attrs.id;
    if (attrs.inline) el.inline = true;
    if (attrs.contents !== undefined) el.contents = attrs.contents;
    this.elements.push(el);
    return el;
  }

  /** The element a run tag names. */
  element(tag: string): StructElement | undefined {
    return this.elements[Number(tag.slice(tag.indexOf('.') + 1))];
  }

  /** Adds `child` (with its subtree) as the last child of `parent`. */
  append(parent: StructElement, child: StructElement): StructElement {
    child.parent = parent;
    parent.children.push(child);
    return child;
  }

  /**
   * Claims `content` for `el`, in content order: content already claimed by an inner element
   * brings that element (its outermost ancestor) in as a child; text blocks are `el`'s own content
   * when `el` is a leaf type, else each becomes a `P` child (`childType`).
   */
  claim(content: unknown, el: StructElement, childType = 'P'): StructElement {
    const walk = (c: unknown): void => {
      if (Array.isArray(c)) return c.forEach(walk);
      if (!c || typeof c !== 'object') return;
      const o = c as Obj;
      const owner = owners.get(o);
      if (owner) {
        let top = owner;
        while (top.parent) top = top.parent;
        if (top !== el && !isAncestor(top, el)) this.append(el, top);
        return;
      }
      if ('image' in o || 'svg' in o) {
        if (el.type === 'Figure') o['_sahifaTag'] = el.tag;
        owners.set(o, el);
        return;
      }
      if ('text' in o && !('stack' in o)) {
        stampRuns(this, o, LEAF.has(el.type) ? el : this.append(el, this.create(childType, {})));
        owners.set(o, el);
        return;
      }
      for (const key of ['stack', 'columns', 'ul', 'ol']) if (key in o) walk(o[key]);
      const table = o['table'] as { body?: unknown[][] } | undefined;
      if (table?.body) walk(table.body);
      owners.set(o, el);
    };
    walk(content);
    return el;
  }

  /** Marks `content` as owned by `el` without looking inside (it was claimed piece by piece). */
  own(content: unknown, el: StructElement): void {
    if (content && typeof content === 'object' && !Array.isArray(content)) owners.set(content, el);
  }
}

function isAncestor(a: StructElement, b: StructElement): boolean {
  for (let p = b.parent; p; p = p.parent) if (p === a) return true;
  return false;
}

/** A linked run's target: a URI (`link`) or a named destination (`linkToDestination`). */
function linkOf(r: Obj): string | undefined {
  const target = r['link'] ?? r['linkToDestination'];
  return typeof target === 'string' ? target : undefined;
}

/** Bidi controls the layer inserts (isolates, marks): not part of a link's text. */
const CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Puts the tag of `el` into the run marker of every run of a text block (nested text arrays
 * included). A stretch of consecutive runs with the same link target gets the tag of a `Link`
 * child of `el` instead (PDF/UA-1 7.18.5), whose text is its annotations' `/Contents`; a stretch
 * in another language than the block's (an inline element's `lang`, carried in the run marker)
 * a `Span` child with `/Lang` (ISO 32000-1 §14.9.2), or the link's `/Lang`.
 */
function stampRuns(tree: StructureTree, o: Obj, el: StructElement): void {
  let blockLang = tree.lang;
  for (let e: StructElement | undefined = el; e; e = e.parent)
    if (e.lang) {
      blockLang = e.lang;
      break;
    }
  let link: { key: string; target: string | undefined; el: StructElement; text: string[] } | undefined;
  const finish = (): void => {
    if (link?.target !== undefined) link.el.contents = link.text.join('').replace(CONTROLS, '').trim() || link.target;
    link = undefined;
  };
  const walk = (runs: unknown, inherited: string | undefined): void => {
    if (!Array.isArray(runs)) return;
    for (const r of runs as Obj[]) {
      if (!r || typeof r !== 'object') continue;
      const target = linkOf(r) ?? inherited;
      const marker = parseRunFeatures(r['fontFeatures']);
      // the writer puts the document's language in every marker but an inline element's own
      const lang = marker && marker.lang && marker.lang !== tree.lang && marker.lang !== blockLang ? marker.lang : undefined;
      const key = target !== undefined ? `${lang ?? ''} ${target}` : lang;
      if (key !== link?.key) finish();
      if (key !== undefined && !link) link = { key, target, el: tree.append(el, tree.create(target === undefined ? 'Span' : 'Link', { inline: true, lang })), text: [] };
      if (marker && marker.tag === undefined) r['fontFeatures'] = withTag(r['fontFeatures'], (link ?? { el }).el.tag);
      if (typeof r['text'] === 'string' && target !== undefined) link!.text.push(r['text']);
      if (Array.isArray(r['text'])) walk(r['text'], target);
    }
  };
  walk(o['text'], linkOf(o));
  finish();
}
