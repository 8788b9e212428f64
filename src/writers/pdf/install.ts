/**
 * The ONLY module that touches pdfmake (0.3) and pdfkit internals. Ten hooks, installed once:
 *
 * 1. `ElementWriter.prototype.alignLine` (runs once per committed line, after line breaking and
 *    before rendering): lines whose inlines carry `_bidiLevel` go to {@link layoutBidiLine}
 *    (UAX #9 L1/L2 order, x positions, alignment, justification); other lines keep pdfmake's.
 * 2. The `layout` method of the pdfkit font objects pdfmake provides (`PDFDocument.provideFont`,
 *    which also reuses fonts parsed for an earlier document: {@link reuseParsedFont}, and the
 *    encoded font subsets of an earlier document: {@link patchSubset}):
 *    text whose font features carry a run marker (see {@link runFeatures}) is shaped by HarfBuzz
 *    ({@link shapeRun}) in the run's direction instead of by fontkit. pdfmake measures and pdfkit
 *    draws through this method, so widths and glyphs agree.
 * 3. `PDFDocument.prototype._fragment` (pdfkit draws one text piece): for marked runs the glyphs
 *    are written by {@link writeGlyphs}, which wraps every cluster of several glyphs (a letter with
 *    its harakat) in a `/Span << /ActualText >>` marked-content sequence, as Chromium does, so
 *    text extraction does not scatter the marks; a ligature glyph standing for several letters in
 *    an RTL run gets its ToUnicode entry in visual order, because extractors reverse RTL words
 *    glyph by glyph.
 * 4. `columnCalculator.buildColumnWidths` (a table's column widths): a table marked with
 *    {@link FILL_TABLE} gets a browser's automatic table layout at `width: 100%` (see
 *    {@link fillAutoColumns}); star columns whose widest word does not fit are squeezed into the
 *    width left ({@link fitStarColumns}).
 * 5. `LayoutBuilder.prototype.buildNextLine` (fills one line with a text node's next words):
 *    {@link buildNextLine}, pdfmake's line builder in linear time, which cuts a word wider than the
 *    line at the grapheme clusters HarfBuzz gives ({@link clusterWidths}).
 * 6. `TextInlines.prototype.buildInlines` (a text node's words, measured): pdfmake's, with its
 *    flattening of the text array in linear time ({@link flattenTextArray}; pdfmake's copies the
 *    result so far for each text object, O(n²) in a paragraph of many runs).
 * 7. `TextInlines.prototype.measure` (style, font and width of each word): {@link measureInlines},
 *    pdfmake's, resolving the style once for a row of words cut from the same text object.
 * 8. `LayoutBuilder.prototype.processVerticalContainer` and `processNode` (lay out a stack's
 *    blocks, one block): pdfmake's, plus the keep-with-next rule for headings decided during the
 *    layout where a dry run can tell ({@link breakBeforeHeading}), instead of by laying out the
 *    whole document again for each heading moved to the next page.
 * 9. `LayoutBuilder.prototype.processTable` (lays out one table): pdfmake's, with the page-break
 *    state it keeps on the table node cleared first ({@link clearTableState}), so a layout pass
 *    never reads the bottoms left by an earlier pass of the same document, and no limit on the
 *    writer's page-change listeners (nested boxes each add theirs).
 * 10. The key order of pdfkit's name trees (the named destinations the table of contents links to):
 *    the order of the keys' bytes as written, which ISO 32000-1 §7.9.6 requires, instead of
 *    `localeCompare` ({@link nameTreeKeyOrder}), whose first call loads ICU's collation data
 *    (~12 ms of every cold build).
 */
import { LRUCache } from 'lru-cache';
import ColumnCalculatorModule from 'pdfmake/js/columnCalculator.js';
import ElementWriterModule from 'pdfmake/js/ElementWriter.js';
import LayoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import LineModule from 'pdfmake/js/Line.js';
import PDFDocumentModule from 'pdfmake/js/PDFDocument.js';
import StyleContextStackModule from 'pdfmake/js/StyleContextStack.js';
import TextBreakerModule from 'pdfmake/js/TextBreaker.js';
import TextInlinesModule from 'pdfmake/js/TextInlines.js';
import { breakBeforeHeading, keepChain, type KeepNode } from './layout/keep-with-next.js';
import { buildNextLine, cloneInline, type BreakInline, type BreakLine, type Clusters, type TextNode } from './layout/line-break.js';
import { layoutBidiLine, type BidiInline, type BidiLine } from './layout/line-layout.js';
import type { LaidGlyph, Layout, Position } from './text/glyph-layout.js';
import { measureInlines, SOURCE, type MeasureHooks, type MeasureInline, type StyleProperty } from './layout/measure.js';
import { parseRunFeatures, type RunProperties } from './protocol.js';
import { anchorOf, contextLayout, fontLayout, scriptOfText, shapeWords, type WordOptions } from './text/word-shaping.js';

const PATCHED = Symbol.for('sahifa.bidi.patched');

interface Proto {
  [PATCHED]?: boolean;
  [key: string]: unknown;
}

function prototypeOf(mod: unknown, name: string, methods: string[]): Proto {
  // Node gives the CommonJS `exports` object (class under `default`); bundlers may unwrap it.
  const m = mod as { default?: { prototype: Proto }; prototype?: Proto };
  const proto = m.default?.prototype ?? m.prototype;
  for (const method of methods) {
    if (!proto || typeof proto[method] !== 'function') {
      throw new Error(`sahifa: pdfmake ${name}.${method} not found; the RTL layer needs pdfmake 0.3.x`);
    }
  }
  return proto!;
}

