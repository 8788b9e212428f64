/**
 * Raw HTML as the parser resolved it (`parse/plugins/raw-html.ts`): the page prints the tags as
 * written (`data.html`, `data.htmlClose`) as `raw` nodes around the children they enclose, and
 * `rawHtml` (sanitize.ts) turns them into elements, so the page is what a browser makes of the
 * brief's HTML. The mdast the parser made of the HTML itself (a block's paragraphs, the alt text
 * of an `<img>`) is for PDF and DOCX: the page has the HTML.
 */
import type { ElementContent } from 'hast';
import type { Nodes } from 'mdast';
import type { Handler, State } from 'mdast-util-to-hast';

/** A `raw` node (hast-util-raw's) for `value`, placed at `node`. */
function rawNode(state: State, node: Nodes, value: string): ElementContent {
  const result = { type: 'raw', value } as unknown as ElementContent;
  state.patch(node, result);
  return result;
}

/** The tags of `node` around `inner` (see the module comment). */
function tagged(state: State, node: Nodes, inner: ElementContent[]): ElementContent[] {
  const data = node.data;
  if (data?.html === undefined) return inner;
  return [rawNode(state, node, data.html), ...inner, ...(data.htmlClose !== undefined ? [rawNode(state, node, data.htmlClose)] : [])];
}

/** `htmlSpan`: its tags, and the siblings they enclose (not a whole node's own content). */
export const htmlSpan: Handler = (state, node: Nodes) => tagged(state, node, node.data?.htmlWhole ? [] : state.all(node));

/** `htmlBlock`: the block's HTML as written. */
export const htmlBlock: Handler = (state, node: Nodes) => tagged(state, node, []);

/**
 * Wraps a mark's handler (`strong`, `emphasis`, `delete`, `link`) so that a mark the parser made
 * from an HTML tag prints that tag instead.
 */
export function withRawTags(handler: Handler): Handler {
  return (state, node: Nodes, parent) => (node.data?.html === undefined ? handler(state, node as never, parent) : tagged(state, node, state.all(node)));
}
