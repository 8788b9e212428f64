/**
 * Raw HTML as the parser resolved it (`parse/plugins/raw-html.ts`): each node carries its HTML
 * as written, already parsed (`data.hast`), and the page takes those nodes as they are. An
 * opening tag's element gets the node's children (the siblings up to its closing tag); a block
 * that leaves an element open gets the blocks after it ({@link encloseOpenBlocks}). Nothing here
 * parses HTML: the page is sanitised afterwards (sanitize.ts). The mdast the parser made of the
 * HTML itself (a block's paragraphs, an `<img>`'s alt text) is for PDF and DOCX.
 */
import type { Element, ElementContent, Nodes as HastNodes, Parents } from 'hast';
import type { Nodes } from 'mdast';
import type { Handler, State } from 'mdast-util-to-hast';
import '../hast-data.js';

/**
 * A copy of a node's parsed HTML, placed at `node`. An opening tag's element (the one element of
 * an inline node that is not whole) gets `inner`.
 */
function written(state: State, node: Nodes, inner?: ElementContent[]): ElementContent[] {
  const nodes = structuredClone(node.data?.hast ?? []);
  const [first] = nodes;
  if (inner && nodes.length === 1 && first?.type === 'element') first.children = inner;
  for (const n of nodes) state.patch(node, n);
  return nodes;
}

/** A block's top-level node → the element in it that its HTML left open. */
const OPENS = new WeakMap<ElementContent, Element>();

/** `htmlSpan`: its element around its children, or the HTML complete in itself. */
export const htmlSpan: Handler = (state, node: Nodes) => (node.data?.hast === undefined ? state.all(node) : written(state, node, node.data.htmlWhole ? undefined : state.all(node)));

/**
 * A block's HTML stands in the page as one placeholder element until {@link encloseOpenBlocks}
 * puts its nodes in its place: a handler's array would get a line break between every two of its
 * nodes (mdast-util-to-hast's `wrap`), unlike the HTML as written.
 */
const BLOCK = 'sahifa-html-block';

/**
 * `htmlBlock`: the block's HTML as written (in a placeholder, see {@link BLOCK}), with the
 * number of elements left open before it that it closes first (`</div>`).
 */
export const htmlBlock: Handler = (state, node: Nodes) => {
  const nodes = written(state, node);
  for (const n of nodes) {
    const open = n.type === 'element' ? openIn(n) : undefined;
    if (open) OPENS.set(n, open);
  }
  return { type: 'element', tagName: BLOCK, properties: { closes: node.data?.htmlCloses ?? 0 }, children: nodes };
};

/**
 * Wraps a mark's handler (`strong`, `emphasis`, `delete`, `link`) so that a mark the parser made
 * from an HTML tag prints that tag instead.
 */
export function withRawTags(handler: Handler): Handler {
  return (state, node: Nodes, parent) => (node.data?.hast === undefined ? handler(state, node as never, parent) : written(state, node, state.all(node)));
}

/**
 * Puts each HTML block's nodes in place of its placeholder, and moves the siblings after an
 * element a block left open (`data.htmlOpen`) into it, up to the block that closes it or the end
 * of the parent, as a browser nests them. In place, over the whole tree.
 */
export function encloseOpenBlocks(node: HastNodes): void {
  if (!('children' in node)) return;
  const out: ElementContent[] = [];
  // open elements, innermost last: where the next sibling goes
  const open: Element[] = [];
  const place = (child: ElementContent): void => {
    (open[open.length - 1]?.children ?? out).push(child);
    const opened = OPENS.get(child);
    if (opened) open.push(opened);
  };
  for (const child of node.children as ElementContent[]) {
    encloseOpenBlocks(child);
    if (child.type === 'element' && child.tagName === BLOCK) {
      open.length = Math.max(0, open.length - Number(child.properties['closes']));
      child.children.forEach(place);
    } else place(child);
  }
  (node as Parents).children = out as Parents['children'];
}

/** The element marked `data.htmlOpen` in `el` (or `el` itself), with its mark cleared. */
function openIn(el: Element): Element | undefined {
  if (el.data?.htmlOpen) {
    delete el.data.htmlOpen;
    return el;
  }
  for (const c of el.children) {
    const found = c.type === 'element' ? openIn(c) : undefined;
    if (found) return found;
  }
  return undefined;
}
