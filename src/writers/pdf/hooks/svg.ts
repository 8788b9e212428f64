/**
 * Hook 11 (see install.ts): text in a figure's SVG, which svg-to-pdfkit draws through pdfkit,
 * shaped and ordered by sahifa's layer in the template's fonts (`text/svg-text.ts`); with hook
 * 12, a figure's drawing is its element's marked content (`tagging/marked-content.ts`).
 */
import { endPiece, markPiece, type TaggedDoc } from '../tagging/marked-content.js';
import { drawingSvg, svgEncode, svgFont, svgFontFile, type FontSwitchingDoc, type SvgFont, type VirtualDoc } from '../text/svg-text.js';
import type { Proto } from './prototype.js';

const SVG_PATCHED = Symbol.for('sahifa.svgText');

/** A figure's SVG as pdfmake's renderer gets it, with what the writer marked on it. */
export interface SvgNode {
  lang?: string;
  _sahifaTag?: string;
}

/** pdfmake's `Renderer.prototype.renderSVG`. */
export type RenderSvg = (this: { pdfDocument: unknown }, svg: SvgNode) => void;

/** `renderSVG` drawing the SVG's text with sahifa's layer, inside the figure's marked content. */
export function renderSvgHook(renderSVG: RenderSvg): RenderSvg {
  return function (this: { pdfDocument: unknown }, svg: SvgNode): void {
    const pdf = this.pdfDocument as TaggedDoc;
    markPiece(pdf, svg._sahifaTag);
    drawingSvg(svg.lang, () => renderSVG.call(this, svg));
    endPiece(pdf);
  };
}

/** pdfkit's `PDFDocument.prototype.font`. */
export type SetFont = (this: VirtualDoc, src: unknown, ...rest: unknown[]) => unknown;

/**
 * `font` reading a font an SVG names from pdfmake's virtual file system, and patching the class
 * of pdfkit's fonts so that SVG text is encoded by bidi runs.
 */
export function svgFontHook(font: SetFont): SetFont {
  return function (this: VirtualDoc, src: unknown, ...rest: unknown[]): unknown {
    const file = svgFontFile(this, src, rest);
    if (!file) return font.call(this, src, ...rest);
    const out = svgFont(this as VirtualDoc & FontSwitchingDoc, font, src as string, file);
    if (this._font) patchSvgEncode(Object.getPrototypeOf(this._font) as Proto);
    return out;
  };
}

/** On the class of pdfkit's fonts: SVG text encoded by bidi runs. */
function patchSvgEncode(proto: Proto & { [SVG_PATCHED]?: boolean }): void {
  if (proto[SVG_PATCHED]) return;
  proto[SVG_PATCHED] = true;
  const encode = proto['encode'] as SvgFont['encode'];
  proto['encode'] = function (this: SvgFont, text: string, features?: unknown) {
    return svgEncode(encode, this, text, features);
  };
}
