/**
 * The ONLY module that touches pdfmake internals. It wraps `ElementWriter.prototype.alignLine`
 * (pdfmake 0.3, `js/ElementWriter.js`), which runs once per committed line, after line breaking
 * and before rendering. Lines whose inlines carry `_bidiLevel` are handed to
 * {@link layoutBidiLine}; all other lines keep pdfmake's own alignment.
 *
 * It also wraps `encode` of the pdfkit font objects those lines use (see
 * {@link storeLigaturesInVisualOrder}), so text extracted from the PDF comes out in logical order.
 */
import ElementWriterModule from 'pdfmake/js/ElementWriter.js';
import { fontkitReverses, layoutBidiLine, type BidiInline, type BidiLine } from './line-layout.js';

interface ElementWriterLike {
  context(): { availableWidth: number };
  alignLine(line: BidiLine): void;
}

const PATCHED = Symbol.for('sahifa.bidi.alignLine');

/**
 * Installs the RTL line layer into pdfmake. Idempotent.
 *
 * @throws {Error} when pdfmake's shape is not the one this layer was written for (the installed
 *   pdfmake is not 0.3.x), so a silent left-to-right fallback can never happen.
 */
export function installBidiLayer(): void {
  // Node gives the CommonJS `exports` object (class under `default`); bundlers may unwrap it.
  const mod = ElementWriterModule as unknown as { default?: { prototype: ElementWriterLike }; prototype?: ElementWriterLike };
  const proto = (mod.default?.prototype ?? mod.prototype) as (ElementWriterLike & { [PATCHED]?: boolean }) | undefined;
  if (!proto || typeof proto.alignLine !== 'function' || typeof proto.context !== 'function') {
    throw new Error('sahifa: pdfmake ElementWriter.alignLine not found; the RTL layer needs pdfmake 0.3.x');
  }
  if (proto[PATCHED]) return;
  const original = proto.alignLine;
  proto.alignLine = function alignLine(this: ElementWriterLike, line: BidiLine): void {
    if (line.inlines.length > 0 && line.inlines[0]!._bidiLevel !== undefined) {
      for (const inline of line.inlines) storeLigaturesInVisualOrder((inline as BidiInline & { font?: object }).font);
      layoutBidiLine(line, this.context().availableWidth);
      return;
    }
    original.call(this, line);
  };
  proto[PATCHED] = true;
}

interface PdfkitGlyph {
  id: number;
  codePoints: number[];
}
interface PdfkitFont {
  encode(text: string, features?: unknown): [string[], unknown[]];
  layout(text: string, features?: unknown): { glyphs: PdfkitGlyph[] };
  subset: { includeGlyph(id: number): number };
  unicode: number[][];
  [PATCHED]?: boolean;
}

/**
 * Text extractors (poppler, pdf.js) read a right-to-left word from its glyphs' positions or from
 * the visual glyph stream and reverse it; a ligature glyph (lam-alef, Plex's sin-ra…) that maps to
 * several characters through the font's ToUnicode CMap gets those characters reversed too, turning
 * "العلاقات" into "العالقات". pdfkit stores a glyph's code points in logical order, so for glyphs
 * drawn in an RTL run this stores them in visual order instead; the extractor's reversal then gives
 * logical order back. Arabic ligatures only occur in RTL runs, so no glyph needs both orders.
 *
 * Wraps the `encode` method of the font object's class once (pdfkit `EmbeddedFont`).
 */
export function storeLigaturesInVisualOrder(font: object | undefined): void {
  const proto = font ? (Object.getPrototypeOf(font) as PdfkitFont) : undefined;
  if (!proto || typeof proto.encode !== 'function' || typeof proto.layout !== 'function' || proto[PATCHED]) return;
  const encode = proto.encode;
  proto.encode = function (this: PdfkitFont, text: string, features?: unknown) {
    const result = encode.call(this, text, features);
    if (fontkitReverses(text)) {
      for (const glyph of this.layout(text, features).glyphs) {
        if (glyph.codePoints.length > 1) this.unicode[this.subset.includeGlyph(glyph.id)] = [...glyph.codePoints].reverse();
      }
    }
    return result;
  };
  proto[PATCHED] = true;
}
