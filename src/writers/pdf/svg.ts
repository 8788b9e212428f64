/**
 * A figure's SVG in the PDF: drawn as vectors by pdfmake's `svg` node (svg-to-pdfkit), from the
 * sanitised document the parser made; its text goes through sahifa's layer (`text/svg-text.ts`,
 * hook 11 of `install.ts`).
 */
import type { ContentSvg } from 'pdfmake/interfaces.js';
import type { Figure } from '../../model/mdast.js';
import type { PdfState } from './state.js';
import { SVG_LETTER_SPACING } from './text/svg-text.js';

/** The pdfmake node of an SVG figure, `width` × `height` pt, its text in the caption role's font. */
export function svgContent(state: PdfState, node: Figure, width: number, height: number): ContentSvg {
  const svg = spaced(new TextDecoder().decode(node.bytes));
  // `lang` is read by hook 11 (pdfmake passes the node to renderSVG); pdfmake's types do not know it
  return { svg, width, height, font: state.style('caption').font, lang: node.data?.lang ?? state.doc.meta.lang } as ContentSvg;
}

/**
 * The SVG with `letter-spacing` {@link SVG_LETTER_SPACING} on its root unless the author set one,
 * so that svg-to-pdfkit positions each glyph with HarfBuzz's offsets (marks, `text/svg-text.ts`).
 */
function spaced(svg: string): string {
  const root = /^<svg\b[^>]*>/.exec(svg);
  if (!root || /\sletter-spacing=/.test(root[0])) return svg;
  return `<svg letter-spacing="${SVG_LETTER_SPACING}"${svg.slice(4)}`;
}
