/**
 * Running header and footer: series/number (or the title) at the top from page 2 on, the page
 * number "صفحة X من Y" at the bottom of every page, in the brief's digit system.
 */
import type { Content, DynamicContent } from 'pdfmake/interfaces.js';
import { colourOf } from '../../templates/load.js';
import { formatNumber } from '../shared/numbers.js';
import { documentTitle, stringsFor, titleBlock } from '../shared/title-block.js';
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
  return (page: number, _count: number, size: { width: number }): Content => {
    if (page === 1) return [];
    const block = textBlock(state, plain(text), 'running', dir, 'start', [0, 0, 0, 3]);
    const parts: Content[] = [block];
    if (t.header.rule !== 'none') {
      parts.push({
        canvas: [{ type: 'line', x1: 0, y1: 0, x2: size.width - start - end, y2: 0, lineWidth: 0.6, lineColor: colourOf(t, t.header.rule) }],
      } as unknown as Content);
    }
    return { stack: parts, margin: logicalMargins(dir, start, top * 0.45, end, 0) } as unknown as Content;
  };
}

/** Footer function for pdfmake: "page X of Y" centred. */
export function footer(state: PdfState): DynamicContent | undefined {
  const t = state.template.template;
  if (!t.footer.pageNumbers) return undefined;
  const meta = state.doc.meta;
  const s = stringsFor(t, meta.lang);
  const { start, end, bottom } = t.page.margins;
  return (page: number, count: number): Content => {
    const label = `${s.page} ${formatNumber(page, meta.digits)} ${s.of} ${formatNumber(count, meta.digits)}`;
    return { stack: [textBlock(state, plain(label), 'running', meta.dir, 'center', [0, 0, 0, 0])], margin: logicalMargins(meta.dir, start, bottom * 0.35, end, 0) } as unknown as Content;
  };
}
