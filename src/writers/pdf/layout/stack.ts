/**
 * A stack's blocks laid out with the keep-with-next rule for headings (the
 * `LayoutBuilder.processVerticalContainer` and `processNode` hooks of `install.ts`): pdfmake's
 * loops, plus the rule decided during the layout where a dry run can tell
 * ({@link breakBeforeHeading}), instead of laying the whole document out again for each heading
 * moved to the next page. No pdfmake imports: works on pdfmake's layout pass as its shape says.
 */
import type { BuildColumnWidths, MeasuredColumn } from './column-widths.js';
import { breakBeforeHeading, keepChain, type ColumnWidths, type KeepNode, type LineHeights } from './keep-with-next.js';
import { buildNextLine, cloneInline, type BreakInline, type LineBuilderHooks, type TextNode } from './line-break.js';

/** A node as pdfmake lays it out: its positions once laid out (`pageNumber` from 1). */
export type LaidNode = KeepNode & { positions?: { pageNumber: number }[] };

/** The parts of pdfmake's `LayoutBuilder` (one per layout pass of a document) this module uses. */
export interface LayoutPass {
  writer: {
    context(): { page: number; availableHeight: number; availableWidth: number; pageMargins: { top: number; bottom: number }; getCurrentPage(): { pageSize: { height: number } } | null };
    moveToNextPage(orientation?: unknown): void;
  };
  processNode(node: LaidNode): unknown;
}

/** The dry runs {@link layOutStack} asks for: a text node's line heights, a table's column widths. */
export interface StackProbes {
  readonly lineHeights: LineHeights;
  readonly columnWidths: ColumnWidths;
}

/**
 * Per layout pass (pdfmake makes a new page writer for each): the last page (from 1) on which a
 * laid-out body node starts, or none. A heading is the first block on its page when it is not
 * the current page.
 */
const startPages = new WeakMap<object, number>();

/** Notes the page a node just laid out starts on (after pdfmake's `processNode`; its `pageBreakBefore` sees the same nodes). */
export function noteStart(pass: LayoutPass, node: LaidNode): void {
  const start = node.positions?.[0]?.pageNumber;
  if (start !== undefined && node.headlineLevel !== 0 && !(node.text === '' && !node['listMarker']) && start > (startPages.get(pass.writer) ?? 0)) startPages.set(pass.writer, start);
}

/** pdfmake's `processVerticalContainer`, moving a heading to the next page first when {@link breakBeforeHeading} says so. */
export function layOutStack(pass: LayoutPass, node: { stack: LaidNode[]; positions: unknown[] }, probes: StackProbes): void {
  const stack = node.stack;
  for (let i = 0; i < stack.length; i++) {
    const item = stack[i]!;
    if (item.headlineLevel !== undefined && item.headlineLevel >= 1) {
      const context = pass.writer.context();
      const firstOnPage = (startPages.get(pass.writer) ?? 0) !== context.page + 1;
      // the body height of a new page (pdfmake's DocumentContext.initializePage)
      const page = context.getCurrentPage();
      const pageHeight = page ? page.pageSize.height - context.pageMargins.top - context.pageMargins.bottom : Infinity;
      if (breakBeforeHeading(keepChain(stack, i), context.availableHeight, context.availableWidth, firstOnPage, probes.lineHeights, pageHeight, probes.columnWidths)) pass.writer.moveToNextPage(item['pageOrientation']);
    }
    pass.processNode(item);
    for (const position of item.positions ?? []) node.positions.push(position);
  }
}

/** Line heights (pt) of a text node broken at a width by this layer's line builder, on copies of its words. */
export function lineHeightsProbe(hooks: LineBuilderHooks): LineHeights {
  return (node, width, max) => {
    const probe: TextNode = { _inlines: (node._inlines as BreakInline[]).map(cloneInline) };
    const heights: number[] = [];
    while (heights.length < max) {
      const line = buildNextLine(probe, width, hooks);
      if (!line) break;
      heights.push(line.getHeight());
    }
    return heights;
  };
}

/**
 * A table's column widths (pt) before pdfmake lays it out, by its own calculator (the hooked one)
 * on copies of the measured widths, with the table's paddings and rules taken off
 * (TableProcessor.beginTable). Undefined when the table is not measured yet.
 */
export function columnWidthsProbe(buildColumnWidths: BuildColumnWidths): ColumnWidths {
  return (table, width) => {
    const widths = (table['table'] as { widths?: unknown } | undefined)?.widths;
    const offsets = (table['_offsets'] as { total?: unknown } | undefined)?.total;
    if (!Array.isArray(widths) || typeof offsets !== 'number') return undefined;
    const copies = widths.map((w) => ({ ...(w as MeasuredColumn) }));
    buildColumnWidths(copies, width - offsets, offsets, table as Record<string, unknown>);
    const out = copies.map((c) => (c as { _calcWidth?: unknown })._calcWidth);
    return out.every((w): w is number => typeof w === 'number' && Number.isFinite(w)) ? out : undefined;
  };
}
