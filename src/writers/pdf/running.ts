/**
 * Running header and footer: series/number (or the title) at the top from page 2 on, with the
 * template's logo (`header.logo`) at the end side of that line; the page
 * number "صفحة X من Y" at the bottom of every page, in the brief's digit system.
 */
import type { Column, Content, DynamicContent } from 'pdfmake/interfaces.js';
import type { Dir } from '../../model/direction.js';
import { mimeOf } from '../../model/images.js';
import type { TemplateLogo } from '../../templates/schema.js';
import { formatNumber } from '../shared/numbers.js';
import { wordsFor } from '../../templates/settings.js';
import { documentTitle, titleBlock } from '../shared/title-block.js';
import { logicalMargins, plain, textBlock } from './blocks.js';
import type { PdfState } from './state.js';

/** Header function for pdfmake (page numbers are 1-based). */
export function header(state: PdfState): DynamicContent | undefined {
  const t = state.template.template;
  if (!t.header.show) return undefined;
  const dir = state.doc.meta.dir;
  const tb = titleBlock(state.doc.meta, t);
  const text = tb.kicker ?? documentTitle(state.doc);
  const { start, end, top } = t.page.margins;
  const logo = state.template.logo;
  const headerRule = state.template.settings.looks.headerRule;
  // With a logo the text sits on the logo's baseline: it drops by the logo's height less its line's.
  const textDrop = logo ? Math.max(0, logo.heightPt - t.roles.running.size * t.roles.running.lineHeight) : 0;
  return (page: number): Content => {
    if (page === 1) return [];
    const parts: Content[] = [logo ? withLogo(textBlock(state, plain(text), 'running', dir, 'start', [0, textDrop, 0, 3]), logo, dir) : textBlock(state, plain(text), 'running', dir, 'start', [0, 0, 0, 3])];
    if (headerRule?.width.pdf !== undefined) {
      parts.push({
        canvas: [{ type: 'line', x1: 0, y1: 0, x2: state.template.settings.textWidth, y2: 0, lineWidth: headerRule.width.pdf, lineColor: headerRule.colour.pdf }],
      });
    }
    return furniture({ stack: parts, margin: logicalMargins(dir, start, top * 0.45, end, 0) });
  };
}

/**
 * Marks running header/footer content with `headlineLevel: 0` (every block node in it): pdfmake
 * hands these nodes to `pageBreakBefore` among the body's, and the keep-with-next rule
 * (`keepWithNext` in index.ts) must not count them as text following a heading.
 */
function furniture<N extends FurnitureNode>(content: N): N {
  content.headlineLevel = 0;
  for (const key of ['stack', 'columns'] as const) {
    const children = content[key];
    if (Array.isArray(children)) for (const child of children) if (child && typeof child === 'object' && !Array.isArray(child)) furniture(child);
  }
  return content;
}

/** What {@link furniture} reads and sets on a pdfmake node (every node takes `headlineLevel`: pdfmake's ContentBase). */
interface FurnitureNode {
  headlineLevel?: number;
  stack?: unknown;
  columns?: unknown;
}

/**
 * The header line with the logo: the text at the start side, the logo at the end side (left in an
 * RTL brief), both on one bottom line. pdfmake gets the image as a data URL (it reads no files).
 */
function withLogo(text: Content, logo: TemplateLogo, dir: Dir): Content {
  const image: Column = { image: LOGO_IMAGE, width: logo.widthPt, height: logo.heightPt, margin: [0, 0, 0, 3] };
  const textColumn: Column = { stack: [text], width: '*' };
  return { columns: dir === 'rtl' ? [image, textColumn] : [textColumn, image], columnGap: 8 };
}

/** Name of the logo in the document's `images` dictionary. */
const LOGO_IMAGE = 'sahifa-template-logo';

/**
 * The document definition's `images` (the logo as a data URL, embedded once however many pages
 * show it; pdfmake reads no files), or undefined without a logo.
 */
export function runningImages(state: PdfState): Record<string, string> | undefined {
  const logo = state.template.logo;
  if (!logo || !state.template.template.header.show) return undefined;
  return { [LOGO_IMAGE]: `data:${mimeOf(logo.format)};base64,${Buffer.from(logo.bytes).toString('base64')}` };
}

/** Footer function for pdfmake: "page X of Y" centred. */
export function footer(state: PdfState): DynamicContent | undefined {
  const t = state.template.template;
  if (!t.footer.pageNumbers) return undefined;
  const meta = state.doc.meta;
  const s = wordsFor(state.template.settings, meta.lang);
  const { start, end, bottom } = t.page.margins;
  return (page: number, count: number): Content => {
    const label = `${s.page} ${formatNumber(page, meta.digits)} ${s.of} ${formatNumber(count, meta.digits)}`;
    return furniture({ stack: [textBlock(state, plain(label), 'running', meta.dir, 'center', [0, 0, 0, 0])], margin: logicalMargins(meta.dir, start, bottom * 0.35, end, 0) });
  };
}
