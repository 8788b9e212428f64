/**
 * Automatic column widths of a `width: 100%` table whose columns have no width of their own, as a
 * browser lays out the HTML's tables: the one computation the PDF (pdfmake's column calculator,
 * hooked in `pdf/bidi/install.ts`) and the DOCX (`w:gridCol`, `docx/handlers/table.ts`) share.
 * Measuring is the caller's: each writer gives the content widths its own fonts and shaper give.
 */
import type { PhrasingContent } from 'mdast';
import { inlineRuns } from './inline-runs.js';

/** One column's content widths in pt, padding excluded. */
export interface ColumnContent {
  /** min-content width: its widest unbreakable word. */
  readonly minWidth: number;
  /** max-content width: its longest cell on one line. */
  readonly maxWidth: number;
}

/**
 * Browser automatic table layout (CSS 2.1 §17.5.2.2, CSS Tables 3 "distributing width to
 * columns"), given each column's min- and max-content width in pt:
 * - every column at its max-content width when that fits, the space left over shared out in
 *   proportion to the max-content widths (so a column of short labels stays narrow);
 * - else each column between its min and max, the room above the min-content widths shared in
 *   proportion to (max − min) (pdfmake's `auto` does the same);
 * - else (not even the widest words fit) not a browser's layout, which lets the table overflow:
 *   the columns share the width in proportion to their min-content widths and the line builder
 *   breaks the words that are wider (a page cannot scroll; the text would run off it).
 *
 * @param available width in pt for the columns' content (the table's padding and rules taken off)
 * @returns each column's content width in pt, in order
 */
export function autoColumnWidths(columns: readonly ColumnContent[], available: number): number[] {
  const min = columns.reduce((n, c) => n + c.minWidth, 0);
  const max = columns.reduce((n, c) => n + c.maxWidth, 0);
  return columns.map((c) => {
    if (min > available) return (c.minWidth * available) / min;
    if (min === available) return c.minWidth;
    if (max >= available) return c.minWidth + ((c.maxWidth - c.minWidth) * (available - min)) / (max - min);
    return max > 0 ? c.maxWidth + ((available - max) * c.maxWidth) / max : available / columns.length;
  });
}

/** The width in pt of a text on one line; `bold` for the header row's cells. */
export type MeasureText = (text: string, bold: boolean) => number;

/**
 * The content widths of a table's columns, measured with `measure`: a cell's max-content width is
 * its printed text (as `inlineRuns` gives it) on one line, its min-content width its widest word
 * (split at white space); a column takes the largest of its cells. Row 0 is the header (bold).
 */
export function columnContents(rows: readonly (readonly { children: PhrasingContent[] }[])[], measure: MeasureText): ColumnContent[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const out = Array.from({ length: columns }, () => ({ minWidth: 0, maxWidth: 0 }));
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      const text = inlineRuns(cell.children)
        .map((run) => run.text)
        .join('')
        .replace(/\s+/g, ' ')
        .trim();
      const col = out[c]!;
      col.maxWidth = Math.max(col.maxWidth, measure(text, r === 0));
      for (const word of text.split(' ')) col.minWidth = Math.max(col.minWidth, measure(word, r === 0));
    }),
  );
  return out;
}
