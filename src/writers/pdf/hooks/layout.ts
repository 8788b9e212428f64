/**
 * Hooks 1 and 4 to 9 (see install.ts): pdfmake's layout, line by line. Each returns the
 * replacement of one pdfmake method from the original and what it needs of pdfmake (a class, a
 * function found by the installer); the logic is in `layout/`.
 */
import { fillAutoColumns, fillsWidth, fitStarColumns, type BuildColumnWidths, type MeasuredColumn } from '../layout/column-widths.js';
import { buildInlines, type MeasuredInline } from '../layout/inlines.js';
import { ascenderHeight, buildNextLine, type BreakLine, type LineBuilderHooks, type TextNode } from '../layout/line-break.js';
import { isFootnoteStore } from '../layout/footnotes.js';
import { layoutBidiLine, type BidiLine } from '../layout/line-layout.js';
import { measureInlines, type MeasureHooks, type MeasureInline, type StyleProperty } from '../layout/measure.js';
import { columnWidthsProbe, layOutStack, lineHeightsProbe, noteStart, type LaidNode, type LayoutPass } from '../layout/stack.js';
import { clearTableState } from '../layout/table-passes.js';
import { placeBox, type BoxContext } from '../layout/box-split.js';
import { parseRunFeatures } from '../protocol.js';
import { clusterWidths } from '../text/font-layout.js';
import { shapeWords } from '../text/word-shaping.js';

/** The part of pdfmake's `ElementWriter` and `LayoutBuilder.writer` the hooks read. */
interface WriterContext {
  context(): { availableWidth: number };
}

/** Hook 1, `ElementWriter.prototype.alignLine`: a line of marked runs ordered, placed and justified by `layout/line-layout.ts`. */
export function alignLineHook(alignLine: (this: WriterContext, line: BidiLine) => void): (this: WriterContext, line: BidiLine) => void {
  return function (this: WriterContext, line: BidiLine): void {
    if (line.inlines.length > 0 && line.inlines[0]!._bidiLevel !== undefined) return layoutBidiLine(line, this.context().availableWidth);
    alignLine.call(this, line);
  };
}

/** Hook 4, `columnCalculator.buildColumnWidths`: a browser's automatic layout for tables that fill the width, star columns squeezed to fit. */
export function columnWidthsHook(buildColumnWidths: BuildColumnWidths): BuildColumnWidths {
  return function (this: unknown, columns: MeasuredColumn[], availableWidth: number, offsetTotal?: number, tableNode?: Record<string, unknown>): void {
    if (fillsWidth(columns, tableNode)) return fillAutoColumns(columns, availableWidth);
    buildColumnWidths.call(this, columns, availableWidth, offsetTotal, tableNode);
    fitStarColumns(columns, availableWidth);
  };
}

/** The line builder's hooks (5 and the dry runs of 8): pdfmake's `Line` class, and cluster widths. */
export function lineBuilderHooks(Line: new (maxWidth: number) => BreakLine): LineBuilderHooks {
  return {
    newLine: (maxWidth: number): BreakLine => {
      // a line's ascender from its inlines' own (code's fallback fonts keep the code face's baseline)
      const line = new Line(maxWidth) as BreakLine & { getAscenderHeight(): number };
      line.getAscenderHeight = () => ascenderHeight(line.inlines);
      return line;
    },
    clusters: clusterWidths,
  };
}

/** Hook 5, `LayoutBuilder.prototype.buildNextLine`: in linear time, a word wider than its line cut at grapheme clusters. */
export function nextLineHook(hooks: LineBuilderHooks): (this: { writer: WriterContext }, node: TextNode) => BreakLine | null {
  return function (this: { writer: WriterContext }, node: TextNode): BreakLine | null {
    return buildNextLine(node, this.writer.context().availableWidth, hooks);
  };
}

/** pdfmake's `TextBreaker` class, as hook 6 uses it. */
type Breaker = new () => { getBreaks(texts: unknown[], styleContextStack: unknown): object[] };

