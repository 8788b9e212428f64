/**
 * Stage "keep" of the PDF writer: the keep-with-next rule for headings (`keepWithNext` in
 * `../index.ts`) decided while the page is being laid out, where it can be.
 *
 * pdfmake applies a `pageBreakBefore` rule after laying out the whole document: the first node it
 * answers true for gets a page break, and the whole document is laid out again from the first
 * page; so a brief where n headings move to the next page is laid out n + 1 times (a 100-page
 * brief: 13 times). Here, before a heading in a stack is laid out, the heading, the headings right
 * after it and the first line of the block after them are laid out in a dry run (the same line
 * builder, line heights and margin arithmetic as pdfmake's); when that block would start on the
 * next page and the heading is not the first block on its page, the page is broken before the
 * heading at once, which is what the rule would decide on the finished layout. Where the dry run
 * cannot tell (the block after is a list, image or box; a heading runs over a page end; the stack
 * ends), nothing is done and pdfmake's own pass applies the rule as before, so the pages come out
 * the same either way, only laid out fewer times. A table after the heading that certainly starts
 * on the next page also moves the heading: pdfmake's pass misses that case (see
 * {@link tableStartsOnNextPage}).
 *
 * No pdfmake imports: works on objects shaped like pdfmake's nodes; `install.ts` wires it in.
 */

/** A node of pdfmake's document tree as far as the rule looks at it (after pdfmake measured it). */
export interface KeepNode {
  /** ≥ 1 on headings (set by the heading handler), 0 on running header/footer content. */
  headlineLevel?: number;
  text?: unknown;
  /** The node's words, measured (text nodes only). */
  _inlines?: unknown[];
  /** [left, top, right, bottom] in pt, as pdfmake resolved them. */
  _margin?: readonly number[] | null;
  pageBreak?: string;
  [key: string]: unknown;
}

/**
 * Heights in pt of the first `max` lines a text node makes at `width` pt, laid out without
 * touching the node (a dry run of the line builder).
 */
export type LineHeights = (node: KeepNode, width: number, max: number) => number[];

/** Node kinds other than text pdfmake lays out: a node with one of these keys is not a text leaf. */
const CONTAINERS = ['stack', 'columns', 'ul', 'ol', 'table', 'image', 'svg', 'canvas', 'qr', 'toc', 'section', 'attachment'];

/** A node pdfmake lays out as lines of text (`processLeaf`), with no page break of its own. */
function isPlainText(node: KeepNode): boolean {
  if (node.text === undefined || !Array.isArray(node._inlines) || node.pageBreak !== undefined) return false;
  for (const key of CONTAINERS) if (node[key] !== undefined) return false;
  return node['absolutePosition'] === undefined && node['relativePosition'] === undefined && node['unbreakable'] === undefined;
}

/**
 * Whether a table certainly starts on the next page when `left` pt are left on this one: less room
 * than its top margin and a lower bound of its first row's height. The bound, by pdfmake's table
 * arithmetic (`TableProcessor.beginRow`): the rule above the row, its top padding and, per cell,
 * the cell's top margin and its first word's height (its tallest line can only be taller); for a
 * header row, which pdfmake never splits, also the cell's bottom margin, the row's bottom padding
 * and the rule below. pdfmake moves such a row to the next page but records the table as starting
 * at the foot of this one, so its own `pageBreakBefore` pass left a heading alone above it.
 */
function tableStartsOnNextPage(node: KeepNode, left: number): boolean {
  const table = node['table'] as { body?: unknown; headerRows?: unknown } | undefined;
  const rows = table?.body;
  if (!Array.isArray(rows) || !Array.isArray(rows[0]) || node.pageBreak !== undefined) return false;
  const margin = node._margin;
  if (margin) {
    if (left - margin[1]! < 0) return true;
    left -= margin[1]!;
  }
  const whole = typeof table!.headerRows === 'number' && table!.headerRows >= 1;
  const layout = node['_layout'] as Record<string, unknown> | undefined;
  const size = (name: string, i: number): number => {
    const f = layout?.[name];
    const v = typeof f === 'function' ? Number((f as (i: number, node: KeepNode) => unknown)(i, node)) : 0;
    return Number.isFinite(v) && v > 0 ? v : 0;
  };
  let content = 0;
  for (const cell of rows[0] as unknown[]) {
    const c = cell as KeepNode | null;
    const first = c?._inlines?.[0] as { height?: number } | undefined;
    if (typeof first?.height !== 'number') continue;
    const m = c!._margin;
    content = Math.max(content, (m ? m[1]! + (whole ? m[3]! : 0) : 0) + first.height);
  }
  if (content <= 0) return false;
  const row = size('hLineWidth', 0) + size('paddingTop', 0) + content + (whole ? size('paddingBottom', 0) + size('hLineWidth', 1) : 0);
  return left < row;
}

/**
 * Whether the page must break before `chain[0]`, a heading, by the keep-with-next rule: it is not
 * the first block on its page, and the first block after it that is not a heading (`chain` holds
 * the heading and the nodes after it in its stack) would start on the next page; also when a
 * heading after it would. False when the rule would not break or when the dry run cannot tell
 * (then pdfmake's own pass decides).
 *
 * Mirrors pdfmake 0.3's arithmetic: a top or bottom margin larger than the height left moves to
 * the next page (`LayoutBuilder.processNode`), a line goes to the next page when the height left is
 * less than its height (`ElementWriter.addLine`), side margins narrow the column.
 *
 * @param available the height in pt left on the page before the heading's top margin
 * @param width the column width in pt before the heading's side margins
 * @param firstOnPage no block laid out before the heading starts on this page
 */
export function breakBeforeHeading(chain: readonly KeepNode[], available: number, width: number, firstOnPage: boolean, lineHeights: LineHeights): boolean {
  if (firstOnPage || !(chain[0]?.headlineLevel! >= 1)) return false;
  let left = available;
  let onNextPage = false;
  for (let k = 0; k < chain.length; k++) {
    const node = chain[k]!;
    const heading = node.headlineLevel !== undefined;
    if (node.headlineLevel === 0) return false;
    if (!isPlainText(node)) return k > 0 && !onNextPage && tableStartsOnNextPage(node, left);
    const margin = node._margin;
    const heights = lineHeights(node, margin ? width - (margin[0]! + margin[2]!) : width, heading ? Infinity : 1);
    if (heights.length === 0) return false;
    // the heading's bottom margin did not fit: this node starts on the next page
    if (onNextPage) return true;
    if (margin) {
      // the node starts on the next page: the rule breaks for a node after the heading; the
      // heading itself then starts its page and stays there
      if (left - margin[1]! < 0) return k > 0;
      left -= margin[1]!;
    }
    if (left < heights[0]!) return k > 0;
    // text goes on below the heading on this page
    if (!heading) return false;
    left -= heights[0]!;
    for (let i = 1; i < heights.length; i++) {
      if (left < heights[i]!) return false; // a heading running over the page end: not decided here
      left -= heights[i]!;
    }
    if (margin) {
      if (left - margin[3]! < 0) onNextPage = true;
      else left -= margin[3]!;
    }
  }
  return false;
}
