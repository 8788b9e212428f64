/**
 * Hook 11's logic (wired by `install.ts`): text inside a figure's SVG, which pdfmake draws through
 * svg-to-pdfkit, goes through sahifa's own layer as body text does. Each `<text>` string is split
 * into runs by UAX #9 (`layout/bidi/reorder.ts`), each run shaped by HarfBuzz in its direction (the
 * run marker makes the patched font's `layout` shape it, `font-layout.ts`), and the runs are put
 * in visual order; the glyphs keep their characters (ToUnicode), so the labels are real text that
 * extracts in reading order. svg-to-pdfkit alone shapes with fontkit and sets a mixed string in
 * one direction. Fonts are the template's: any SVG font family falls back to the caption role's
 * font (pdfmake's `fontCallback`), opened here from pdfmake's virtual file system. No pdfmake
 * imports.
 */
import { visualLine, visualOrder } from '../layout/bidi/reorder.js';
import { runFeatures } from '../protocol.js';

/** pdfkit's `font.encode(text, features)`: glyph ids as hex strings and their positions. */
export type Encoded = [string[], object[]];
/** The pdfkit font svg-to-pdfkit encodes its text with. */
export interface SvgFont {
  encode(text: string, features?: unknown): Encoded;
}
/** The parts of pdfmake's document the font hook reads. */
export interface VirtualDoc {
  virtualfs?: { existsSync(p: string): boolean; readFileSync(p: string): Buffer } | null;
  _font?: SvgFont;
}

/** Language of the SVG being drawn, or `undefined` outside pdfmake's `renderSVG`. */
let drawing: { lang: string } | undefined;

/** Runs `draw` (pdfmake's `renderSVG` of one figure) with its language known to the hooks. */
export function drawingSvg(lang: string | undefined, draw: () => void): void {
  drawing = { lang: lang ?? '' };
  try {
    draw();
  } finally {
    drawing = undefined;
  }
}

/**
 * The bytes of the font file svg-to-pdfkit asks for while an SVG is drawn (`doc.font(path)` with
 * the path pdfmake's `fontCallback` gave, a file of its virtual file system), else `undefined`.
 */
export function svgFontFile(doc: VirtualDoc, src: unknown, rest: readonly unknown[]): Buffer | undefined {
  if (!drawing || typeof src !== 'string' || rest.length > 0 || !doc.virtualfs?.existsSync(src)) return undefined;
  return doc.virtualfs.readFileSync(src);
}

/**
 * `font.encode` for SVG text: unmarked text drawn inside an SVG is encoded by bidi runs
 * ({@link encodeBidi}); anything else is left to `encode`.
 */
export function svgEncode(encode: SvgFont['encode'], font: SvgFont, text: string, features: unknown): Encoded {
  if (!drawing || features !== undefined) return encode.call(font, text, features);
  return encodeBidi(encode, font, text, drawing.lang);
}

/** `text` as runs of one bidi level, each shaped in its direction, in visual order. */
function encodeBidi(encode: SvgFont['encode'], font: SvgFont, text: string, lang: string): Encoded {
  if (!/[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/.test(text)) return encode.call(font, text);
  const line = visualLine(text, 'auto');
  const runs: { start: number; end: number; level: number }[] = [];
  line.levels.forEach((level, i) => {
    if (level === null) return;
    const last = runs.at(-1);
    if (last && last.level === level && last.end === i) last.end = i + 1;
    else runs.push({ start: i, end: i + 1, level });
  });
  const hex: string[] = [];
  const positions: object[] = [];
  for (const k of visualOrder(runs.map((r) => r.level))) {
    const run = runs[k]!;
    const [h, p] = encode.call(font, text.slice(run.start, run.end), runFeatures({ dir: run.level % 2 ? 'rtl' : 'ltr', lang }));
    hex.push(...h);
    positions.push(...p);
  }
  return [hex, positions];
}
