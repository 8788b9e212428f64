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
 * cannot tell (the block after is a box; the stack ends), nothing is done and pdfmake's own pass
 * applies the rule as before, so the pages come out the same either way, only laid out fewer times.
 *
 * Two cases pdfmake's pass gets wrong are decided here only:
 * - a block after the heading that pdfmake moves whole to the next page (an unbreakable block such
 *   as a figure, a table's first row) is recorded as starting at the foot of the heading's page,
 *   so the pass sees something below the heading: a lower bound of the height the block needs
 *   before anything of it can be placed ({@link startsOnNextPage}) tells that it moves;
 * - a rule (`---`, a canvas under 2 pt high) always stays on the heading's page, pdfmake draws it in any
 *   room left: the rule looks through it to the block after it ({@link isRule}), so heading and
 *   rule move to the next page together when that block does.
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

/**
 * The content widths in pt pdfmake will give a table's columns in a column `width` pt wide (its
 * `ColumnCalculator.buildColumnWidths` on copies of the table's measured widths, the table's
 * paddings and rules taken off first, as `TableProcessor.beginTable` does); undefined when they
 * cannot be worked out before the table is laid out.
 */
export type ColumnWidths = (table: KeepNode, width: number) => readonly number[] | undefined;

/** Node kinds other than text pdfmake lays out: a node with one of these keys is not a text leaf. */
const CONTAINERS = ['stack', 'columns', 'ul', 'ol', 'table', 'image', 'svg', 'canvas', 'qr', 'toc', 'section', 'attachment'];

/** Kinds pdfmake tries before text (`LayoutBuilder.processNode`) whose height is not worked out here. */
const UNMEASURED = ['section', 'columns', 'ul', 'ol', 'table'];

/**
 * The height in pt of the first line of a text node: at `width` pt, by the dry run of the line
 * builder; where the width is not known before pdfmake lays the node out (in columns, whose widths
 * it works out then), a lower bound: the first word's height (pdfmake's `Line.getHeight` is the
 * height of the line's highest word). Undefined for a text with no words.
 */
function firstLine(node: KeepNode, width: number | undefined, lineHeights: LineHeights): number | undefined {
  if (!Array.isArray(node._inlines)) return undefined;
  if (width !== undefined) return lineHeights(node, width, 1)[0];
  return measured((node._inlines[0] as { height?: unknown } | undefined)?.height);
}

/** Not placed at an absolute or relative position (pdfmake gives such a node no margins and no room in the flow). */
function attached(node: KeepNode): boolean {
  return node['absolutePosition'] === undefined && node['relativePosition'] === undefined;
}

/** Laid out where the flow is: attached, with no page break of its own. */
function inFlow(node: KeepNode): boolean {
  return node.pageBreak === undefined && attached(node);
}

/** A node pdfmake lays out as lines of text (`processLeaf`), with no page break of its own. */
function isPlainText(node: KeepNode): boolean {
  if (node.text === undefined || !Array.isArray(node._inlines) || !inFlow(node)) return false;
  for (const key of CONTAINERS) if (node[key] !== undefined) return false;
  return node['unbreakable'] === undefined;
}

/** `value` when it is a finite number ≥ 0 (a height in pt pdfmake measured), else undefined. */
function measured(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The tallest canvas taken for a rule, pt (the thematic break's bar is 0.75 pt). */
const RULE_HEIGHT = 2;

/**
 * Whether `node` is a rule: a canvas at most {@link RULE_HEIGHT} pt high in the flow (the thematic
 * break's bar, see `../handlers/thematic-break.ts`). pdfmake gives a canvas the height of its lowest
 * vector point (`DocMeasure.measureCanvas`) and moves it to the next page only when less room is
 * left than that (`ElementWriter.addCanvas`), so a rule hardly ever moves by itself: under a heading
 * at a page foot it stays there, and pdfmake's pass sees a block below the heading although nothing
 * to read follows it on the page. The keep-with-next rule looks through it, as through a heading
 * after the heading.
 */
export function isRule(node: KeepNode): boolean {
  const height = measured(node['_minHeight']);
  return Array.isArray(node['canvas']) && height !== undefined && height <= RULE_HEIGHT && inFlow(node) && !node['unbreakable'];
}

/**
 * The nodes {@link breakBeforeHeading} looks at for the heading `stack[i]`: the heading, the
 * headings and rules ({@link isRule}) right after it, and the block after those when the stack
 * has one.
 */
export function keepChain(stack: readonly KeepNode[], i: number): KeepNode[] {
  let end = i + 1;
  while (end < stack.length && (stack[end]!.headlineLevel !== undefined || isRule(stack[end]!))) end++;
  return stack.slice(i, end + 1);
}

/**
 * `y` pt plus the height in pt pdfmake's layout gives `node` (its content, without its own margins)
 * laid out whole in a column `width` pt wide (after its own side margins), as inside an unbreakable
 * block, where nothing moves to another page. The heights are added in pdfmake's order
 * (`LayoutBuilder.processNode`: each block's top margin, its content, its bottom margin), so the sum
 * is pdfmake's own: a text's lines (`processLeaf`, one `addLine` each), an image's or SVG's
 * `_height` (`ElementWriter.addImage`), a canvas's `_minHeight` (`addCanvas`), a stack's blocks one
 * under the other. Other kinds (lists, tables, columns; a text cut by `maxHeight`) count 0 pt of
 * content, a text whose column width is not known its first line ({@link firstLine}) and a block at
 * an absolute or relative position nothing, so the sum stays a lower bound.
 */
function contentHeight(node: KeepNode, width: number | undefined, y: number, lineHeights: LineHeights): number {
  const stack = node['stack'];
  if (Array.isArray(stack)) {
    for (const child of stack as KeepNode[]) {
      if (!attached(child)) continue;
      const margin = child._margin;
      if (margin) y += margin[1]!;
      y = contentHeight(child, margin && width !== undefined ? width - (margin[0]! + margin[2]!) : width, y, lineHeights);
      if (margin) y += margin[3]!;
    }
    return y;
  }
  for (const key of UNMEASURED) if (node[key] !== undefined) return y;
  if (node.text !== undefined) {
    if (!Array.isArray(node._inlines) || node['maxHeight'] !== undefined) return y;
    if (width === undefined) return y + (firstLine(node, width, lineHeights) ?? 0);
    for (const h of lineHeights(node, width, Infinity)) y += h;
    return y;
  }
  if (node['toc'] !== undefined) return y;
  if (node['image'] !== undefined || node['svg'] !== undefined) return y + (measured(node['_height']) ?? 0);
  if (node['canvas'] !== undefined) return y + (measured(node['_minHeight']) ?? 0);
  return y;
}

/**
 * Whether a table certainly starts on the next page when `left` pt are left on this one below its
 * top margin: less room than a lower bound of its first row's height. The bound, by pdfmake's table
 * arithmetic (`TableProcessor.beginRow`): the rule above the row, its top padding and, per cell,
 * the cell's top margin and its first word's height (its tallest line can only be taller); for a
 * header row, which pdfmake never splits, also the cell's bottom margin, the row's bottom padding
 * and the rule below, and, where the column widths are known (`columnWidths` at `width` pt), every
 * line of each header cell, not just its first word (a header wraps in a narrow column). pdfmake
 * moves such a row to the next page but records the table as starting at the foot of this one, so
 * its own `pageBreakBefore` pass left a heading alone above it.
 */
function tableStartsOnNextPage(node: KeepNode, left: number, width?: number, lineHeights?: LineHeights, columnWidths?: ColumnWidths): boolean {
  const table = node['table'] as { body?: unknown; headerRows?: unknown } | undefined;
  const rows = table?.body;
  if (!Array.isArray(rows) || !Array.isArray(rows[0])) return false;
  const whole = typeof table!.headerRows === 'number' && table!.headerRows >= 1;
  const layout = node['_layout'] as Record<string, unknown> | undefined;
  const size = (name: string, i: number): number => {
    const f = layout?.[name];
    const v = typeof f === 'function' ? Number((f as (i: number, node: KeepNode) => unknown)(i, node)) : 0;
    return Number.isFinite(v) && v > 0 ? v : 0;
  };
  const widths = whole && width !== undefined && lineHeights && columnWidths ? columnWidths(node, width) : undefined;
  let content = 0;
  (rows[0] as unknown[]).forEach((cell, i) => {
    const c = cell as KeepNode | null;
    const first = c?._inlines?.[0] as { height?: number } | undefined;
    if (typeof first?.height !== 'number') return;
    const m = c!._margin;
    let height = first.height;
    const w = widths?.[i];
    if (w !== undefined && isPlainText(c!) && c!['colSpan'] === undefined) {
      // the whole header cell: all its lines at the column's width (less the cell's side margins)
      const lines = lineHeights!(c!, m ? w - (m[0]! + m[2]!) : w, Infinity);
      if (lines.length) height = lines.reduce((a, b) => a + b, 0);
    }
    content = Math.max(content, (m ? m[1]! + (whole ? m[3]! : 0) : 0) + height);
  });
  if (content <= 0) return false;
  const row = size('hLineWidth', 0) + size('paddingTop', 0) + content + (whole ? size('paddingBottom', 0) + size('hLineWidth', 1) : 0);
  return left < row;
}

/**
 * Whether `node`, a block after a heading, certainly starts on the next page when `left` pt are
 * left on this one, in a column `width` pt wide (before its side margins): its top margin does not
 * fit (`LayoutBuilder.processNode` then moves it), or less room is left than a lower bound of what
 * pdfmake must place before any of the block can stand on this page:
 * - an unbreakable block (a figure: image and caption): all of it, {@link contentHeight}; pdfmake
 *   lays it out apart and moves it whole when it is taller than the room left
 *   (`PageElementWriter.commitUnbreakableBlock`, `ElementWriter.addFragment`);
 * - an image or SVG: its height; a canvas: its `_minHeight` (`ElementWriter.addImage`, `addCanvas`);
 *   these three only when they would fit below the heading on a new page, which has `spare` pt more
 *   room than this one (pdfmake leaves out an unbreakable block taller than a page, and an image
 *   that does not fit below the heading there either would leave the heading alone on its page);
 * - a table: its first row ({@link tableStartsOnNextPage});
 * - a text: its first line (`ElementWriter.addLine`; {@link firstLine});
 * - a stack: its first block, by these rules;
 * - columns (a list item: marker and text side by side): the first block of every column, by these
 *   rules, each column being laid out on its own (`LayoutBuilder.processRow`); `width` is then
 *   undefined (pdfmake works the column widths out as it lays the columns out).
 *
 * pdfmake records an unbreakable block it moved to the next page as starting where it was laid
 * out apart, at the foot of the heading's page (`ElementWriter.getCurrentPositionOnPage` reads the
 * page's context, not the block's), and a table whose first row it moved likewise, so its own
 * `pageBreakBefore` pass sees something below the heading and leaves the heading alone there; this
 * bound is what tells the block moves. False for other kinds (pdfmake's own lists, sections) and
 * blocks out of the flow: not decided here.
 */
function startsOnNextPage(node: KeepNode, left: number, width: number | undefined, spare: number, lineHeights: LineHeights, columnWidths?: ColumnWidths): boolean {
  if (!inFlow(node)) return false;
  const margin = node._margin;
  if (margin) {
    if (left - margin[1]! < 0) return true;
    left -= margin[1]!;
    if (width !== undefined) width -= margin[0]! + margin[2]!;
  }
  const whole = (height: number | undefined): boolean => height !== undefined && left < height && height <= left + spare;
  if (node['unbreakable']) return whole(contentHeight(node, width, 0, lineHeights));
  const stack = node['stack'];
  if (Array.isArray(stack)) return stack.length > 0 && startsOnNextPage(stack[0] as KeepNode, left, width, spare, lineHeights, columnWidths);
  const columns = node['columns'];
  if (Array.isArray(columns)) return columns.length > 0 && columns.every((column) => startsOnNextPage(column as KeepNode, left, undefined, spare, lineHeights));
  if (node['table'] !== undefined) return tableStartsOnNextPage(node, left, width, lineHeights, columnWidths);
  for (const key of UNMEASURED) if (node[key] !== undefined) return false;
  if (node.text !== undefined) {
    const first = firstLine(node, width, lineHeights);
    return first !== undefined && left < first;
  }
  if (node['toc'] !== undefined) return false;
  return whole(node['image'] !== undefined || node['svg'] !== undefined ? measured(node['_height']) : node['canvas'] !== undefined ? measured(node['_minHeight']) : undefined);
}

/**
 * Whether the page must break before `chain[0]`, a heading, by the keep-with-next rule: it is not
 * the first block on its page, and the first block after it that is not a heading or a rule
 * (`chain` holds the heading and the nodes after it in its stack, see {@link keepChain}) would
 * start on the next page; also when a heading or rule after it would. False when the rule would
 * not break or when the dry run cannot tell (then pdfmake's own pass decides).
 *
 * Mirrors pdfmake 0.3's arithmetic: a top or bottom margin larger than the height left moves to
 * the next page (`LayoutBuilder.processNode`), a line goes to the next page when the height left is
 * less than its height (`ElementWriter.addLine`), side margins narrow the column; for other blocks
 * see {@link startsOnNextPage}.
 *
 * @param available the height in pt left on the page before the heading's top margin
 * @param width the column width in pt before the heading's side margins
 * @param firstOnPage no block laid out before the heading starts on this page
 * @param pageHeight the height in pt a new page has for the body (page height less top and bottom
 *   margins: pdfmake's `DocumentContext.initializePage`); unknown: unlimited
 * @param columnWidths a table's column widths before it is laid out (for its header row's height);
 *   without it a header cell counts its first word only
 */
export function breakBeforeHeading(chain: readonly KeepNode[], available: number, width: number, firstOnPage: boolean, lineHeights: LineHeights, pageHeight = Infinity, columnWidths?: ColumnWidths): boolean {
  if (firstOnPage || !(chain[0]?.headlineLevel! >= 1)) return false;
  const spare = Math.max(0, pageHeight - available);
  let left = available;
  let onNextPage = false;
  for (let k = 0; k < chain.length; k++) {
    const node = chain[k]!;
    const heading = node.headlineLevel !== undefined;
    if (node.headlineLevel === 0) return false;
    if (k > 0 && isRule(node)) {
      // a rule: its top margin, its bar, its bottom margin; where it starts the next page, the
      // heading is alone above it
      if (onNextPage) return true;
      left -= measured(node['_minHeight']) ?? 0;
      const margin = node._margin;
      if (margin) {
        if (left - margin[1]! < 0) return true;
        left -= margin[1]!;
        if (left - margin[3]! < 0) onNextPage = true;
        else left -= margin[3]!;
      }
      continue;
    }
    // a bottom margin above that did not fit moved the flow to the next page: an attached block
    // starts there whatever it is
    if (!isPlainText(node)) return k > 0 && (onNextPage ? inFlow(node) : startsOnNextPage(node, left, width, spare, lineHeights, columnWidths));
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
      // a heading running over the page end: whatever follows it starts on the next page, so
      // nothing stands below it on this one, and pdfmake's pass moves it (every heading before it
      // in the chain too) when a block follows in the flow; the end of the stack is not decided here
      if (left < heights[i]!) return chain.length > k + 1 && inFlow(chain[chain.length - 1]!);
      left -= heights[i]!;
    }
    if (margin) {
      if (left - margin[3]! < 0) onNextPage = true;
      else left -= margin[3]!;
    }
  }
  return false;
}
