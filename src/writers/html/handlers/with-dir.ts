/**
 * Wraps a handler so the element it makes remembers the mdast block's direction and language
 * (`node.data.dir`, `node.data.lang`) as hast `data`, for {@link isolateDirections}.
 */
import type { Element, ElementContent } from 'hast';
import type { Nodes } from 'mdast';
import type { Handler } from 'mdast-util-to-hast';
import '../hast-data.js';

/** Copies `dir`/`lang` from an mdast node's `data` onto a hast element's `data` (in place). */
export function markDir(from: Nodes | undefined, to: ElementContent): void {
  const d = from?.data;
  if (!d || to.type !== 'element' || (!d.dir && !d.lang)) return;
  const data = (to.data ?? {}) as NonNullable<Element['data']>;
  data.dir = d.dir;
  data.lang = d.lang;
  to.data = data;
}

/** Returns `handler` with its result marked by {@link markDir}. */
export function withDir(handler: Handler): Handler {
  return (state, node: Nodes, parent) => {
    const result = handler(state, node, parent);
    if (result && !Array.isArray(result)) markDir(node, result);
    return result;
  };
}

/**
 * Returns `handler` with the mdast block's anchor id (`data.id`: a table caption, a reference
 * entry; see `model/anchors.ts`) as the element's `id`, the target of the links to it. A list
 * item of a tight list has no `<p>` (mdast-util-to-hast unwraps it): the `<li>` takes the id of
 * its first paragraph.
 */
export function withAnchor(handler: Handler): Handler {
  return (state, node: Nodes, parent) => {
    const result = handler(state, node, parent);
    if (!result || Array.isArray(result) || result.type !== 'element') return result;
    let id = node.data?.id;
    if (node.type === 'listItem' && node.children[0]?.type === 'paragraph' && !result.children.some((c) => c.type === 'element' && c.tagName === 'p')) id = node.children[0].data?.id;
    if (id) result.properties = { ...result.properties, id };
    return result;
  };
}

/** Type guard: `node` is a hast element. */
export const isElement = (node: unknown): node is Element => (node as Element | undefined)?.type === 'element';
