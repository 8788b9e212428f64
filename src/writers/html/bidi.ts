/**
 * Direction pass over the hast tree (after `toHast`), in two parts:
 *
 * 1. Blocks: an element whose `data.dir`/`data.lang` (set by the handlers) differs from the
 *    direction/language it inherits gets a `dir`/`lang` attribute; nowhere else, so an Arabic
 *    brief carries `dir` only on its English blocks. A link whose text mostly reads the other way
 *    (English link text in an Arabic paragraph) gets `dir` too, which also isolates it.
 * 2. Inline runs: inside text, a run of the other direction (e.g. Latin words, possibly led by a
 *    number as in "5 km", in an Arabic paragraph) is wrapped in `<bdi>` so neutral characters
 *    around it cannot reorder it. Runs without a strong letter (plain numbers) are left to the
 *    browser's UAX #9, which orders them correctly.
 */
import type { Element, ElementContent, Root, RootContent, Text } from 'hast';
import { blockDirection, type Dir } from '../../model/direction.js';
import { isolatedSpans } from '../shared/isolates.js';
import './hast-data.js';

/** Elements whose text is not split into runs. */
const OPAQUE = new Set(['code', 'pre', 'bdi', 'kbd', 'samp', 'script', 'style', 'title']);

/** Plain text of a hast node. */
function textOf(node: RootContent | Root): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map((c) => textOf(c)).join('') : '';
}

/** Splits one text node: runs of the direction opposite to `ctx` become `<bdi>` elements. */
function isolateRuns(node: Text, ctx: Dir): ElementContent[] {
  const out: ElementContent[] = [];
  let last = 0;
  for (const { start, end } of isolatedSpans(node.value, ctx)) {
    if (start > last) out.push({ type: 'text', value: node.value.slice(last, start) });
    out.push({ type: 'element', tagName: 'bdi', properties: {}, children: [{ type: 'text', value: node.value.slice(start, end) }] });
    last = end;
  }
  if (last === 0) return [node];
  if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });
  return out;
}

/**
 * Sets `dir`/`lang` where they change and wraps opposite-direction runs in `<bdi>`, in place.
 *
 * @param tree a hast root or element (the body content; not the `<head>`)
 * @param dir the direction `tree` sits in (the document's)
 * @param lang the language `tree` sits in (the document's)
 */
export function isolateDirections(tree: Root | Element, dir: Dir, lang: string): void {
  const walk = (parent: Root | Element, ctx: Dir, ctxLang: string): void => {
    const out: RootContent[] = [];
    for (const child of parent.children) {
      if (child.type === 'text' && !OPAQUE.has((parent as Element).tagName)) {
        out.push(...isolateRuns(child, ctx));
        continue;
      }
      out.push(child);
      if (child.type !== 'element') continue;
      let own = child.properties['dir'] as Dir | undefined;
      if (!own) {
        const wanted = child.data?.dir ?? (child.tagName === 'a' ? blockDirection(textOf(child), ctx) : ctx);
        if (wanted !== ctx) child.properties['dir'] = wanted;
        own = wanted;
      }
      const ownLang = child.data?.lang ?? ctxLang;
      if (ownLang !== ctxLang) child.properties['lang'] = ownLang;
      if (!OPAQUE.has(child.tagName)) walk(child, own, ownLang);
    }
    parent.children = out as typeof parent.children;
  };
  walk(tree, dir, lang);
}
