/**
 * The ONLY module that touches pdfmake (0.3) and pdfkit internals: it checks their shape and wires
 * fifteen hooks into them, once. Each hook's logic lives in a module named for what it does; what the
 * writer puts on pdfmake content for the hooks is in `protocol.ts`. Only the writer's entry
 * (`index.ts`) imports this module.
 *
 * 1. `ElementWriter.prototype.alignLine` (once per committed line): lines whose inlines carry
 *    `_bidiLevel` are ordered, placed and justified by `layout/line-layout.ts`.
 * 2. The `layout` method of the pdfkit fonts pdfmake provides: marked runs are shaped by HarfBuzz
 *    (`text/font-layout.ts`); pdfmake measures and pdfkit draws through it, so they agree.
 * 3. `PDFDocument.prototype._fragment` (draws one text piece): marked runs are written glyph by
 *    glyph with `/ActualText` spans (`text/glyph-writer.ts`).
 * 4. `columnCalculator.buildColumnWidths`: a browser's automatic layout for tables that fill the
 *    width, star columns squeezed to fit (`layout/column-widths.ts`).
 * 5. `LayoutBuilder.prototype.buildNextLine`: the line builder in linear time, cutting a word wider
 *    than its line at grapheme clusters (`layout/line-break.ts`).
 * 6. `TextInlines.prototype.buildInlines`: a text node's words in linear time (`layout/inlines.ts`).
 * 7. `TextInlines.prototype.measure`: the style resolved once per row of words (`layout/measure.ts`).
 * 8. `LayoutBuilder.prototype.processVerticalContainer` and `processNode`: the keep-with-next rule
 *    for headings, decided during the layout (`layout/stack.ts`, `layout/keep-with-next.ts`).
 * 9. `LayoutBuilder.prototype.processTable`: a table laid out afresh in every layout pass
 *    (`layout/table-passes.ts`), with no limit on the writer's page-change listeners; a box (a
 *    one-cell table) broken over a page end by the rules of `layout/box-split.ts`.
 * 10. `PDFDocument.provideFont` (fonts and subsets parsed and encoded once per process:
 *    `text/font-cache.ts`, `text/subset-cache.ts`) and the key order of pdfkit's name trees
 *    (`name-tree.ts`).
 * 11. `Renderer.prototype.renderSVG`, `PDFDocument.prototype.font` and the fonts' `encode`: text in
 *    a figure's SVG shaped and ordered by sahifa's layer, in the template's fonts
 *    (`text/svg-text.ts`).
 * 12. Tagging (`tagging/marked-content.ts`): `_fragment` (3) opens each run's marked content;
 *    `Renderer.prototype.renderLine` starts a sequence per line;
 *    `Renderer.prototype.renderVector`/`renderImage`/`renderSVG` and `TextDecorator.prototype`'s
 *    `drawBackground`/`drawDecorations` draw artifacts (a figure's image is its element's content);
 *    `PDFDocument.addPage` closes the open sequence, `link`/`goTo` give a link one annotation per line,
 *    `annotate` tags it (OBJR, `/StructParent`, `/Contents`) and `end` writes the structure tree.
 * 13. `PDFDocument.prototype._addInfo`: the document information escaped for the XMP (`metadata.ts`).
 * 14. `PDFDocument.prototype.initSubset`: a PDF/A document's output intent from the profile sahifa
 *    ships, and its XMP `ModifyDate` (`archival.ts`).
 * 15. Page footnotes (`layout/footnotes.ts`): `LayoutBuilder.prototype.tryLayoutDocument` finds the
 *    notes' store, `processNode` skips it in the flow, `ElementWriter.prototype.addLine` places a
 *    line with marks only with room for its notes, `DocumentContext.prototype.initializePage` starts
 *    a page below a note continued onto it, and `addHeadersAndFooters` first sets the notes at
 *    the foot of their pages.
 */
