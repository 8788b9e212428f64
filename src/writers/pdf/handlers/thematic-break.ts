import type { ThematicBreak } from 'mdast';
import type { PdfHandler } from '../state.js';

/**
 * Thematic break → a thin rule across the column (settings' `looks.thematicBreak`), drawn as a
 * filled bar of the rule's thickness so that, like the page's `hr` border, it takes that height
 * in the flow (a line at y = 0 took none: pdfmake measures a canvas to its lowest point).
 */
export const thematicBreak: PdfHandler<ThematicBreak> = (state) => {
  const { textWidth, looks } = state.template.settings;
  const look = looks.thematicBreak;
  return {
    canvas: [{ type: 'rect', x: 0, y: 0, w: textWidth, h: look.width.pdf ?? 0, color: look.colour.pdf }],
    margin: [0, look.margin.before, 0, look.margin.after],
  };
};
