/**
 * Direction pass over the hast tree (after `toHast`), in two parts:
 *
 * 1. Blocks: an element whose `data.dir`/`data.lang` (set by the handlers) differs from the
 *    direction/language it inherits gets a `dir`/`lang` attribute; nowhere else, so an Arabic
 *    brief carries `dir` only on its English blocks.
 * 2. Inline runs: the text of each paragraph (the inline content of a block, across its inline
 *    elements) is isolated by the rule the three writers share (`shared/isolates.ts`,
 *    {@link isolateRuns}): a stretch of the other direction (Latin words, possibly led by a
 *    number as in "5 km", in an Arabic paragraph) becomes a `<bdi>` (or a `dir` on an element it
 *    fills: `<a dir="ltr">React</a>`), cut where the style changes as an element ends; inline code, URL-like link text and footnote marks are isolates of their
 *    own (a `dir` attribute, which isolates in HTML: `[dir] { unicode-bidi: isolate }`); the
 *    right-to-left stretches inside code (a code block's line, inline code) are `<bdi>`s too.
 *    Runs without a strong letter (plain numbers) are left to the browser's UAX #9, which orders
 *    them correctly.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { blockDirection, type Dir } from '../../model/direction.js';
import { isolateRuns, isUrlLike, type IsolationRun } from '../shared/isolates.js';
import './hast-data.js';

/** Elements whose content the walk does not enter (isolates made here, or text never shown). */
const OPAQUE = new Set(['code', 'bdi', 'kbd', 'samp', 'script', 'style', 'title']);
/** Elements that show nothing. */
const HIDDEN = new Set(['script', 'style', 'title', 'template']);
/** Phrasing elements: their text belongs to the paragraph of the nearest block around them. */
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'img', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr', 'script', 'style', 'template']);
/** Elements whose text is code: left to right. */
const CODE = new Set(['code', 'kbd', 'samp', 'tt']);

/** Plain text of a hast node. */
function textOf(node: RootContent | Root): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' && HIDDEN.has(node.tagName)) return '';
  if (node.type === 'element' && node.tagName === 'br') return '\n';
  return 'children' in node ? node.children.map((c) => textOf(c)).join('') : '';
}

/** A footnote mark: `<sup><a data-footnote-ref>` (mdast-util-to-hast), or the link itself. */
function isFootnoteRef(el: Element): boolean {
  const ref = (e: Element): boolean => e.tagName === 'a' && (e.properties['dataFootnoteRef'] !== undefined || e.properties['data-footnote-ref'] !== undefined);
  return ref(el) || (el.tagName === 'sup' && el.children.some((c) => c.type === 'element' && ref(c)));
}

/** The run an element stands for when it is an isolate of its own, else undefined. */
function atomRun(el: Element, ctx: Dir, nextId: () => number): IsolationRun | undefined {
  const text = textOf(el);
  if (CODE.has(el.tagName)) return { text, code: true };
  if (isFootnoteRef(el)) return { text, footnote: 1 };
  const dir = el.properties['dir'];
  if (dir === 'ltr' || dir === 'rtl') return { text, isolate: { id: nextId(), dir } };
  if (el.tagName === 'bdi') return { text, isolate: { id: nextId(), dir: blockDirection(text, ctx) } };
  const href = el.properties['href'];
  if (el.tagName === 'a' && typeof href === 'string' && isUrlLike(text)) return { text, link: href };
  return undefined;
}

/** Length of a node in its paragraph's flat text (an atom counts its text, as its run does). */
function flatLength(node: ElementContent): number {
  return textOf(node).length;
}

/** Splits a node at `offset` of its flat text; an element becomes two copies (the id stays on the first). */
function splitNode(node: ElementContent, offset: number): [ElementContent | undefined, ElementContent | undefined] {
  const length = flatLength(node);
  if (offset <= 0) return [undefined, node];
  if (offset >= length) return [node, undefined];
  if (node.type === 'text') return [{ ...node, value: node.value.slice(0, offset) }, { ...node, value: node.value.slice(offset) }];
  if (node.type !== 'element') return [node, undefined];
  const left: ElementContent[] = [];
  const right: ElementContent[] = [];
  let pos = 0;
  for (const child of node.children as ElementContent[]) {
    const [a, b] = splitNode(child, offset - pos);
    pos += flatLength(child);
    if (a) left.push(a);
    if (b) right.push(b);
  }
  const { id: _id, ...rest } = node.properties;
  return [
    { ...node, children: left },
    { ...node, properties: rest, children: right },
  ];
}

const bdi = (children: ElementContent[]): Element => ({ type: 'element', tagName: 'bdi', properties: {}, children });

/**
 * Isolates the stretch `[start, end)` of the flat text of `nodes`: an element that is all of it
 * gets `dir` (`<a dir="ltr">`), anything else is wrapped in a `<bdi>`, splitting the elements the
 * stretch begins or ends inside (`**نص Python** 3.12`: the `<strong>` in two).
 *
 * @returns the new list of nodes
 */