/**
 * Key of a pdfmake table node (`{ table, layout, [FILL_TABLE]: true }`) whose columns are all
 * `'auto'` and that must fill the available width as a browser's `width: 100%` table does.
 */
export const FILL_TABLE = '_sahifaFill';

/** A pdfmake column as `buildColumnWidths` sees it: content widths in pt, padding excluded. */
export interface MeasuredColumn {
  width?: unknown;
  _minWidth: number;
  _maxWidth: number;
  _calcWidth?: number;
}

/**
 * Star columns (`'*'`: the TOC's entries, a box's one cell, a list item's text) squeezed into the
 * width left when their widest word does not fit. pdfmake then gives every star column that word's
 * width ("no way to fit all columns […] unless we decide, in the future, to split single words"),
 * and the table runs off the page: the TOC of a brief with a long unbreakable heading lost every
 * entry past the page's edge. This layer's line builder does split a word wider than its line
 * (at grapheme clusters, {@link buildNextLine}), so each star column gets its share of the width
 * left after the other columns, as when everything fits. Widths in pt; changes `_calcWidth` of
 * star columns only, and only when the columns are wider than `availableWidth` and room is left.
 */
export function fitStarColumns(columns: MeasuredColumn[], availableWidth: number): void {
  const star = (c: MeasuredColumn): boolean => c.width === null || c.width === undefined || c.width === '*' || c.width === 'star';
  const stars = columns.filter(star);
  if (!stars.length) return;
  const total = columns.reduce((sum, c) => sum + (c._calcWidth ?? 0), 0);
  if (total <= availableWidth + 1e-6) return;
  const left = availableWidth - columns.reduce((sum, c) => sum + (star(c) ? 0 : (c._calcWidth ?? 0)), 0);
  if (left <= 0) return;
  for (const c of stars) c._calcWidth = Math.min(c._calcWidth ?? Infinity, left / stars.length);
}

/**
 * Browser automatic table layout of a `width: 100%` table whose columns have no width of their
 * own (CSS 2.1 §17.5.2.2, CSS Tables 3 "distributing width to columns"), given each column's
 * min-content width (its widest word) and max-content width (its longest cell unwrapped), in pt:
 * - every column at its max-content width when that fits, the space left over shared out in
 *   proportion to the max-content widths (so a column of short labels stays narrow);
 * - else each column between its min and max, the room above the min-content widths shared in
 *   proportion to (max − min) (pdfmake's `auto` does the same);
 * - else (not even the widest words fit) not a browser's layout, which lets the table overflow:
 *   the columns share the width in proportion to their min-content widths and the line builder
 *   breaks the words that are wider (a PDF page cannot scroll; the text ran off the page).
 * Sets `_calcWidth` of every column.
 *
 * @param available width in pt for the columns' content (the table's padding and rules taken off)
 */
export function fillAutoColumns(columns: MeasuredColumn[], available: number): void {
  const min = columns.reduce((n, c) => n + c._minWidth, 0);
  const max = columns.reduce((n, c) => n + c._maxWidth, 0);
  for (const c of columns) {
    // not even the widest words fit: a browser lets the table overflow (the page scrolls); on paper
    // it would be cut off, so the columns keep the proportions of their widest words within the
    // width, and the line builder breaks those words (at grapheme clusters)
    if (min > available) c._calcWidth = (c._minWidth * available) / min;
    else if (min === available) c._calcWidth = c._minWidth;
    else if (max >= available) c._calcWidth = c._minWidth + ((c._maxWidth - c._minWidth) * (available - min)) / (max - min);
    else c._calcWidth = max > 0 ? c._maxWidth + ((available - max) * c._maxWidth) / max : available / columns.length;
  }
}

/** A node as pdfmake lays it out: its positions once laid out (`pageNumber` from 1). */
type LaidNode = KeepNode & { positions?: { pageNumber: number }[] };
/** The parts of pdfmake's `LayoutBuilder` (one per layout pass of a document) hook 8 uses. */
interface LayoutPass {
  writer: {
    context(): { page: number; availableHeight: number; availableWidth: number; pageMargins: { top: number; bottom: number }; getCurrentPage(): { pageSize: { height: number } } | null };
    moveToNextPage(orientation?: unknown): void;
  };
  processNode(node: LaidNode): unknown;
}
/**
 * Per layout pass (pdfmake makes a new page writer for each): the last page (from 1) on which a
 * laid-out body node starts, or none. A heading is the first block on its page when it is not
 * the current page.
 */
const startPages = new WeakMap<object, number>();

/**
 * Clears the page-break state pdfmake's `processRow` leaves on a table node: `_bottomByPage` (by
 * page index, the lowest y any cell of the table reached on that page) and `_breaksBySpan` (the
 * page breaks of row-spanning cells). pdfmake keeps both on the node, so when it lays the document
 * out again (its `pageBreakBefore` pass moved a heading) a table starts the new pass with the
 * previous pass's bottoms: where the table now breaks on a page on which it ended lower in the
 * earlier pass, `_updatePageBreaksData` takes that stale bottom as the row's bottom on the page
 * and the vertical rules (a boxed quote's or callout's side rule, a table's column rules) run
 * down past the row's last line. A table laid out once starts with neither set.
 */