import ColumnCalculatorModule, { type ColumnCalculator } from 'pdfmake/js/columnCalculator.js';
import DocumentContextModule, { type DocumentContext } from 'pdfmake/js/DocumentContext.js';
import ElementWriterModule, { type ElementWriter } from 'pdfmake/js/ElementWriter.js';
import LayoutBuilderModule, { type LayoutBuilder } from 'pdfmake/js/LayoutBuilder.js';
import LineModule, { type Line as PdfmakeLine } from 'pdfmake/js/Line.js';
import PDFDocumentModule, { type PDFDocument } from 'pdfmake/js/PDFDocument.js';
import RendererModule, { type Renderer } from 'pdfmake/js/Renderer.js';
import StyleContextStackModule, { type GetStyleProperty } from 'pdfmake/js/StyleContextStack.js';
import TextBreakerModule, { type TextBreaker as PdfmakeTextBreaker } from 'pdfmake/js/TextBreaker.js';
import TextDecoratorModule, { type TextDecorator } from 'pdfmake/js/TextDecorator.js';
import TextInlinesModule, { type TextInlines } from 'pdfmake/js/TextInlines.js';
import { fillAutoColumns, fillsWidth, fitStarColumns, type MeasuredColumn } from './layout/column-widths.js';
import { addLineWithNotes, beginFootnotes, endFootnotes, isFootnoteStore, pageReserve, placeFootnotes, type FootnoteHooks, type NoteWriter } from './layout/footnotes.js';
import { placeBox, type BoxContext } from './layout/box-split.js';
import { buildInlines, type MeasuredInline } from './layout/inlines.js';
import { ascenderHeight, buildNextLine, type BreakLine, type TextNode } from './layout/line-break.js';
import { layoutBidiLine, type BidiLine } from './layout/line-layout.js';
import { measureInlines, type MeasureHooks, type MeasureInline } from './layout/measure.js';
import { columnWidthsProbe, layOutStack, lineHeightsProbe, noteStart, type LaidNode } from './layout/stack.js';
import { clearTableState } from './layout/table-passes.js';
import { addModifyDate, addOutputIntent, type ArchivalDoc } from './archival.js';
import { withXmlSafeInfo } from './metadata.js';
import { destinationTree, nameTreeKeyOrder } from './name-tree.js';
import { parseRunFeatures } from './protocol.js';
import { rememberParsedFont, reuseParsedFont, type EmbeddedFontObject, type PdfmakeDocument } from './text/font-cache.js';
import { clusterWidths, runLayout, type PdfkitFont } from './text/font-layout.js';
import type { Layout } from './text/glyph-layout.js';
import { writeGlyphs, type FragmentOptions, type PdfkitDoc } from './text/glyph-writer.js';
import { asArtifact, endPiece, finishStructure, linkArea, markPiece, startLine, tagAnnotation, type TaggedDoc } from './tagging/marked-content.js';
import { encodeSubset, type FontSubset } from './text/subset-cache.js';
import { actualTextContent, drawingSvg, svgEncode, svgFont, svgFontFile, type FontSwitchingDoc, type SvgFont, type VirtualDoc } from './text/svg-text.js';
import { shapeWords } from './text/word-shaping.js';

const PATCHED = Symbol.for('sahifa.bidi.patched');
const SVG_PATCHED = Symbol.for('sahifa.svgText');

/** A prototype (or object) this module patches: marked once patched. */
type Patchable<T> = T & { [PATCHED]?: boolean };

/** A prototype of pdfkit or fontkit, found at run time (their classes are not exported). */
interface Proto {
  [PATCHED]?: boolean;
  [key: string]: unknown;
}

/**
 * The object holding a pdfmake module's methods: the class's prototype (`prototype: true`) or the
 * module's object itself, under `default` (Node gives the CommonJS `exports`) or unwrapped (bundlers).
 *
 * @throws {Error} when one of `methods` is not a function there
 */
