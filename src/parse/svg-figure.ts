/**
 * A figure of an SVG image: the file sanitised once (`model/svg.ts`), its refusals and removals
 * reported at the image's place. Used by the figure directives and by charts (whose SVG comes from
 * vega, and is sanitised the same way).
 */
import { sanitiseSvg } from '../model/svg.js';
import type { Figure } from '../model/mdast.js';

/**
 * The figure of SVG bytes, numbered 0 (the caller numbers and places it).
 *
 * @param warn reports a refusal (then `undefined` is returned: the caller prints the alt text) or a
 *   removal (the figure is still made), as one sentence naming the image
 */
export function svgFigure(bytes: Uint8Array, url: string, src: string, alt: string, caption: string, warn: (reason: string) => void): Figure | undefined {
  const result = sanitiseSvg(bytes);
  if (!result.ok) {
    warn(`SVG image "${url}" ${result.reason}; it is not drawn and its alt text is shown`);
    return undefined;
  }
  for (const sentence of result.removed) warn(`SVG image "${url}": ${sentence}`);
  const svg = new TextEncoder().encode(result.svg);
  return { type: 'figure', url, src, bytes: svg, format: 'svg', width: result.width, height: result.height, alt, caption, number: 0 };
}