export function clearTableState(node: Record<string, unknown>): void {
  delete node['_bottomByPage'];
  delete node['_breaksBySpan'];
}

/** Tags handed out to text objects by the `buildInlines` hook ({@link SOURCE}). */
let sources = 0;

type BuildColumnWidths = (columns: MeasuredColumn[], availableWidth: number, offsetTotal?: number, tableNode?: Record<string, unknown>) => void;

/** pdfmake's `Line` class (CommonJS `exports.default`; bundlers may unwrap it). */
function lineClass(): new (maxWidth: number) => BreakLine {
  const m = LineModule as { default?: unknown } | (new (maxWidth: number) => BreakLine);
  const cls = typeof m === 'function' ? m : m.default;
  const proto = (cls as { prototype?: Record<string, unknown> } | undefined)?.prototype;
  if (typeof cls !== 'function' || !proto || !['addInline', 'getAvailableWidth', 'hasEnoughSpaceForInline'].every((k) => typeof proto[k] === 'function')) {
    throw new Error('sahifa: pdfmake Line not found; the RTL layer needs pdfmake 0.3.x');
  }
  return cls as new (maxWidth: number) => BreakLine;
}

/**
 * pdfmake's flattening of a text array (`TextInlines.js` `flattenTextArray`), with the same result
 * in linear time: an item whose `text` is an array is replaced by that array flattened, an array
 * item by its elements (flattened when it holds arrays), anything else kept.
 */
export function flattenTextArray(array: unknown): unknown[] {
  const flatten = (list: readonly unknown[], out: unknown[] = []): unknown[] => {
    for (const cur of list) {
      const text = (cur as { text?: unknown }).text;
      const current = Array.isArray(text) ? flatten(text) : cur;
      if (!Array.isArray(current)) out.push(current);
      else if (current.some(Array.isArray)) flatten(current, out);
      else for (const item of current) out.push(item);
    }
    return out;
  };
  return flatten(Array.isArray(array) ? array : [array]);
}

interface MeasuredInline {
  width: number;
  leadingCut: number;
  trailingCut: number;
  lineEnd?: boolean;
}

/**
 * Installs the ten hooks. Idempotent.
 *
 * @throws {Error} when pdfmake's shape is not the one this layer was written for, so a silent
 *   left-to-right fallback can never happen
 */
