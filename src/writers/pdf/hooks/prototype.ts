/**
 * Marks on what the PDF hooks patch, so each is patched once per process: pdfmake's prototypes
 * (install.ts) and the pdfkit and fontkit classes found at run time (`fonts.ts`, `svg.ts`), which
 * those libraries do not export.
 */

/** Set on a prototype once patched (a global symbol: a second copy of this module sees it too). */
export const PATCHED = Symbol.for('sahifa.bidi.patched');

/** A prototype of pdfkit or fontkit, found at run time. */
export interface Proto {
  [PATCHED]?: boolean;
  [key: string]: unknown;
}
