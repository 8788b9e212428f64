import type { Table } from 'mdast';
import type { ContentTable, TableCellProperties } from 'pdfmake/interfaces.js';
import { colourOf } from '../../../templates/load.js';
import { inlineRuns } from '../../shared/inline-runs.js';
import { textBlock, type TextBlock } from '../blocks.js';
import { FILL_TABLE } from '../protocol.js';
import type { PdfHandler } from '../state.js';

/**
 * GFM table → pdfmake table; in an RTL table the columns are reversed so the first column is on
 * the right. Column widths follow the cells' content as in a browser's automatic table layout at
 * `width: 100%`, the HTML writer's table (see `fillAutoColumns`). The header row repeats on every
 * page, in `table.headerColour` on `table.headerBackground`; rules in `table.rule`, cell padding
 * `table.padding` pt. GFM `left`/`right` are physical sides.
 */
export const table: PdfHandler<Table> = (state, node, ctx) => {
  const t = state.template.template;
  const { outer, inner, margin } = state.template.settings.looks.table;
  const dir = node.data?.dir ?? ctx.dir;
  const body = node.children.map((row, r) => {
    const cells = row.children.map((cell, c) => {
      const cellDir = cell.data?.dir ?? dir;
      const a = node.align?.[c];
      const align = a === 'center' ? 'center' : a === 'right' ? (cellDir === 'rtl' ? 'start' : 'end') : a === 'left' ? (cellDir === 'rtl' ? 'end' : 'start') : 'start';
      const block: TextBlock & TableCellProperties = textBlock(state, inlineRuns(cell.children, {}, (n) => state.unknowns.add(n)), 'body', cellDir, align, [0, 0, 0, 0]);
      if (r === 0) {
        block.bold = true;
        block.color = colourOf(t, t.table.headerColour);
        if (t.table.headerBackground !== 'none') block.fillColor = colourOf(t, t.table.headerBackground);
      }
      return block;
    });
    return dir === 'rtl' ? cells.reverse() : cells;
  });
  const columns = Math.max(...body.map((r) => r.length));
  const content: ContentTable & { [FILL_TABLE]: true } = {
    // column widths from the cells' content, filling the column as a browser's `width: 100%` table
    [FILL_TABLE]: true,
    table: { headerRows: 1, widths: Array.from({ length: columns }, () => 'auto'), body },
    layout: {
      hLineWidth: (i: number) => (i <= 1 || i === body.length ? outer.width.pdf! : inner.width.pdf!),
      vLineWidth: () => 0,
      hLineColor: (i: number) => (i <= 1 || i === body.length ? outer : inner).colour.pdf,
      paddingLeft: () => t.table.padding,
      paddingRight: () => t.table.padding,
      paddingTop: () => t.table.padding,
      paddingBottom: () => t.table.padding,
    },
    margin: [0, margin.before, 0, margin.after],
  };
  return content;
};
