/**
 * Building blocks shared by the PDF handlers, the title block and the running header/footer:
 * a text block in a template role, laid out by the RTL layer.
 */
import type { Content } from 'pdfmake/interfaces.js';
import type { Dir } from '../../model/direction.js';
import type { TextRun } from '../shared/inline-runs.js';
import { footnoteMarkId, footnoteNoteId } from '../../model/anchors.js';
import { bidiParagraph, type BidiTextObject } from './bidi/paragraph.js';
import type { LogicalAlign } from './bidi/line-layout.js';
import type { PdfState } from './state.js';
import type { RoleName } from './styles.js';
import { colourOf } from '../../templates/load.js';
import { formatNumber } from '../shared/numbers.js';

/** Margins [left, top, right, bottom] in pt, pdfmake's order. */
export type Margins = [number, number, number, number];

/**
 * One paragraph of text in a template role.
 *
 * @param margin pt; defaults to the role's spaceBefore/spaceAfter
 */
export function textBlock(state: PdfState, runs: readonly TextRun[], role: RoleName, dir: Dir, align: LogicalAlign, margin?: Margins): Content {
  const style = state.style(role);
  const spec = state.template.template.roles[role];
  const digits = state.doc.meta.digits;
  const shown = runs.map((r) => (r.footnote !== undefined ? { ...r, text: formatNumber(r.footnote, digits) } : r));
  const text = bidiParagraph(shown, { dir, align, lang: state.doc.meta.lang, fonts: state.fontStack(role), kashida: state.template.template.paragraph.justify === 'kashida', linkColour: colourOf(state.template.template, 'accent') });
  if (shown.some((r) => r.footnote !== undefined)) raiseFootnoteMarks(text, shown);
  return {
    text,
    ...style,
    margin: margin ?? [0, spec.spaceBefore, 0, spec.spaceAfter],
  } as unknown as Content;
}

/** Bidi format characters the RTL layer drops from runs (see `bidi/levels.ts`). */
const FORMAT_CHARS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Sets pdfmake's `sup` (smaller, raised) on the text objects that come from footnote-mark runs.
 * The RTL layer splits runs into pieces but never joins two runs, and keeps their order, so the
 * pieces of run i are the next objects whose lengths add up to run i's (format characters aside).
 */
function raiseFootnoteMarks(objects: Array<BidiTextObject & { sup?: boolean }>, runs: readonly TextRun[]): void {
  let k = 0;
  for (const run of runs) {
    let left = run.text.replace(FORMAT_CHARS, '').length;
    while (left > 0 && k < objects.length) {
      const obj = objects[k++]!;
      if (run.footnote !== undefined) {
        obj.sup = true;
        // two-way links: the mark goes to its note, the note's ↩ back to the mark
        obj.linkToDestination = footnoteNoteId(run.footnote);
        obj._anchor = footnoteMarkId(run.footnote);
      }
      left -= obj.text.length;
    }
  }
}

/** Plain text as a single run. */
export function plain(text: string): TextRun[] {
  return [{ text }];
}

/** Places `start` and `end` margins (pt) on the physical sides for the direction. */
export function logicalMargins(dir: Dir, start: number, top: number, end: number, bottom: number): Margins {
  return dir === 'rtl' ? [end, top, start, bottom] : [start, top, end, bottom];
}
