/**
 * The ONLY module that touches pdfmake (0.3) and pdfkit internals: it checks their shape and wires
 * fifteen hooks into them, once, and does nothing else. Each hook's replacement method is made in
 * `hooks/` from the original, its logic in a module named for what it does; what the writer puts on
 * pdfmake content for the hooks is in `protocol.ts`. Only the writer's entry (`index.ts`) imports
 * this module.
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
 * 15. Page footnotes (`layout/footnotes.ts`, hooks/footnotes.ts): `tryLayoutDocument`, `processNode`,
 *    `ElementWriter.prototype.addLine`, `DocumentContext.prototype.initializePage`, `addHeadersAndFooters`.
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
import { provideFontHook } from './hooks/fonts.js';
import {
  alignLineHook,
  buildInlinesHook,
  columnWidthsHook,
  lineBuilderHooks,
  measureHook,
  nextLineHook,
  processNodeHook,
  processTableHook,
  verticalContainerHook,
} from './hooks/layout.js';
import { PATCHED } from './hooks/prototype.js';
import { renderSvgHook, svgFontHook } from './hooks/svg.js';
import { addPageHook, annotateHook, artifactHook, endHook, fragmentHook, linkHook, renderImageHook, renderLineHook } from './hooks/tagging.js';
import { initSubsetHook } from './hooks/archival.js';
import { addLineHook, footnoteHooks, headersAndFootersHook, initializePageHook, tryLayoutHook } from './hooks/footnotes.js';
import type { BreakLine } from './layout/line-break.js';
import { withXmlSafeInfo } from './metadata.js';
import { actualTextContent } from './text/svg-text.js';

/** A prototype (or object) this module patches: marked once patched. */
type Patchable<T> = T & { [PATCHED]?: boolean };

/**
 * Any method, as the installer moves them: pdfmake's declared types (src/types/) and each hook's
 * own (`hooks/`, which may not import pdfmake's) are checked where each is written.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Method = (this: any, ...args: any[]) => any;

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

/** Replaces `holder[method]` with what `hook` makes of it. */
function wrap<T>(holder: T, method: keyof T & string, hook: (original: Method) => Method): void {
  const h = holder as Record<string, Method>;
  h[method] = hook(h[method]!);
}

/**
 * Installs the fifteen hooks. Idempotent.
 *
 * @throws {Error} when pdfmake's shape is not the one this layer was written for, so a silent
 *   left-to-right fallback can never happen
 */
export function installBidiLayer(): void {
  const writer = holderOf<ElementWriter>(ElementWriterModule, 'ElementWriter', ['alignLine', 'context', 'addLine']);
  const documentContext = holderOf<DocumentContext>(DocumentContextModule, 'DocumentContext', ['initializePage']);
  const doc = holderOf<PDFDocument>(PDFDocumentModule, 'PDFDocument', ['provideFont', '_fragment', 'font', 'addPage', 'end', '_addInfo', 'addContent', 'annotate', 'initSubset', 'link', 'goTo']);
  const renderer = holderOf<Renderer>(RendererModule, 'Renderer', ['renderLine', 'renderVector', 'renderImage', 'renderSVG']);
  const decorator = holderOf<TextDecorator>(TextDecoratorModule, 'TextDecorator', ['drawBackground', 'drawDecorations']);
  const builder = holderOf<LayoutBuilder>(LayoutBuilderModule, 'LayoutBuilder', ['buildNextLine', 'processNode', 'processVerticalContainer', 'processTable', 'tryLayoutDocument', 'addHeadersAndFooters']);
  const Line = holderOf<PdfmakeLine>(LineModule, 'Line', ['addInline', 'getAvailableWidth', 'hasEnoughSpaceForInline']).constructor as new (maxWidth: number) => BreakLine;
  const inlines = holderOf<TextInlines>(TextInlinesModule, 'TextInlines', ['buildInlines', 'measure']);
  const TextBreaker = holderOf<PdfmakeTextBreaker>(TextBreakerModule, 'TextBreaker', ['getBreaks']).constructor as new () => { getBreaks(texts: unknown[], stack: unknown): object[] };
  const getStyleProperty = holderOf<{ getStyleProperty: GetStyleProperty }>(StyleContextStackModule, 'StyleContextStack', ['getStyleProperty'], false).getStyleProperty;
  const calculator = holderOf<ColumnCalculator>(ColumnCalculatorModule, 'columnCalculator', ['buildColumnWidths'], false);
  if (writer[PATCHED]) return;

  wrap(calculator, 'buildColumnWidths', columnWidthsHook); // 4
  wrap(inlines, 'buildInlines', () => buildInlinesHook(TextBreaker, getStyleProperty)); // 6
  wrap(inlines, 'measure', () => measureHook(getStyleProperty)); // 7
  const lines = lineBuilderHooks(Line);
  wrap(builder, 'buildNextLine', () => nextLineHook(lines)); // 5
  wrap(builder, 'processNode', processNodeHook); // 8
  wrap(builder, 'processVerticalContainer', () => verticalContainerHook(lines, (...args) => calculator.buildColumnWidths(...args))); // 8
  wrap(builder, 'processTable', (processTable) => processTableHook(processTable, lines)); // 9
  wrap(writer, 'alignLine', alignLineHook); // 1
  wrap(doc, 'provideFont', provideFontHook); // 10, and 2 on the class of the first font provided
  wrap(doc, '_fragment', fragmentHook); // 3, and 12's marked content of runs
  wrap(renderer, 'renderSVG', renderSvgHook); // 11, and 12's figure content
  wrap(doc, 'addContent', actualTextContent);
  wrap(doc, 'font', svgFontHook);
  wrap(doc, 'addPage', addPageHook); // 12
  wrap(doc, 'annotate', annotateHook);
  wrap(doc, 'link', (draw) => linkHook('link', draw));
  wrap(doc, 'goTo', (draw) => linkHook('goTo', draw));
  wrap(doc, 'end', endHook);
  wrap(renderer, 'renderVector', artifactHook);
  wrap(renderer, 'renderLine', renderLineHook);
  wrap(renderer, 'renderImage', renderImageHook);
  wrap(decorator, 'drawBackground', artifactHook);
  wrap(decorator, 'drawDecorations', artifactHook);
  wrap(doc, '_addInfo', (addInfo) => function (this: PDFDocument & { info: Record<string, unknown> }): void {
    withXmlSafeInfo(this.info, () => addInfo.call(this)); // 13
  });
  wrap(doc, 'initSubset', initSubsetHook); // 14
  const notes = footnoteHooks(lines);
  wrap(builder, 'tryLayoutDocument', tryLayoutHook); // 15
  wrap(builder, 'addHeadersAndFooters', (add) => headersAndFootersHook(add, notes));
  wrap(writer, 'addLine', (addLine) => addLineHook(addLine, notes));
  wrap(documentContext, 'initializePage', initializePageHook);
  writer[PATCHED] = true;
}