function holderOf<T>(mod: unknown, name: string, methods: readonly (keyof T & string)[], prototype = true): Patchable<T> {
  const m = (mod ?? {}) as { default?: { prototype?: Record<string, unknown> } & Record<string, unknown>; prototype?: Record<string, unknown> } & Record<string, unknown>;
  const holder = prototype ? (m.default?.prototype ?? m.prototype) : typeof m[methods[0]!] === 'function' ? m : m.default;
  for (const method of methods) {
    if (!holder || typeof holder[method] !== 'function') throw new Error(`sahifa: pdfmake ${name}.${method} not found; the RTL layer needs pdfmake 0.3.x`);
  }
  return holder as Patchable<T>;
}

/**
 * Installs the fifteen hooks. Idempotent.
 *
 * @throws {Error} when pdfmake's shape is not the one this layer was written for, so a silent
 *   left-to-right fallback can never happen
 */
export function installBidiLayer(): void {
  const writer = holderOf<ElementWriter>(ElementWriterModule, 'ElementWriter', ['alignLine', 'context', 'addLine']);
  const doc = holderOf<PDFDocument>(PDFDocumentModule, 'PDFDocument', ['provideFont', '_fragment', 'font', 'addPage', 'end', '_addInfo', 'addContent', 'annotate', 'initSubset', 'link', 'goTo']);
  const documentContext = holderOf<DocumentContext>(DocumentContextModule, 'DocumentContext', ['initializePage']);
  const renderer = holderOf<Renderer>(RendererModule, 'Renderer', ['renderLine', 'renderVector', 'renderImage', 'renderSVG']);
  const decorator = holderOf<TextDecorator>(TextDecoratorModule, 'TextDecorator', ['drawBackground', 'drawDecorations']);
  const builder = holderOf<LayoutBuilder>(LayoutBuilderModule, 'LayoutBuilder', ['buildNextLine', 'processNode', 'processVerticalContainer', 'processTable', 'tryLayoutDocument', 'addHeadersAndFooters']);
  const Line = holderOf<PdfmakeLine>(LineModule, 'Line', ['addInline', 'getAvailableWidth', 'hasEnoughSpaceForInline']).constructor as new (maxWidth: number) => BreakLine;
  const inlines = holderOf<TextInlines>(TextInlinesModule, 'TextInlines', ['buildInlines', 'measure']);
  const TextBreaker = holderOf<PdfmakeTextBreaker>(TextBreakerModule, 'TextBreaker', ['getBreaks']).constructor as new () => PdfmakeTextBreaker;
  const getStyleProperty = holderOf<{ getStyleProperty: GetStyleProperty }>(StyleContextStackModule, 'StyleContextStack', ['getStyleProperty'], false).getStyleProperty;
  const calculator = holderOf<ColumnCalculator>(ColumnCalculatorModule, 'columnCalculator', ['buildColumnWidths'], false);
  if (writer[PATCHED]) return;

  // 4
  const buildColumnWidths = calculator.buildColumnWidths;
  calculator.buildColumnWidths = function (this: unknown, columns: MeasuredColumn[], availableWidth: number, offsetTotal?: number, tableNode?: Record<string, unknown>): void {
    if (fillsWidth(columns, tableNode)) return fillAutoColumns(columns, availableWidth);
    buildColumnWidths.call(this, columns, availableWidth, offsetTotal, tableNode);
    fitStarColumns(columns, availableWidth);
  };

  // 6
  inlines.buildInlines = function (this: { measure(items: object[], styleContextStack: unknown): MeasuredInline[] }, textArray: unknown, styleContextStack: unknown): { items: MeasuredInline[]; minWidth: number; maxWidth: number } {
    return buildInlines(textArray, styleContextStack, {
      breaks: (texts, stack) => new TextBreaker().getBreaks(texts, stack),
      measure: (items, stack) => this.measure(items, stack),
      noWrap: (stack) => !!getStyleProperty({}, stack, 'noWrap', false),
    });
  };

  // 7
  inlines.measure = function (this: { pdfDocument: { provideFont: MeasureHooks['provideFont'] }; widthOfText: MeasureHooks['widthOfText'] }, array: MeasureInline[], styleContextStack: unknown): MeasureInline[] {
    return measureInlines(array, styleContextStack, {
      getStyleProperty,
      provideFont: (family, bold, italics) => this.pdfDocument.provideFont(family, bold, italics),
      widthOfText: (text, inline) => this.widthOfText(text, inline),
      shapedTogether: (features) => parseRunFeatures(features) !== undefined,
      shapeWords,
    });
  };

  // 5
  const hooks = {
    newLine: (maxWidth: number): BreakLine => {
      const line = new Line(maxWidth) as BreakLine & { getAscenderHeight(): number };
      line.getAscenderHeight = () => ascenderHeight(line.inlines);
      return line;
    },
    clusters: clusterWidths,
  };
  builder.buildNextLine = function (this: LayoutBuilder, node: TextNode): BreakLine | null {
    return buildNextLine(node, this.writer.context().availableWidth, hooks);
  };

  // 8
  const probes = { lineHeights: lineHeightsProbe(hooks), columnWidths: columnWidthsProbe((...args) => calculator.buildColumnWidths(...args)) };
  const processNode = builder.processNode;
  builder.processNode = function (this: LayoutBuilder, node: LaidNode, ...rest: unknown[]): unknown {
    if (isFootnoteStore(node)) return; // 15: set at the pages' feet, not in the flow
    const result = processNode.call(this, node, ...rest);
    noteStart(this, node);
    return result;
  };
  builder.processVerticalContainer = function (this: LayoutBuilder, node: { stack: LaidNode[]; positions: unknown[] }): void {
    layOutStack(this, node, probes);
  };

  // 9
  const processTable = builder.processTable;
  builder.processTable = function (this: { writer?: { setMaxListeners?(n: number): unknown; context(): unknown; moveToNextPage(): void } }, node: Record<string, unknown>): void {
    clearTableState(node);
    // every table open around this one listens to the writer's page changes (pdfmake's
    // TableProcessor and processRow, removed when the table ends): boxes nested eight deep passed
    // Node's default of 10 listeners, which printed a memory-leak warning
    this.writer?.setMaxListeners?.(0);
    // a box's break over a page end (layout/box-split.ts)
    const ctx = this.writer?.context() as BoxContext | undefined;
    const page = ctx?.page;
    const cut = ctx && this.writer ? placeBox(node, ctx, probes.lineHeights, () => this.writer!.moveToNextPage()) : 0;
    processTable.call(this, node);
    if (cut && ctx!.page === page) ctx!.availableHeight += cut;
  };

  // 1
  const alignLine = writer.alignLine;
  writer.alignLine = function (this: ElementWriter, line: BidiLine): void {
    if (line.inlines.length > 0 && line.inlines[0]!._bidiLevel !== undefined) return layoutBidiLine(line, this.context().availableWidth);
    alignLine.call(this, line);
  };

  // 10, and 2 on the class of the first font provided
  const provideFont = doc.provideFont;
  doc.provideFont = function (this: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean): EmbeddedFontObject {
    patchNameTree(this);
    const reused = reuseParsedFont(this, familyName, bold, italics);
    if (reused) return reused;
    const font = provideFont.call(this, familyName, bold, italics);
    patchFont(Object.getPrototypeOf(font) as Proto);
    const subset = font.subset;
    if (subset) patchSubset(Object.getPrototypeOf(subset) as Proto);
    rememberParsedFont(this, familyName, bold, italics, font);
    return font;
  };

  // 3, and 12's marked content of runs
  const fragment = doc._fragment;
  doc._fragment = function (this: PdfkitDoc & TaggedDoc, text: string, x: number, y: number, options: FragmentOptions): void {
    const run = parseRunFeatures(options.features);
    const spans = markPiece(this, run?.tag, run?.dir);
    if (!run) return fragment.call(this, text, x, y, options);
    writeGlyphs(this, text, x, y, options, spans);
  };

  // 11
  // 11, and 12's figure content
  const renderSVG = renderer.renderSVG;
  renderer.renderSVG = function (this: Renderer, svg: { lang?: string; _sahifaTag?: string }): void {
    const pdf = this.pdfDocument as TaggedDoc;
    markPiece(pdf, svg._sahifaTag);
    drawingSvg(svg.lang, () => renderSVG.call(this, svg));
    endPiece(pdf);
  };
  doc.addContent = actualTextContent(doc.addContent);
  const font = doc.font;
  doc.font = function (this: PDFDocument & VirtualDoc, src: unknown, ...rest: unknown[]): unknown {
    const file = svgFontFile(this, src, rest);
    if (!file) return font.call(this, src, ...rest);
    const out = svgFont(this as PDFDocument & VirtualDoc & FontSwitchingDoc, font, src as string, file);
    if (this._font) patchSvgEncode(Object.getPrototypeOf(this._font) as Proto);
    return out;
  };

  // 12
  const addPage = doc.addPage;
  doc.addPage = function (this: TaggedDoc, options?: object): unknown {
    endPiece(this);
    return addPage.call(this, options);
  };
  const annotate = doc.annotate;
  doc.annotate = function (this: PDFDocument & TaggedDoc & { page: { annotations: object[] } }, x: number, y: number, w: number, h: number, options: Record<string, unknown>): PDFDocument {
    return tagAnnotation(this, options, () => annotate.call(this, x, y, w, h, options));
  };
  for (const kind of ['link', 'goTo'] as const) {
    const draw = doc[kind];
    doc[kind] = function (this: PDFDocument & TaggedDoc, x: number, y: number, w: number, h: number, target: unknown, options?: object): PDFDocument {
      linkArea(this, kind, target, x, y, w, h, (x2, y2, w2, h2) => draw.call(this, x2, y2, w2, h2, target, options));
      return this;
    };
  }
  const end = doc.end;
  doc.end = function (this: TaggedDoc): void {
    finishStructure(this);
    end.call(this);
  };
  const renderVector = renderer.renderVector;
  renderer.renderVector = function (this: Renderer, vector: object): void {
    asArtifact(this.pdfDocument as TaggedDoc, () => renderVector.call(this, vector));
  };
  const renderLine = renderer.renderLine;
  renderer.renderLine = function (this: Renderer, line: object, x: number, y: number): void {
    startLine(this.pdfDocument as TaggedDoc); // a line's text is a sequence of its own
    renderLine.call(this, line, x, y);
  };
  const renderImage = renderer.renderImage;
  renderer.renderImage = function (this: Renderer, image: { _sahifaTag?: string }): void {
    const pdf = this.pdfDocument as TaggedDoc;
    markPiece(pdf, image._sahifaTag);
    renderImage.call(this, image);
    endPiece(pdf);
  };
  for (const method of ['drawBackground', 'drawDecorations'] as const) {
    const draw = decorator[method];
    decorator[method] = function (this: TextDecorator, line: object, x: number, y: number): void {
      asArtifact(this.pdfDocument as TaggedDoc, () => draw.call(this, line, x, y));
    };
  }

  // 15
  const noteHooks: FootnoteHooks = {
    ...hooks,
    align: (line, width) => {
      const bidi = line as unknown as BidiLine;
      if (bidi.inlines.length > 0 && bidi.inlines[0]!._bidiLevel !== undefined) layoutBidiLine(bidi, width);
    },
  };
  const tryLayoutDocument = builder.tryLayoutDocument;
  builder.tryLayoutDocument = function (this: LayoutBuilder, docStructure: unknown, ...rest: unknown[]): unknown {
    beginFootnotes(docStructure);
    try {
      return tryLayoutDocument.call(this, docStructure, ...rest);
    } finally {
      endFootnotes();
    }
  };
  const addHeadersAndFooters = builder.addHeadersAndFooters;
  builder.addHeadersAndFooters = function (this: LayoutBuilder, header: unknown, footer: unknown): void {
    placeFootnotes(this.writer as unknown as NoteWriter, noteHooks);
    addHeadersAndFooters.call(this, header, footer);
  };
  const addLine = writer.addLine;
  writer.addLine = function (this: ElementWriter, line: object, ...rest: [boolean?, number?]): unknown {
    return addLineWithNotes(this as unknown as NoteWriter, line as Parameters<typeof addLineWithNotes>[1], () => addLine.call(this, line, ...rest) as unknown, noteHooks);
  };
  const initializePage = documentContext.initializePage;
  documentContext.initializePage = function (this: DocumentContext): void {
    initializePage.call(this);
    this.availableHeight -= pageReserve(this);
  };

  // 13
  const addInfo = doc._addInfo;
  doc._addInfo = function (this: PDFDocument & { info: Record<string, unknown> }): void {
    withXmlSafeInfo(this.info, () => addInfo.call(this));
  };

  // 14: pdfkit copies the PDF/A methods onto the document when it starts
  const initSubset = doc.initSubset;
  doc.initSubset = function (this: PDFDocument & ArchivalDoc & { _addColorOutputIntent?: () => void; _addPdfaMetadata?: () => void }, options: object): void {
    initSubset.call(this, options);
    if (typeof this._addColorOutputIntent === 'function') this._addColorOutputIntent = () => addOutputIntent(this);
    const pdfaMetadata = this._addPdfaMetadata;
    if (typeof pdfaMetadata === 'function')
      this._addPdfaMetadata = () => {
        pdfaMetadata.call(this);
        addModifyDate(this);
      };
  };
  writer[PATCHED] = true;
}

