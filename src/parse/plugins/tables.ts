/**
 * unified plugin (right after the Markdown syntax plugins): every row of a GFM table gets as many
 * cells as the table's header row, as GitHub does: a short row is padded with empty cells, the
 * cells of a long row past the header's count are dropped. Done once in the shared tree, so the
 * three writers agree and none of them meets a ragged table (pdfmake stops on a row with a cell
 * missing).
 */
import type { Root, TableCell } from 'mdast';
import { visit } from 'unist-util-visit';

/** The plugin; see the module comment. */
export function remarkSahifaTables() {
  return (tree: Root): void => {
    visit(tree, 'table', (table) => {
      const columns = table.children[0]?.children.length ?? 0;
      for (const row of table.children) {
        if (row.children.length > columns) row.children.length = columns;
        while (row.children.length < columns) {
          const cell: TableCell = { type: 'tableCell', children: [] };
          row.children.push(cell);
        }
      }
      // `align` has one entry per column of the delimiter row, which GFM makes equal to the header's.
      if (table.align && table.align.length !== columns) table.align = Array.from({ length: columns }, (_, i) => table.align?.[i] ?? null);
    });
  };
}