export function installBidiLayer(): void {
  const writer = prototypeOf(ElementWriterModule, 'ElementWriter', ['alignLine', 'context']);
  const doc = prototypeOf(PDFDocumentModule, 'PDFDocument', ['provideFont', '_fragment']);
  const builder = prototypeOf(LayoutBuilderModule, 'LayoutBuilder', ['buildNextLine', 'processNode', 'processVerticalContainer', 'processTable']);
  const Line = lineClass();
  const inlines = prototypeOf(TextInlinesModule, 'TextInlines', ['buildInlines', 'measure']);
  const TextBreaker = prototypeOf(TextBreakerModule, 'TextBreaker', ['getBreaks']).constructor as new () => { getBreaks(texts: unknown[], styleContextStack: unknown): object[] };
  const getStyleProperty = (prototypeOf(StyleContextStackModule, 'StyleContextStack', ['getProperty']).constructor as { getStyleProperty?: StyleProperty }).getStyleProperty;
  if (typeof getStyleProperty !== 'function') throw new Error('sahifa: pdfmake StyleContextStack.getStyleProperty not found; the RTL layer needs pdfmake 0.3.x');
  // Node hands over `module.exports` (the calculator under `default`); bundlers may unwrap it.
  const calcModule = ColumnCalculatorModule as { default?: Proto } & Proto;
  const calculator = typeof calcModule['buildColumnWidths'] === 'function' ? calcModule : calcModule.default;
  if (!calculator || typeof calculator['buildColumnWidths'] !== 'function') {
    throw new Error('sahifa: pdfmake columnCalculator.buildColumnWidths not found; the RTL layer needs pdfmake 0.3.x');
  }
  if (writer[PATCHED]) return;

  const buildColumnWidths = calculator['buildColumnWidths'] as BuildColumnWidths;
  calculator['buildColumnWidths'] = function (this: unknown, columns: MeasuredColumn[], availableWidth: number, offsetTotal?: number, tableNode?: Record<string, unknown>): void {
    if (tableNode?.[FILL_TABLE] === true && columns.every((c) => c.width === 'auto')) {
      fillAutoColumns(columns, availableWidth);
      return;
    }
    buildColumnWidths.call(this, columns, availableWidth, offsetTotal, tableNode);
    fitStarColumns(columns, availableWidth);
  };

  // pdfmake 0.3.11's buildInlines, but for the flattening
  inlines['buildInlines'] = function (this: { measure(items: object[], styleContextStack: unknown): MeasuredInline[] }, textArray: unknown, styleContextStack: unknown): { items: MeasuredInline[]; minWidth: number; maxWidth: number } {
    const trimmed = (item: { width: number; leadingCut: number; trailingCut: number }): number => Math.max(0, item.width - item.leadingCut - item.trailingCut);
    let minWidth = 0;
    let maxWidth = 0;
    let currentLine: { width: number; leadingCut: number; trailingCut: number } | null = null;
    const flat = flattenTextArray(textArray);
    // tag each text object: its words share its style (see measure.ts)
    for (const item of flat) if (typeof item === 'object' && item !== null) (item as Record<string, unknown>)[SOURCE] = ++sources;
    const broken = new TextBreaker().getBreaks(flat, styleContextStack);
    const measured = this.measure(broken, styleContextStack);
    for (const inline of measured) {
      minWidth = Math.max(minWidth, trimmed(inline));
      currentLine ??= { width: 0, leadingCut: inline.leadingCut, trailingCut: 0 };
      currentLine.width += inline.width;
      currentLine.trailingCut = inline.trailingCut;
      maxWidth = Math.max(maxWidth, trimmed(currentLine));
      if (inline.lineEnd) currentLine = null;
    }
    if (getStyleProperty({}, styleContextStack, 'noWrap', false)) minWidth = maxWidth;
    return { items: measured, minWidth, maxWidth };
  };

  // pdfmake 0.3.11's measure, the style resolved once per row of words of one text object
  inlines['measure'] = function (this: { pdfDocument: { provideFont: MeasureHooks['provideFont'] }; widthOfText: MeasureHooks['widthOfText'] }, array: MeasureInline[], styleContextStack: unknown): MeasureInline[] {
    return measureInlines(array, styleContextStack, {
      getStyleProperty,
      provideFont: (family, bold, italics) => this.pdfDocument.provideFont(family, bold, italics),
      widthOfText: (text, inline) => this.widthOfText(text, inline),
      shapedTogether: (features) => parseRunFeatures(features) !== undefined,
      shapeWords: (items, options: (WordOptions | undefined)[]) => shapeWords(items, options),
    });
  };

  const hooks = { newLine: (maxWidth: number): BreakLine => new Line(maxWidth), clusters: clusterWidths };
  builder['buildNextLine'] = function (this: { writer: { context(): { availableWidth: number } } }, node: TextNode): BreakLine | null {
    return buildNextLine(node, this.writer.context().availableWidth, hooks);
  };

  // the keep-with-next rule during the layout (see keep-with-next.ts)
  const lineHeights = (node: KeepNode, width: number, max: number): number[] => {
    const probe: TextNode = { _inlines: (node._inlines as BreakInline[]).map(cloneInline) };
    const heights: number[] = [];
    while (heights.length < max) {
      const line = buildNextLine(probe, width, hooks);
      if (!line) break;
      heights.push(line.getHeight());
    }
    return heights;
  };
  // a table's column widths before pdfmake lays it out, by its own calculator (patched above) on
  // copies of the measured widths, with the table's paddings and rules taken off (TableProcessor.beginTable)
  const columnWidths = (table: KeepNode, width: number): number[] | undefined => {
    const widths = (table['table'] as { widths?: unknown } | undefined)?.widths;
    const offsets = (table['_offsets'] as { total?: unknown } | undefined)?.total;
    if (!Array.isArray(widths) || typeof offsets !== 'number') return undefined;
    const copies = widths.map((w) => ({ ...(w as MeasuredColumn) }));
    (calculator['buildColumnWidths'] as BuildColumnWidths)(copies, width - offsets, offsets, table as Record<string, unknown>);
    const out = copies.map((c) => (c as { _calcWidth?: unknown })._calcWidth);
    return out.every((w): w is number => typeof w === 'number' && Number.isFinite(w)) ? out : undefined;
  };
  const processNode = builder['processNode'] as (this: LayoutPass, node: LaidNode, ...rest: unknown[]) => unknown;
  builder['processNode'] = function (this: LayoutPass, node: LaidNode, ...rest: unknown[]): unknown {
    const result = processNode.call(this, node, ...rest);
    // the last page a laid-out body node starts on (pdfmake's pageBreakBefore sees the same nodes)
    const start = node.positions?.[0]?.pageNumber;
    if (start !== undefined && node.headlineLevel !== 0 && !(node.text === '' && !node['listMarker']) && start > (startPages.get(this.writer) ?? 0)) startPages.set(this.writer, start);
    return result;
  };
  builder['processVerticalContainer'] = function (this: LayoutPass, node: { stack: LaidNode[]; positions: unknown[] }): void {
    const stack = node.stack;
    for (let i = 0; i < stack.length; i++) {
      const item = stack[i]!;
      if (item.headlineLevel !== undefined && item.headlineLevel >= 1) {
        const context = this.writer.context();
        const firstOnPage = (startPages.get(this.writer) ?? 0) !== context.page + 1;
        // the body height of a new page (pdfmake's DocumentContext.initializePage)
        const page = context.getCurrentPage();
        const pageHeight = page ? page.pageSize.height - context.pageMargins.top - context.pageMargins.bottom : Infinity;
        if (breakBeforeHeading(keepChain(stack, i), context.availableHeight, context.availableWidth, firstOnPage, lineHeights, pageHeight, columnWidths)) this.writer.moveToNextPage(item['pageOrientation']);
      }
      this.processNode(item);
      for (const position of item.positions ?? []) node.positions.push(position);
    }
  };

  // a table laid out afresh in every layout pass (see clearTableState)
  const processTable = builder['processTable'] as (this: unknown, node: Record<string, unknown>) => void;
  builder['processTable'] = function (this: { writer?: { setMaxListeners?(n: number): unknown } }, node: Record<string, unknown>): void {
    clearTableState(node);
    // every table open around this one listens to the writer's page changes (pdfmake's
    // TableProcessor and processRow, removed when the table ends): boxes nested eight deep passed
    // Node's default of 10 listeners, which printed a memory-leak warning
    this.writer?.setMaxListeners?.(0);
    processTable.call(this, node);
  };

  const alignLine = writer['alignLine'] as (this: unknown, line: BidiLine) => void;
  writer['alignLine'] = function (this: { context(): { availableWidth: number } }, line: BidiLine): void {
    if (line.inlines.length > 0 && line.inlines[0]!._bidiLevel !== undefined) {
      layoutBidiLine(line, this.context().availableWidth);
      return;
    }
    alignLine.call(this, line);
  };

  const provideFont = doc['provideFont'] as (this: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean) => EmbeddedFontObject;
  doc['provideFont'] = function (this: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean): EmbeddedFontObject {
    patchNameTrees(this);
    const reused = reuseParsedFont(this, familyName, bold, italics);
    if (reused) return reused;
    const font = provideFont.call(this, familyName, bold, italics);
    patchFont(Object.getPrototypeOf(font) as Proto);
    const subset = (font as { subset?: object }).subset;
    if (subset) patchSubset(Object.getPrototypeOf(subset) as Proto);
    EmbeddedFontClass ??= (Object.getPrototypeOf(font) as { constructor: typeof EmbeddedFontClass }).constructor;
    const bytes = fontSource(this, familyName, bold, italics);
    if (bytes && font.font && !parsedFonts.has(bytes)) parsedFonts.set(bytes, font.font);
    return font;
  };

  const fragment = doc['_fragment'] as (this: unknown, text: string, x: number, y: number, options: FragmentOptions) => void;
  doc['_fragment'] = function (this: PdfkitDoc, text: string, x: number, y: number, options: FragmentOptions): void {
    if (!parseRunFeatures(options.features)) {
      fragment.call(this, text, x, y, options);
      return;
    }
    writeGlyphs(this, text, x, y, options);
  };
  writer[PATCHED] = true;
}

