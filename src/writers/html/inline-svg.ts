/**
 * SVG figures (`::chart` and `![…](x.svg)`) inline in the page, not as an `<img>`: an SVG drawn
 * as an image is a document of its own, which sees none of the page's `@font-face` rules, so
 * Chromium drew a chart's Arabic labels in its fallback font (DejaVu Sans) instead of the
 * template's (Amiri), unlike the PDF. Inline, its `font-family="Amiri"` takes the page's fonts.
 *
 * The SVG is the one the parse already sanitised (`model/svg.ts`: no script, no external
 * reference, no `foreignObject`), parsed as HTML's foreign content (hast-util-from-html). It runs
 * after the page's own raw-HTML sanitising and bidi isolation, which would strip or rewrite SVG.
 * It is accessible as the `<img>` was: `role="img"` with the alt text as its name. Its ids are
 * prefixed with the figure's, so two figures of one page never resolve each other's `url(#…)`.
 */
import type { Element, ElementContent, Root } from 'hast';
// An SVG asset (sanitised by the parse, model/svg.ts), not the brief's text: the one parse of markup
// left in a writer (the sanitiser could hand over hast instead).
// eslint-disable-next-line no-restricted-imports
import { fromHtml } from 'hast-util-from-html';

/** An `<svg>` element, or undefined when `bytes` is not one SVG document. */
function svgElement(bytes: Uint8Array): Element | undefined {
  const parsed = fromHtml(new TextDecoder().decode(bytes), { fragment: true });
  const elements = parsed.children.filter((c): c is Element => c.type === 'element');
  return elements.length === 1 && elements[0]!.tagName === 'svg' ? elements[0] : undefined;
}

/** Renames every `id` under `el` to `prefix-id` and rewrites the references to it (`href="#…"`, `url(#…)`). */
function prefixIds(el: Element, prefix: string): void {
  const ids = new Set<string>();
  const collect = (e: Element): void => {
    const id = e.properties['id'];
    if (typeof id === 'string') ids.add(id);
    for (const c of e.children) if (c.type === 'element') collect(c);
  };
  collect(el);
  if (!ids.size) return;
  const rename = (value: string): string =>
    value.replace(/url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g, (m: string, q: string, id: string) => (ids.has(id) ? `url(${q}#${prefix}-${id}${q})` : m)).replace(/^#(.+)$/s, (m: string, id: string) => (ids.has(id) ? `#${prefix}-${id}` : m));
  const walk = (e: Element): void => {
    for (const [key, value] of Object.entries(e.properties)) {
      if (key === 'id' && typeof value === 'string') e.properties[key] = `${prefix}-${value}`;
      else if (typeof value === 'string') e.properties[key] = rename(value);
    }
    for (const c of e.children) if (c.type === 'element') walk(c);
  };
  walk(el);
}

/**
 * Replaces the `<img>` of every `<figure class="figure">` whose image is an SVG asset of the page
 * by the SVG itself, sized as the `<img>` was (its `style` width, height from the viewBox).
 *
 * @param tree the page body, after sanitising and bidi isolation
 * @param svgs asset path (the `<img>`'s `src`) → the SVG's bytes
 */
export function inlineSvgFigures(tree: Root | Element, svgs: ReadonlyMap<string, Uint8Array>): void {
  if (!svgs.size) return;
  const walk = (parent: Root | Element): void => {
    for (const child of parent.children) {
      if (child.type !== 'element') continue;
      const classes = child.properties['className'];
      if (child.tagName === 'figure' && Array.isArray(classes) && classes.includes('figure')) inlineIn(child, svgs);
      else walk(child);
    }
  };
  walk(tree);
}

function inlineIn(figure: Element, svgs: ReadonlyMap<string, Uint8Array>): void {
  figure.children = figure.children.map((c): ElementContent => {
    if (c.type !== 'element' || c.tagName !== 'img') return c;
    const src = c.properties['src'];
    const bytes = typeof src === 'string' ? svgs.get(src) : undefined;
    const svg = bytes && svgElement(bytes);
    if (!svg) return c;
    if (typeof figure.properties['id'] === 'string') prefixIds(svg, figure.properties['id']);
    const style = typeof c.properties['style'] === 'string' ? `${c.properties['style']}; ` : '';
    svg.properties = { ...svg.properties, role: 'img', ariaLabel: c.properties['alt'], style: `${style}max-width: 100%; height: auto; display: block; margin-inline: auto; direction: ltr` };
    return svg;
  });
}