/** Hook 6, `TextInlines.prototype.buildInlines`: a text node's words in linear time. */
export function buildInlinesHook(TextBreaker: Breaker, getStyleProperty: StyleProperty) {
  return function (this: { measure(items: object[], styleContextStack: unknown): MeasuredInline[] }, textArray: unknown, styleContextStack: unknown): { items: MeasuredInline[]; minWidth: number; maxWidth: number } {
    return buildInlines(textArray, styleContextStack, {
      breaks: (texts, stack) => new TextBreaker().getBreaks(texts, stack),
      measure: (items, stack) => this.measure(items, stack),
      noWrap: (stack) => !!getStyleProperty({}, stack, 'noWrap', false),
    });
  };
}

/** Hook 7, `TextInlines.prototype.measure`: the style resolved once per row of words. */
export function measureHook(getStyleProperty: StyleProperty) {
  return function (this: { pdfDocument: { provideFont: MeasureHooks['provideFont'] }; widthOfText: MeasureHooks['widthOfText'] }, array: MeasureInline[], styleContextStack: unknown): MeasureInline[] {
    return measureInlines(array, styleContextStack, {
      getStyleProperty,
      provideFont: (family, bold, italics) => this.pdfDocument.provideFont(family, bold, italics),
      widthOfText: (text, inline) => this.widthOfText(text, inline),
      shapedTogether: (features) => parseRunFeatures(features) !== undefined,
      shapeWords,
    });
  };
}

/** Hook 8 on `LayoutBuilder.prototype.processNode`: notes the page each node starts on, for keep-with-next. */
export function processNodeHook(processNode: (this: LayoutPass, node: LaidNode, ...rest: unknown[]) => unknown): (this: LayoutPass, node: LaidNode, ...rest: unknown[]) => unknown {
  return function (this: LayoutPass, node: LaidNode, ...rest: unknown[]): unknown {
    if (isFootnoteStore(node)) return; // 15: set at the pages' feet, not in the flow
    const result = processNode.call(this, node, ...rest);
    noteStart(this, node);
    return result;
  };
}

/** Hook 8, `LayoutBuilder.prototype.processVerticalContainer`: a stack laid out with keep-with-next decided as it goes. */
export function verticalContainerHook(hooks: LineBuilderHooks, buildColumnWidths: (...args: Parameters<BuildColumnWidths>) => void): (this: LayoutPass, node: { stack: LaidNode[]; positions: unknown[] }) => void {
  const probes = { lineHeights: lineHeightsProbe(hooks), columnWidths: columnWidthsProbe(buildColumnWidths) };
  return function (this: LayoutPass, node: { stack: LaidNode[]; positions: unknown[] }): void {
    layOutStack(this, node, probes);
  };
}

/** What hook 9 reads of pdfmake's writer. */
interface TableWriter {
  setMaxListeners?(n: number): unknown;
  context(): unknown;
  moveToNextPage(): void;
}

/**
 * Hook 9, `LayoutBuilder.prototype.processTable`: a table laid out afresh in every layout pass; a
 * box (a one-cell table) broken over a page end by the rules of `layout/box-split.ts`.
 */
export function processTableHook(
  processTable: (this: unknown, node: Record<string, unknown>) => void,
  hooks: LineBuilderHooks,
): (this: { writer?: TableWriter }, node: Record<string, unknown>) => void {
  const lineHeights = lineHeightsProbe(hooks);
  return function (this: { writer?: TableWriter }, node: Record<string, unknown>): void {
    clearTableState(node);
    // every table open around this one listens to the writer's page changes (pdfmake's
    // TableProcessor and processRow, removed when the table ends): boxes nested eight deep passed
    // Node's default of 10 listeners, which printed a memory-leak warning
    this.writer?.setMaxListeners?.(0);
    const ctx = this.writer?.context() as BoxContext | undefined;
    const page = ctx?.page;
    const cut = ctx && this.writer ? placeBox(node, ctx, lineHeights, () => this.writer!.moveToNextPage()) : 0;
    processTable.call(this, node);
    if (cut && ctx!.page === page) ctx!.availableHeight += cut;
  };
}
