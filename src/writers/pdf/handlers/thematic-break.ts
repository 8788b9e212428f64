import type { ThematicBreak } from 'mdast';
import type { Content } from 'pdfmake/interfaces.js';
import { colourOf } from '../../../templates/load.js';
import { PAGE_SIZES } from '../../../templates/units.js';
import type { PdfHandler } from '../state.js';

/** Thematic break → a thin rule across the column. */
export const thematicBreak: PdfHandler<ThematicBreak> = (state) => {
  const t = state.template.template;
  const width = PAGE_SIZES[t.page.size][0] - t.page.margins.start - t.page.margins.end;
  return {
    canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.75, lineColor: colourOf(t, 'rule' in t.colours ? 'rule' : 'muted') }],
    margin: [0, 6, 0, 10],
  } as unknown as Content;
};
