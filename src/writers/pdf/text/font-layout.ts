/**
 * Text as a pdfkit font lays it out (the font `layout` hook of `install.ts`): a run marked by the
 * writer ({@link parseRunFeatures}) is shaped by HarfBuzz in the run's direction instead of by
 * fontkit. pdfmake measures and pdfkit draws through this method, so widths and glyphs agree.
 */
import type { BreakInline, Clusters } from '../layout/line-break.js';
import { parseRunFeatures, type RunProperties } from '../protocol.js';
import type { Layout } from './glyph-layout.js';
import { contextLayout, fontLayout, scriptOfText } from './word-shaping.js';

/** A pdfkit `EmbeddedFont` (one per document and face), as the hooks use it; `font` is the parsed fontkit font. */
export interface PdfkitFont {
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
}

/**
 * The layout of a marked run (HarfBuzz glyph ids and advances, 1/1000 em): the word as shaped with
 * its paragraph (`word-shaping.ts`), else the text shaped alone. Undefined for text without a run
 * marker, which keeps fontkit's layout.
 */
export function runLayout(font: PdfkitFont, text: string, features: unknown): Layout | undefined {
  const run = parseRunFeatures(features);
  if (!run) return undefined;
  return fontLayout(font, text, features) ?? contextLayout(font.font.stream.buffer, text, run, scriptOfText(text, run.lang));
}

/**
 * The grapheme clusters of an inline the RTL layer shapes (its run marker set), from its layout as
 * the font draws it (HarfBuzz clusters: a letter with its marks, a ligature), with their advances
 * in pt (letter spacing included, per UTF-16 unit as pdfmake counts it). Undefined for other inlines.
 */
export function clusterWidths(inline: BreakInline): Clusters | undefined {
  const font = inline.font as PdfkitFont | undefined;
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
