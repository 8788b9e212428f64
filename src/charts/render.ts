/**
 * Charts drawn at build time: each chart figure's Vega-Lite spec (data inlined by the parser,
 * `parse/plugins/charts.ts`) compiled by vega-lite and rendered to SVG by vega's headless view
 * (no browser, no canvas), then sanitised like any SVG image (`parse/svg-figure.ts`). vega and
 * vega-lite are loaded only when a brief has a chart.
 *
 * The template gives the looks: the body font, the caption role's size and colour for labels,
 * the accent colour and the others as the category palette. A right-to-left brief gets its
 * category (x) axis reversed (the first category at the right), the value axis on the right and
 * the legend on the left; the brief's `digits: arab` gives Arabic-Indic numerals with the Arabic
 * decimal and thousands separators (٫ ٬) and percent sign (٪).
 */
import type { Nodes } from 'mdast';
import { SahifaError } from '../model/errors.js';
import type { Figure } from '../model/mdast.js';
import { svgFigure } from '../parse/svg-figure.js';
import type { ParsedBrief } from '../parse/index.js';
import { colourOf } from '../templates/load.js';
import type { LoadedTemplate } from '../templates/schema.js';

/** Chart figures of a tree, in order. */
export function chartsOf(tree: ParsedBrief['tree']): Figure[] {
  const out: Figure[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'figure' && node.chart) out.push(node);
    else if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  return out;
}

const ARABIC_DIGITS = ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];

type Spec = Record<string, unknown>;
const obj = (v: unknown): Spec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Spec) : {});

/** The spec with the template's config and the brief's direction applied (the author's settings win). */
export function styledSpec(spec: Spec, loaded: LoadedTemplate, dir: 'ltr' | 'rtl'): Spec {
  const t = loaded.template;
  const family = t.fonts[t.roles.body.font]?.family ?? 'sans-serif';
  const caption = t.roles.caption;
  const text = colourOf(t, 'text');
  const palette = [colourOf(t, 'accent'), colourOf(t, 'keyborder'), colourOf(t, 'muted'), colourOf(t, 'rule'), colourOf(t, 'text')];
  const config: Spec = {
    font: family,
    background: null,
    view: { stroke: null },
    axis: { labelFont: family, titleFont: family, labelFontSize: caption.size, titleFontSize: caption.size, labelColor: text, titleColor: text, gridColor: colourOf(t, 'rule'), domainColor: colourOf(t, 'muted'), tickColor: colourOf(t, 'muted') },
    legend: { labelFont: family, titleFont: family, labelFontSize: caption.size, titleFontSize: caption.size, labelColor: text, titleColor: text, ...(dir === 'rtl' ? { orient: 'left' } : {}) },
    title: { font: family, fontSize: t.roles.h3.size, color: text },
    text: { font: family, fontSize: caption.size, color: text },
    range: { category: palette },
    mark: { color: palette[0] },
    ...obj(spec['config']),
  };
  const out: Spec = { ...spec, config };
  if (dir === 'rtl') {
    const encoding = { ...obj(spec['encoding']) };
    const x = obj(encoding['x']);
    const y = obj(encoding['y']);
    if (x['field'] !== undefined && x['type'] !== 'quantitative' && x['type'] !== 'temporal') encoding['x'] = { ...x, scale: { reverse: true, ...obj(x['scale']) } };
    if (y['field'] !== undefined) encoding['y'] = { ...y, axis: y['axis'] === null ? null : { orient: 'right', ...obj(y['axis']) } };
    out['encoding'] = encoding;
  }
  return out;
}

/**
 * Draws every chart of a parsed brief to SVG, in place (`bytes`, `width`, `height` of its figure).
 *
 * @throws {SahifaError} rule `chart`, at the directive, when vega-lite or vega rejects the spec
 */
export async function renderCharts(doc: ParsedBrief, loaded: LoadedTemplate): Promise<void> {
  const charts = chartsOf(doc.tree);
  if (!charts.length) return;
  // in the bundle, a chunk of their own (scripts/bundle.mjs), loaded with its code cache
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const digits = doc.meta.digits;
  const locale = {
    number: digits === 'arab' ? { decimal: '٫', thousands: '٬', grouping: [3], currency: ['', ''], numerals: ARABIC_DIGITS, percent: '٪' } : { decimal: '.', thousands: ',', grouping: [3], currency: ['', ''] },
  };
  for (const figure of charts) {
    const place = { file: doc.path || '<input>', line: figure.position?.start.line, column: figure.position?.start.column };
    const dir = doc.meta.dir; // the brief's direction, not the caption's: an English brief may caption in Arabic
    let svg: string;
    try {
      const warnings: string[] = [];
      const logger = { level: () => logger, error: (...m: unknown[]) => warnings.push(m.join(' ')), warn: (...m: unknown[]) => warnings.push(m.join(' ')), info: () => logger, debug: () => logger };
      const compiled = vl.compile(styledSpec(figure.chart!.spec, loaded, dir) as never, { logger: logger as never }).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'none', locale: locale as never, loader: { load: () => Promise.reject(new Error('charts read no files')) } as never });
      svg = await view.toSVG();
      view.finalize();
    } catch (err) {
      throw new SahifaError(place, `\`::chart\` spec "${figure.url}" is not a valid Vega-Lite spec: ${(err as Error).message.split('\n')[0]}`, 'chart');
    }
    const made = svgFigure(new TextEncoder().encode(svg), figure.url, figure.src, figure.alt, figure.caption, (reason) => {
      throw new SahifaError(place, reason, 'chart');
    });
    Object.assign(figure, { bytes: made!.bytes, width: made!.width, height: made!.height });
  }
}
