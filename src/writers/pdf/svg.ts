/**
 * A figure's SVG in the PDF: drawn as vectors by pdfmake's `svg` node (svg-to-pdfkit), from the
 * sanitised document the parser made.
 *
 * Text in the SVG goes through sahifa's own layer, as body text does: each `<text>` string is
 * split into runs by UAX #9 (`bidi/reorder.ts`), each run shaped by HarfBuzz in its direction
 * (the patched font's layout, `bidi/install.ts`), and the runs put in visual order; the glyphs
 * keep their characters (ToUnicode), so the labels are real text that extracts in reading order.
 * svg-to-pdfkit alone shapes with fontkit and lays out a mixed string in one direction. Fonts are
 * the template's: any SVG font family falls back to the caption role's font (pdfmake's
 * `fontCallback`), which is opened from pdfmake's virtual file system.
 */
import type { Content } from 'pdfmake/interfaces.js';
import PDFDocumentModule from 'pdfmake/js/PDFDocument.js';
import RendererModule from 'pdfmake/js/Renderer.js';
import type { Figure } from '../../model/mdast.js';
import { visualOrder, visualLine } from './bidi/reorder.js';
import { runFeatures } from './bidi/run-features.js';
import type { PdfState } from './state.js';

type Proto = Record<string | symbol, unknown>;
type Encoded = [string[], object[]];
interface SvgFont {
  encode(text: string, features?: unknown): Encoded;
}
interface VirtualDoc {
  virtualfs?: { existsSync(p: string): boolean; readFileSync(p: string): Buffer } | null;
  _font?: SvgFont;
}

const PATCHED = Symbol.for('sahifa.svgText');
/** Language of the SVG being drawn (`undefined` when none is): set around pdfmake's renderSVG. */
let drawing: { lang: string } | undefined;

const protoOf = (mod: unknown): Proto | undefined => {
  const m = mod as { default?: { prototype: Proto }; prototype?: Proto };
  return m.default?.prototype ?? m.prototype;
};

/** `text` as runs of one bidi level, shaped each in its direction, in visual order. */
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

/** Patches pdfmake once: fonts from its virtual file system for SVG text, and {@link encodeBidi}. */
function install(): void {
  const doc = protoOf(PDFDocumentModule);
  const renderer = protoOf(RendererModule);
  if (!doc || !renderer || typeof doc['font'] !== 'function' || typeof renderer['renderSVG'] !== 'function') {
    throw new Error('sahifa: pdfmake PDFDocument.font or Renderer.renderSVG not found; SVG figures need pdfmake 0.3.x');
  }
  if (doc[PATCHED]) return;
  doc[PATCHED] = true;
  const font = doc['font'] as (this: VirtualDoc, src: unknown, ...rest: unknown[]) => unknown;
  doc['font'] = function (this: VirtualDoc, src: unknown, ...rest: unknown[]): unknown {
    // svg-to-pdfkit opens the font file pdfmake's fontCallback names: a virtual file
    if (drawing && typeof src === 'string' && rest.length === 0 && this.virtualfs?.existsSync(src)) {
      const out = font.call(this, this.virtualfs.readFileSync(src));
      patchEncode(Object.getPrototypeOf(this._font) as Proto);
      return out;
    }
    return font.call(this, src, ...rest);
  };
  const renderSVG = renderer['renderSVG'] as (this: unknown, svg: { lang?: string }) => void;
  renderer['renderSVG'] = function (this: unknown, svg: { lang?: string }): void {
    drawing = { lang: svg.lang ?? '' };
    try {
      renderSVG.call(this, svg);
    } finally {
      drawing = undefined;
    }
  };
}

function patchEncode(proto: Proto): void {
  if (proto[PATCHED]) return;
  proto[PATCHED] = true;
  const encode = proto['encode'] as SvgFont['encode'];
  proto['encode'] = function (this: SvgFont, text: string, features?: unknown): Encoded {
    if (!drawing || features !== undefined) return encode.call(this, text, features);
    return encodeBidi(encode, this, text, drawing.lang);
  };
}

/**
 * The pdfmake node of an SVG figure, `width` × `height` pt, its text in the caption role's font.
 *
 * @throws Error when pdfmake is not the 0.3 whose internals this patches
 */
export function svgContent(state: PdfState, node: Figure, width: number, height: number): Content {
  install();
  const svg = new TextDecoder().decode(node.bytes);
  return { svg, width, height, font: state.style('caption').font, lang: node.data?.lang ?? state.doc.meta.lang } as unknown as Content;
}
