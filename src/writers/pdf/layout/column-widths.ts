/**
 * A table's column widths (the `columnCalculator.buildColumnWidths` hook of `install.ts`): a
 * browser's automatic layout for a table that fills the width ({@link fillAutoColumns}), and star
 * columns squeezed into the width left when a word does not fit ({@link fitStarColumns}). No
 * pdfmake imports: works on pdfmake's measured columns.
 */
import { FILL_TABLE } from '../protocol.js';
import { autoColumnWidths } from '../../shared/column-widths.js';

/** A pdfmake column as `buildColumnWidths` sees it: content widths in pt, padding excluded. */
export interface MeasuredColumn {
  width?: unknown;
  _minWidth: number;
  _maxWidth: number;
  _calcWidth?: number;
}

/**
 * Star columns (`'*'`: the TOC's entries, a box's one cell, a list item's text) squeezed into the
 * width left when their widest word does not fit. pdfmake then gives every star column that word's
 * width ("no way to fit all columns […] unless we decide, in the future, to split single words"),
 * and the table runs off the page: the TOC of a brief with a long unbreakable heading lost every
 * entry past the page's edge. This layer's line builder does split a word wider than its line
 * (at grapheme clusters, `line-break.ts`), so each star column gets its share of the width
 * left after the other columns, as when everything fits. Widths in pt; changes `_calcWidth` of
 * star columns only, and only when the columns are wider than `availableWidth` and room is left.
 */
export function fitStarColumns(columns: MeasuredColumn[], availableWidth: number): void {
  const star = (c: MeasuredColumn): boolean => c.width === null || c.width === undefined || c.width === '*' || c.width === 'star';
  const stars = columns.filter(star);
  if (!stars.length) return;
  const total = columns.reduce((sum, c) => sum + (c._calcWidth ?? 0), 0);
  if (total <= availableWidth + 1e-6) return;
  const left = availableWidth - columns.reduce((sum, c) => sum + (star(c) ? 0 : (c._calcWidth ?? 0)), 0);
  if (left <= 0) return;
  for (const c of stars) c._calcWidth = Math.min(c._calcWidth ?? Infinity, left / stars.length);
}

/**
 * Browser automatic table layout of a `width: 100%` table on pdfmake's columns: sets `_calcWidth`
 * of every column from its `_minWidth`/`_maxWidth` by the writers' shared computation
 * ({@link autoColumnWidths}, `shared/column-widths.ts`).
 *
 * @param available width in pt for the columns' content (the table's padding and rules taken off)
 */
export function fillAutoColumns(columns: MeasuredColumn[], available: number): void {
  autoColumnWidths(
    columns.map((c) => ({ minWidth: c._minWidth, maxWidth: c._maxWidth })),
    available,
  ).forEach((w, i) => (columns[i]!._calcWidth = w));
}

/**
 * Whether a table gets {@link fillAutoColumns} instead of pdfmake's own widths: the writer marked it
 * with {@link FILL_TABLE} and every column is `'auto'`.
 */
export function fillsWidth(columns: readonly MeasuredColumn[], tableNode: Record<string, unknown> | undefined): boolean {
  return tableNode?.[FILL_TABLE] === true && columns.every((c) => c.width === 'auto');
}

/** pdfmake's `columnCalculator.buildColumnWidths`: sets `_calcWidth` of every column (pt). */
export type BuildColumnWidths = (columns: MeasuredColumn[], availableWidth: number, offsetTotal?: number, tableNode?: Record<string, unknown>) => void;
