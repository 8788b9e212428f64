/**
 * Where a box (a component: a one-cell table, `components.ts`) breaks over a page end, decided
 * before pdfmake lays it out (the `LayoutBuilder.processTable` hook of `install.ts`): its title is
 * kept with at least two lines of its content, and neither side of the break has a single line
 * (CSS's `orphans: 2; widows: 2` for the box as a whole). The box's lines are found by a dry run of
 * the line builder over its title, paragraphs and list items; when the break would leave too few
 * on the first side the box starts on the next page, and when it would leave one line alone on the
 * next page the room of the first is cut to send one more line over. No pdfmake imports: works on
 * objects shaped like pdfmake's nodes and layout context.
 */
import type { KeepNode, LineHeights } from './keep-with-next.js';

/** The boxes the writer made, with whether each has a title (kept off the nodes, which the golden tests print). */
const boxes = new WeakMap<object, { title: boolean }>();

/** Marks a pdfmake table node as a box (`components.ts`). */
export function markBox(node: object, title: boolean): void {
  boxes.set(node, { title });
}

/** What of pdfmake's table node and layout is read here; lengths in pt. */
interface BoxNode extends KeepNode {
  table: { body: KeepNode[][] };
  /** The table's layout functions, resolved by pdfmake's measuring. */
  _layout?: {
    hLineWidth?(i: number, node: unknown): number;
    vLineWidth?(i: number, node: unknown): number;
    paddingTop?(i: number, node: unknown): number;
    paddingBottom?(i: number, node: unknown): number;
    paddingLeft?(i: number, node: unknown): number;
    paddingRight?(i: number, node: unknown): number;
  };
}

/** The layout context, as far as it is read and changed here. */
export interface BoxContext {
  page: number;
  y: number;
  availableHeight: number;
  availableWidth: number;
  pageMargins: { top: number };
}

/**
 * The bottoms (pt, from the top of the box's content) of the lines of `items` laid out at `width`
 * pt, and how many of the first belong to the title; undefined past a block whose lines are not
 * worked out here (a table, a figure), `complete: false`.
 */
function lineBottoms(items: readonly KeepNode[], width: number, lineHeights: LineHeights): { bottoms: number[]; complete: boolean; height: number } {
  const bottoms: number[] = [];
  let y = 0;
  for (const item of items) {
    const margin = item._margin ?? [0, 0, 0, 0];
    y += margin[1]!;
    if (item.text !== undefined && Array.isArray(item._inlines)) {
      for (const h of lineHeights(item, width - margin[0]! - margin[2]!, Infinity)) bottoms.push((y += h));
    } else if (Array.isArray(item['columns'])) {
      // a list item: its text column (width `*`) beside a marker of fixed width
      const columns = item['columns'] as KeepNode[];
      const body = columns.find((c) => c['width'] === '*');
      const fixed = columns.reduce((sum, c) => sum + (typeof c['width'] === 'number' ? c['width'] : 0), 0);
      const stack = body?.['stack'];
      if (!Array.isArray(stack)) return { bottoms, complete: false, height: y };
      const inner = lineBottoms(stack as KeepNode[], width - fixed - margin[0]! - margin[2]!, lineHeights);
      for (const b of inner.bottoms) bottoms.push(y + b);
      if (!inner.complete) return { bottoms, complete: false, height: y };
      y += inner.height;
    } else return { bottoms, complete: false, height: y };
    y += margin[3]!;
  }
  return { bottoms, complete: true, height: y };
}

/**
 * Before pdfmake lays out `node` at the context's place: moves to the next page (`moveToNextPage`)
 * or cuts the room on this one so the box breaks by the rules above. Returns the height cut (pt),
 * to be given back when the box ends on the page it started on.
 */
export function placeBox(node: object, ctx: BoxContext, lineHeights: LineHeights, moveToNextPage: () => void): number {
  const box = boxes.get(node);
  const table = node as BoxNode;
  const cell = table.table?.body?.[0]?.[0];
  const stack = cell?.['stack'];
  const layout = table._layout;
  if (!box || !Array.isArray(stack) || !layout) return 0;
  const atTop = ctx.y <= ctx.pageMargins.top + 0.5;
  if (atTop) return 0;
  const fn = (f: ((i: number, n: unknown) => number) | undefined, i: number): number => (f ? f(i, node) : 0);
  const width = ctx.availableWidth - fn(layout.paddingLeft, 0) - fn(layout.paddingRight, 0) - fn(layout.vLineWidth, 0) - fn(layout.vLineWidth, 1);
  // TableProcessor.beginRow: the top rule and padding above the content, the bottom rule and padding kept free below
  const room = ctx.availableHeight - fn(layout.hLineWidth, 0) - fn(layout.paddingTop, 0) - fn(layout.hLineWidth, 1) - fn(layout.paddingBottom, 0);
  const items = stack as KeepNode[];
  const titleLines = box.title && items[0] ? lineBottoms([items[0]], width, lineHeights).bottoms.length : 0;
  const { bottoms, complete } = lineBottoms(items, width, lineHeights);
  const fits = bottoms.filter((b) => b <= room).length;
  if (fits >= bottoms.length) return 0; // no break inside the box (as far as its lines are known)
  const least = titleLines + 2;
  if (fits < least) {
    moveToNextPage();
    return 0;
  }
  if (!complete || bottoms.length - fits !== 1) return 0;
  // one line alone on the next page: send one more over, when the first side keeps enough
  if (fits - 1 < least) {
    moveToNextPage();
    return 0;
  }
  const cut = room - bottoms[fits - 2]! - 0.01;
  ctx.availableHeight -= cut;
  return cut;
}