function wrapRange(nodes: ElementContent[], start: number, end: number, dir: Dir): ElementContent[] {
  let pos = 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const length = flatLength(node);
    if (node.type === 'element' && pos === start && end === pos + length && !node.properties['dir']) {
      node.properties['dir'] = dir;
      return nodes;
    }
    // the stretch lies inside one element: isolate it inside
    if (node.type === 'element' && pos <= start && end <= pos + length) {
      node.children = wrapRange(node.children as ElementContent[], start - pos, end - pos, dir) as Element['children'];
      return nodes;
    }
    pos += length;
  }
  const before: ElementContent[] = [];
  const inside: ElementContent[] = [];
  const after: ElementContent[] = [];
  pos = 0;
  for (const node of nodes) {
    const length = flatLength(node);
    const [head, rest] = splitNode(node, start - pos);
    if (head) before.push(head);
    if (rest) {
      const [mid, tail] = splitNode(rest, end - Math.max(start, pos));
      if (mid) inside.push(mid);
      if (tail) after.push(tail);
    }
    pos += length;
  }
  return [...before, bdi(inside), ...after];
}

/**
 * Isolates the inline content `nodes` of one paragraph in direction `ctx` by the shared rule
 * ({@link isolateRuns}).
 *
 * @returns the new list of nodes
 */
function isolateParagraph(nodes: ElementContent[], ctx: Dir): ElementContent[] {
  const runs: IsolationRun[] = [];
  const atoms: { run: number; el: Element }[] = [];
  let ids = 0;
  let parentOfLast: unknown;
  const collect = (list: readonly ElementContent[], parent: unknown): void => {
    for (const node of list) {
      if (node.type === 'text' || (node.type === 'element' && node.tagName === 'br')) {
        const text = textOf(node);
        // text nodes of one element are one run; an element edge is a change of style
        if (parentOfLast === parent && runs.length && !atoms.some((a) => a.run === runs.length - 1)) runs[runs.length - 1] = { text: runs[runs.length - 1]!.text + text };
        else runs.push({ text });
        parentOfLast = parent;
        continue;
      }
      if (node.type !== 'element' || HIDDEN.has(node.tagName)) continue;
      const atom = atomRun(node, ctx, () => ++ids);
      parentOfLast = undefined;
      if (atom) {
        atoms.push({ run: runs.length, el: node });
        runs.push(atom);
      } else collect(node.children as ElementContent[], node);
    }
  };
  collect(nodes, undefined);
  const starts: number[] = [];
  let at = 0;
  for (const r of runs) starts.push(at), (at += r.text.length);
  const pieces = isolateRuns(runs, ctx);
  // stretches of the paragraph's text (not atoms) that are isolates, merged by isolate id
  const ranges: { start: number; end: number; id: number; dir: Dir }[] = [];
  const nested = new Map<number, { start: number; end: number }[]>();
  for (const piece of pieces) {
    if (!piece.isolate) continue;
    const atom = atoms.find((a) => a.run === piece.run);
    if (atom) {
      if (!atom.el.properties['dir'] && atom.el.tagName !== 'bdi') atom.el.properties['dir'] = piece.isolate.dir;
      if (piece.nested) nested.set(piece.run, [...(nested.get(piece.run) ?? []), { start: piece.offset, end: piece.offset + piece.text.length }]);
      continue;
    }
    const start = starts[piece.run]! + piece.offset;
    const last = ranges[ranges.length - 1];
    if (last && last.id === piece.isolate.id) last.end = start + piece.text.length;
    else ranges.push({ start, end: start + piece.text.length, id: piece.isolate.id, dir: piece.isolate.dir });
  }
  // right-to-left stretches inside code: nested isolates
  for (const [run, list] of nested) {
    const el = atoms.find((a) => a.run === run)!.el;
    for (const r of list) el.children = wrapRange(el.children as ElementContent[], r.start, r.end, 'rtl') as Element['children'];
  }
  let out = nodes;
  for (const r of ranges) out = wrapRange(out, r.start, r.end, r.dir);
  return out;
}

/** Applies {@link isolateParagraph} to each stretch of inline children of a block, in place. */
function isolateInline(parent: Root | Element, ctx: Dir): void {
  const out: RootContent[] = [];
  let inline: ElementContent[] = [];
  const flush = (): void => {
    if (inline.length) out.push(...isolateParagraph(inline, ctx));
    inline = [];
  };
  for (const child of parent.children) {
    if (child.type === 'text' || (child.type === 'element' && INLINE.has(child.tagName))) inline.push(child);
    else {
      flush();
      out.push(child);
    }
  }
  flush();
  parent.children = out as typeof parent.children;
}

/**
 * Sets `dir`/`lang` where they change and isolates each paragraph's inline runs (see the module
 * comment), in place.
 *
 * @param tree a hast root or element (the body content; not the `<head>`)
 * @param dir the direction `tree` sits in (the document's)
 * @param lang the language `tree` sits in (the document's)
 */
export function isolateDirections(tree: Root | Element, dir: Dir, lang: string): void {
  const walk = (parent: Root | Element, ctx: Dir, ctxLang: string): void => {
    if (parent.type === 'root' || !INLINE.has(parent.tagName)) isolateInline(parent, ctx);
    for (const child of parent.children) {
      if (child.type !== 'element') continue;
      let own = child.properties['dir'] as Dir | undefined;
      if (!own) {
        const wanted = child.data?.dir ?? ctx;
        if (wanted !== ctx) child.properties['dir'] = wanted;
        own = wanted;
      }
      const ownLang = child.data?.lang ?? ctxLang;
      if (ownLang !== ctxLang) child.properties['lang'] = ownLang;
      if (!OPAQUE.has(child.tagName)) walk(child, own, ownLang);
    }
  };
  walk(tree, dir, lang);
}