/** Hook 11 on the class of pdfkit's fonts: SVG text encoded by bidi runs. */
function patchSvgEncode(proto: Proto & { [SVG_PATCHED]?: boolean }): void {
  if (proto[SVG_PATCHED]) return;
  proto[SVG_PATCHED] = true;
  const encode = proto['encode'] as SvgFont['encode'];
  proto['encode'] = function (this: SvgFont, text: string, features?: unknown) {
    return svgEncode(encode, this, text, features);
  };
}

/** Hook 2, on the class of pdfkit's fonts (`EmbeddedFont`), which pdfkit does not export. */
function patchFont(proto: Proto): void {
  if (proto[PATCHED] || typeof proto['layout'] !== 'function') return;
  const layout = proto['layout'] as (this: PdfkitFont, text: string, features?: unknown, onlyWidth?: boolean) => Layout;
  proto['layout'] = function (this: PdfkitFont, text: string, features?: unknown, onlyWidth?: boolean): Layout {
    return runLayout(this, text, features) ?? layout.call(this, text, features, onlyWidth);
  };
  proto[PATCHED] = true;
}

/** Hook 10's subsets, on the class of fontkit's subsets (once per class). */
function patchSubset(proto: Proto): void {
  if (proto[PATCHED] || typeof proto['encode'] !== 'function') return;
  const encode = proto['encode'] as (this: FontSubset) => Uint8Array;
  proto['encode'] = function (this: FontSubset): Uint8Array {
    return encodeSubset(this, encode);
  };
  proto[PATCHED] = true;
}

/** Set once the name-tree order is in: `provideFont` runs many times per document, the patch once per process. */
let nameTreePatched = false;

/** Hook 10's name-tree order, on the prototype of the document's destination name tree. */
function patchNameTree(doc: PdfmakeDocument): void {
  if (nameTreePatched) return;
  const dests = destinationTree(doc);
  if (!dests) return;
  const proto = Object.getPrototypeOf(dests) as Proto;
  if (typeof proto['_compareKeys'] !== 'function') return;
  if (!proto[PATCHED]) {
    proto['_compareKeys'] = nameTreeKeyOrder;
    proto[PATCHED] = true;
  }
  nameTreePatched = true;
}
