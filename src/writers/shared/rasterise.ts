/**
 * PNG renderings of SVG figures, for a writer that must carry a raster beside the vector (DOCX:
 * Word's `asvg:svgBlip` needs a PNG fallback for readers without SVG). Rendered by resvg
 * (@resvg/resvg-js, loaded on first use) with the template's fonts only: no system font is read,
 * so the picture is the same on every machine.
 */
import { createRequire } from 'node:module';
import type { Root, Nodes } from 'mdast';
import type { Figure } from '../../model/mdast.js';
import type { LoadedTemplate } from '../../templates/schema.js';

/** Pixels per CSS px of the fallback (2: sharp on a 192 dpi screen), at most {@link MAX_WIDTH} wide. */
const SCALE = 2;
const MAX_WIDTH = 4000;

type ResvgModule = typeof import('@resvg/resvg-js');
let resvg: ResvgModule | undefined;
const rendered = new WeakMap<Uint8Array, Uint8Array>();

/**
 * Renders every SVG figure of the tree to PNG (once per figure bytes), for {@link fallbackPng}.
 *
 * @throws Error when resvg cannot be loaded or fails on a (sanitised) SVG
 */
export function rasteriseSvgFigures(tree: Root, loaded: LoadedTemplate): void {
  const figures: Figure[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'figure' && node.format === 'svg') figures.push(node);
    else if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  if (!figures.length) return;
  resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
  const fontFiles = Object.values(loaded.fontFiles).flatMap((f) => [f.regular, f.bold, f.italic, f.boldItalic].filter((x): x is string => typeof x === 'string'));
  const body = loaded.template.fonts[loaded.template.roles.body.font]?.family ?? '';
  for (const figure of figures) {
    if (rendered.has(figure.bytes)) continue;
    const width = Math.min(MAX_WIDTH, Math.max(1, Math.round(figure.width * SCALE)));
    const png = new resvg.Resvg(Buffer.from(figure.bytes), {
      font: { loadSystemFonts: false, fontFiles, defaultFontFamily: body, sansSerifFamily: body, serifFamily: body },
      fitTo: { mode: 'width', value: width },
      logLevel: 'off',
    })
      .render()
      .asPng();
    rendered.set(figure.bytes, new Uint8Array(png));
  }
}

/** The PNG of an SVG figure rendered by {@link rasteriseSvgFigures}. @throws Error when it was not rendered */
export function fallbackPng(figure: Figure): Uint8Array {
  const png = rendered.get(figure.bytes);
  if (!png) throw new Error(`sahifa: the SVG figure ${figure.number} has no PNG fallback (rasteriseSvgFigures was not called)`);
  return png;
}
