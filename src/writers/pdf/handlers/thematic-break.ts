import type { ThematicBreak } from 'mdast';
import type { PdfHandler } from '../state.js';

/** Thematic break → a thin rule across the column (settings' `looks.thematicBreak`). */
export const thematicBreak: PdfHandler<ThematicBreak> = (state) => {
  const { textWidth, looks } = state.template.settings;
  const look = looks.thematicBreak;
  return {
    canvas: [{ type: 'line', x1: 0, y1: 0, x2: textWidth, y2: 0, lineWidth: look.width.pdf, lineColor: look.colour.pdf }],
    margin: [0, look.margin.before, 0, look.margin.after],
  };
};