/**
 * Order of two name-tree keys as pdfkit writes them (ISO 32000-1 §7.9.6: keys sorted "in lexical
 * order", byte by byte): a key with only ASCII characters is written as its ASCII bytes, any other
 * as UTF-16BE after the byte order mark FE FF, so every ASCII key comes first; within each group
 * the order of UTF-16 code units is the order of those bytes.
 *
 * @returns negative, zero or positive, as `Array.prototype.sort` expects
 */
export function nameTreeKeyOrder(a: string, b: string): number {
  // eslint-disable-next-line no-control-regex
  const group = (key: string): number => (/[^\x00-\x7f]/.test(key) ? 1 : 0);
  return group(a) - group(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Set once hook 10 is in: `provideFont` runs many times per document, the patch once per process. */
let nameTreesPatched = false;

/** Hook 10 (see the module comment), on the prototype of the document's destination name tree. */
function patchNameTrees(doc: PdfmakeDocument): void {
  if (nameTreesPatched) return;
  const dests = doc._root?.data?.Names?.data?.Dests;
  if (!dests) return;
  const proto = Object.getPrototypeOf(dests) as Proto;
  if (typeof proto['_compareKeys'] !== 'function') return;
  if (!proto[PATCHED]) {
    proto['_compareKeys'] = nameTreeKeyOrder;
    proto[PATCHED] = true;
  }
  nameTreesPatched = true;
}

/** The parts of pdfmake's `PDFDocument` (a pdfkit document) that {@link reuseParsedFont} uses. */
interface PdfmakeDocument {
  fonts: Record<string, Record<string, unknown>>;
  fontCache: Record<string, Record<string, EmbeddedFontObject>>;
  virtualfs?: { existsSync(name: string): boolean; readFileSync(name: string): unknown };
  getFontType(bold: boolean, italics: boolean): string;
  _fontFamilies: Record<string, EmbeddedFontObject>;
  _fontCount: number;
  _font: EmbeddedFontObject;
  _fontSource: unknown;
  _fontFamily: unknown;
  /** The document catalog; its name trees (`Names.data.Dests`) are pdfkit `PDFNameTree`s. */
  _root?: { data?: { Names?: { data?: { Dests?: object } } } };
}
/** A pdfkit `EmbeddedFont`: per document (it holds the subset); `font` is the parsed fontkit font. */
interface EmbeddedFontObject {
  font?: object;
  name?: string;
  id: string;
}

/**
 * Parsed fontkit fonts by font file bytes (the same Buffer per file: see `fontBytes`). pdfkit
 * parses a font anew for every document; fontkit fonts are read-only once parsed and cache their
 * decoded glyphs and metrics, which subsetting reads for every glyph used, so in a long-running
 * process (`watch`, worker threads of a batch) every later document reuses them.
 */
const parsedFonts = new WeakMap<object, object>();

/** The font file bytes pdfmake would give pdfkit for a family and style, when they come from its virtual file system. */
function fontSource(doc: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean): object | undefined {
  const def = doc.fonts[familyName]?.[doc.getFontType(bold, italics)];
  const name = Array.isArray(def) ? def[0] : def;
  if (typeof name !== 'string' || !doc.virtualfs?.existsSync(name)) return undefined;
  const bytes = doc.virtualfs.readFileSync(name);
  return typeof bytes === 'object' && bytes !== null ? bytes : undefined;
}

/**
 * pdfmake's `provideFont` with an already parsed fontkit font: a new pdfkit `EmbeddedFont` for
 * this document (its own id and subset) registered as pdfkit's `font()` registers one (under its
 * PostScript name, else its id). Undefined when the font is not parsed yet, the document has it
 * already, or the pdfkit shape is not the expected one (pdfmake then does its usual work).
 */
function reuseParsedFont(doc: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean): EmbeddedFontObject | undefined {
  const type = doc.getFontType(bold, italics);
  if (doc.fontCache?.[familyName]?.[type] || !EmbeddedFontClass || typeof doc._fontCount !== 'number' || !doc._fontFamilies) return undefined;
  const bytes = fontSource(doc, familyName, bold, italics);
  const parsed = bytes && parsedFonts.get(bytes);
  if (!parsed) return undefined;
  const font = new EmbeddedFontClass(doc, parsed, `F${++doc._fontCount}`);
  doc._font = font;
  doc._fontSource = bytes;
  doc._fontFamily = undefined;
  const families = doc._fontFamilies;
  if (font.name && !families[font.name]) families[font.name] = font;
  else if (!font.name || families[font.name] !== font) families[font.id] = font;
  (doc.fontCache[familyName] ??= {})[type] = font;
  return font;
}

/** pdfkit's `EmbeddedFont` class, taken from the first font pdfmake provides (pdfkit does not export it). */
let EmbeddedFontClass: (new (doc: PdfmakeDocument, font: object, id: string) => EmbeddedFontObject) | undefined;

interface PdfkitFont {
  font: { stream: { buffer: Uint8Array }; getGlyph(id: number): { advanceWidth: number }; glyphForCodePoint?(codePoint: number): { id: number; advanceWidth: number } };
  scale: number;
  ascender: number;
  id: string;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  /** Rank of each `unicode` entry (see LaidGlyph.rank): a better mapping replaces a worse one. */
  _sahifaRank?: number[];
  ref(): unknown;
  layout(text: string, features?: unknown, onlyWidth?: boolean): Layout;
  [PATCHED]?: boolean;
}

/** A fontkit subset (`font.createSubset()`): the glyph ids it holds, in the order they were added. */
interface FontSubset {
  font: object;
  glyphs: number[];
  includeGlyph(id: number): number;
  encode(): Uint8Array;
  [PATCHED]?: boolean;
}

/**
 * Encoded subsets by parsed fontkit font, keyed by the glyph ids asked for, in order: a document
 * built again in the same process (`watch`, after a one-word edit) usually asks for the same
 * glyphs in the same order, and fontkit's `encode` decodes and re-encodes every glyph (most of the
 * warm PDF time). Each entry also keeps the glyphs `encode` added (components of compound
 * glyphs), so a hit leaves the subset as `encode` would. A few sets per font (lru-cache).
 */
const encodedSubsets = new WeakMap<object, LRUCache<string, { bytes: Uint8Array; glyphs: readonly number[] }>>();

/** Font subsets encoded by fontkit and taken from {@link encodedSubsets} in this process (read by tests). */
export const subsetEncodes = { encoded: 0, reused: 0 };

/** Wraps fontkit's subset `encode` (once per subset class) with {@link encodedSubsets}. */
function patchSubset(proto: Proto): void {
  if (proto[PATCHED] || typeof proto['encode'] !== 'function') return;
  const encode = proto['encode'] as (this: FontSubset) => Uint8Array;
  proto['encode'] = function (this: FontSubset): Uint8Array {
    if (!Array.isArray(this.glyphs) || typeof this.includeGlyph !== 'function' || typeof this.font !== 'object') return encode.call(this);
    let cache = encodedSubsets.get(this.font);
    if (!cache) encodedSubsets.set(this.font, (cache = new LRUCache({ max: 8 })));
    const key = this.glyphs.join(',');
    const hit = cache.get(key);
    if (hit) {
      for (let i = this.glyphs.length; i < hit.glyphs.length; i++) this.includeGlyph(hit.glyphs[i]!);
      subsetEncodes.reused++;
      return hit.bytes;
    }
    subsetEncodes.encoded++;
    const bytes = encode.call(this);
    cache.set(key, { bytes, glyphs: this.glyphs.slice() });
    return bytes;
  };
  proto[PATCHED] = true;
}

function patchFont(proto: Proto): void {
  if (proto[PATCHED] || typeof proto['layout'] !== 'function') return;
  const layout = proto['layout'] as (this: PdfkitFont, text: string, features?: unknown, onlyWidth?: boolean) => Layout;
  proto['layout'] = function (this: PdfkitFont, text: string, features?: unknown, onlyWidth?: boolean): Layout {
    const run = parseRunFeatures(features);
    if (!run) return layout.call(this, text, features, onlyWidth);
    // a word shaped with its paragraph (word-shaping.ts), else this text alone
    return fontLayout(this, text, features) ?? contextLayout(this.font.stream.buffer, text, run, scriptOfText(text, run.lang));
  };
  proto[PATCHED] = true;
}

/**
 * The grapheme clusters of an inline the RTL layer shapes (its run marker set), from its layout as
 * the font draws it (HarfBuzz clusters: a letter with its marks, a ligature), with their advances
 * in pt (letter spacing included, per UTF-16 unit as pdfmake counts it). Undefined for other inlines.
 */
export function clusterWidths(inline: BreakInline): Clusters | undefined {
  const font = inline.font as unknown as PdfkitFont | undefined;
  if (!parseRunFeatures(inline.fontFeatures) || !font?.font?.stream?.buffer || !inline.fontSize) return undefined;
  const text = inline.text;
  const laid = font.layout(text, inline.fontFeatures);
  // advance per cluster start (1/1000 em, as the layout has it); glyphs come in visual order
  const advance = new Float64Array(text.length + 1);
  const isStart = new Uint8Array(text.length + 1);
  laid.glyphs.forEach((g, i) => {
    advance[g.cluster]! += laid.positions[i]!.xAdvance;
    isStart[g.cluster] = 1;
  });
  isStart[0] = 1;
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) if (isStart[i]) starts.push(i);
  const k = inline.fontSize / 1000;
  const spacing = inline.characterSpacing ?? 0;
  const widths = starts.map((s, i) => advance[s]! * k + spacing * ((starts[i + 1] ?? text.length) - s));
  return { starts, widths };
}

/**
 * `text` shaped alone as one run by HarfBuzz, in pdfkit's layout shape (positions in 1/1000 em).
 * Exported for the HarfBuzz parity test; `font` is a pdfkit font object (`doc.font(bytes)._font`).
 */
export function harfbuzzLayout(font: PdfkitFont, text: string, run: RunProperties): Layout {
  return contextLayout(font.font.stream.buffer, text, { ...run, key: `parity:${run.dir}:${run.lang}` }, scriptOfText(text, run.lang));
}

interface FragmentOptions {
  features?: unknown;
  textWidth?: number;
  characterSpacing?: number;
  link?: unknown;
  goTo?: unknown;
  destination?: unknown;
}
interface PdfkitDoc {
  _font: PdfkitFont;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  link(x: number, y: number, w: number, h: number, url: unknown): void;
  goTo(x: number, y: number, w: number, h: number, name: unknown): void;
  addNamedDestination(name: unknown, type: string, x: number, y: number, z: null): void;
  currentLineHeight(): number;
  addContent(s: string): void;
  /** Named destinations this layer set in the document. */
  _sahifaAnchors?: Set<string>;
}

const num = (n: number): string => String(Math.round(n * 1e4) / 1e4);
/** A number as pdfkit writes it in content streams (PDFObject.number: rounded to 1e-6). */
const pdfkitNumber = (n: number): number => Math.round(n * 1e6) / 1e6;
const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
const utf16be = (s: string): string => 'feff' + [...s].map((c) => {
  const cp = c.codePointAt(0)!;
  if (cp <= 0xffff) return hex4(cp);
  const v = cp - 0x10000;
  return hex4(0xd800 | (v >> 10)) + hex4(0xdc00 | (v & 0x3ff));
}).join('');

/**
 * Draws one marked run with its HarfBuzz glyphs: what pdfkit's `_fragment` does for the options
 * pdfmake passes (link, goTo, destination, characterSpacing; pdfmake draws decorations itself),
 * plus `/ActualText` spans around multi-glyph clusters.
 */
function writeGlyphs(doc: PdfkitDoc, rawText: string, x: number, y: number, options: FragmentOptions): void {
  const text = rawText.replace(/\n/g, '');
  if (!text) return;
  const font = doc._font;
  const size = doc._fontSize;
  const characterSpacing = options.characterSpacing ?? 0;
  const width = (options.textWidth ?? 0) + characterSpacing * (text.length - 1);
  if (options.link != null) doc.link(x, y, width, doc.currentLineHeight(), options.link);
  if (options.goTo != null) doc.goTo(x, y, width, doc.currentLineHeight(), options.goTo);
  if (options.destination != null) doc.addNamedDestination(options.destination, 'XYZ', x, y, null);
  // a footnote mark's or note's own destination (word-shaping.ts), set once per document
  const anchor = anchorOf(options.features);
  if (anchor !== undefined) {
    const set = (doc._sahifaAnchors ??= new Set());
    if (!set.has(anchor)) {
      set.add(anchor);
      doc.addNamedDestination(anchor, 'XYZ', x, y, null);
    }
  }
  // the run's own features (a marked run: see runFeatures), which the font's layout reads
  const { glyphs, positions, actualText } = font.layout(text, options.features);
  // The run's operators are collected and written as one piece: pdfkit turns every addContent
  // into a Buffer of its own (and concatenates them all when the page ends). The bytes are those
  // of doc.save(), doc.transform(1, 0, 0, -1, 0, page height), one addContent per operator and
  // doc.restore() (each ends with a newline); save and restore leave the CTM as it was.
  const ops: string[] = ['q', `1 0 0 -1 0 ${pdfkitNumber(doc.page.height)} cm`];
  const baseline = doc.page.height - y - (font.ascender / 1000) * size;
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
  ops.push('BT', `/${font.id} ${num(size)} Tf`);
  if (characterSpacing) ops.push(`${num(characterSpacing)} Tc`);
  const k = size / 1000;
  const skew = parseRunFeatures(options.features)?.slant && !isItalicFace(font) ? SYNTHETIC_SLANT : 0;
  let pen = x;
  let open: number | undefined; // cluster of the open ActualText span
  // Glyphs at their natural advance share one TJ (kerning as TJ adjustments, in 1/1000 em);
  // a glyph with an offset (a positioned mark) gets its own text matrix.
  let tj: string[] = [];
  let needMatrix = true;
  const flush = (): void => {
    if (tj.length) ops.push(`[${tj.join(' ')}] TJ`);
    tj = [];
  };
  for (let i = 0; i < glyphs.length; i++) {
    const g = glyphs[i]!;
    const p = positions[i]!;
    const actual = actualText[i];
    if (open !== undefined && (actual === undefined || g.cluster !== open)) {
      flush();
      ops.push('EMC');
      open = undefined;
    }
    if (actual !== undefined && open === undefined) {
      flush();
      ops.push(`/Span <</ActualText <${utf16be(actual)}>>> BDC`);
      open = g.cluster;
    }
    const drawn = drawnGlyph(font, g, p);
    if (drawn?.invisible) {
      // written for text extraction only, in text rendering mode 3 (neither filled nor stroked)
      flush();
      const gid = font.subset.includeGlyph(drawn.id);
      font.widths[gid] ??= 0;
      font.unicode[gid] ??= g.codePoints;
      ops.push('3 Tr', `1 0 ${skew} 1 ${num(pen)} ${num(baseline)} Tm <${hex4(gid)}> Tj`, '0 Tr');
      needMatrix = true;
      pen += p.xAdvance * k + characterSpacing;
      continue;
    }
    if (drawn === undefined) {
      // an ignorable the font has no glyph of its own for: nothing to draw, no advance; the
      // character spacing pdfmake counted for it is kept
      if (characterSpacing) tj.push(num((-characterSpacing * 1000) / size));
      pen += characterSpacing;
      continue;
    }
    const gid = font.subset.includeGlyph(drawn.id);
    font.widths[gid] ??= drawn.advanceWidth * font.scale;
    const ranks = (font._sahifaRank ??= []);
    if (font.unicode[gid] === undefined || (ranks[gid] ?? 2) < g.rank) {
      font.unicode[gid] = g.codePoints;
      ranks[gid] = g.rank;
    }
    if (p.xOffset || p.yOffset) {
      flush();
      // slanted: a raised mark moves right with the slant, about the baseline
      ops.push(`1 0 ${skew} 1 ${num(pen + p.xOffset * k + skew * p.yOffset * k)} ${num(baseline + p.yOffset * k)} Tm <${hex4(gid)}> Tj`);
      needMatrix = true;
    } else {
      if (needMatrix) {
        flush();
        ops.push(`1 0 ${skew} 1 ${num(pen)} ${num(baseline)} Tm`);
        needMatrix = false;
      }
      tj.push(`<${hex4(gid)}>`);
      const adjust = p.xAdvance - drawn.advanceWidth * font.scale;
      if (Math.abs(adjust) > 1e-6) tj.push(num(-adjust));
    }
    pen += p.xAdvance * k + characterSpacing;
  }
  flush();
  if (open !== undefined) ops.push('EMC');
  ops.push('ET', 'Q');
  doc.addContent(ops.join('\n'));
}

/**
 * The x shear of a synthetic oblique, as Chromium draws italic text in a face without an italic
 * (Skia's `setSkewX(-1/4)` in y-down space, FontPlatformData::SetupSkFont): x += y / 4.
 */
export const SYNTHETIC_SLANT = 0.25;

/** Whether the face is an italic or oblique of its own (post table's italicAngle ≠ 0). */
function isItalicFace(font: PdfkitFont): boolean {
  const angle = (font.font as { italicAngle?: number }).italicAngle;
  return typeof angle === 'number' && angle !== 0;
}

/** Default-ignorable characters only (ZWNJ, ZWJ, word joiner, variation selectors…). */
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;

/**
 * The glyph to draw for a laid-out glyph, with its own advance (font units); `invisible` when it
 * must not show. Usually the glyph itself. HarfBuzz lays out a default-ignorable character (the
 * ZWNJ of Persian "می‌توانند", a ZWJ) as the font's invisible glyph, which is its space glyph, with
 * no advance; but a glyph has one ToUnicode entry per font, so sharing it would make every space of
 * the font read back as ZWNJ (or every ZWNJ as a space, splitting the word). Such a character is
 * written with the font's own glyph for it (cmap), so text extraction keeps it, but invisible
 * (text rendering mode 3): Amiri's own ZWNJ glyph is a visible stroke ("میاتوانند", "د‌ر" read
 * "دار"). Without a glyph of its own it is not written at all (`undefined`). The layout, measured
 * by HarfBuzz, is the same either way.
 */
export function drawnGlyph(font: Pick<PdfkitFont, 'font'>, g: LaidGlyph, p: Pick<Position, 'xAdvance'>): { id: number; advanceWidth: number; invisible?: true } | undefined {
  // the glyph itself (no copy: this runs for every glyph drawn)
  if (p.xAdvance !== 0 || g.codePoints.length === 0 || !g.codePoints.every((c) => IGNORABLE.test(String.fromCodePoint(c)))) return g;
  if (g.codePoints.length !== 1) return undefined;
  const own = font.font.glyphForCodePoint?.(g.codePoints[0]!);
  return own && own.id !== 0 ? { id: own.id, advanceWidth: 0, invisible: true } : undefined;
}

/** The layout our patched font returns for a run (HarfBuzz glyph ids and advances, 1/1000 em). */
export type { Layout as RunLayout, PdfkitFont, BidiInline, LaidGlyph };
