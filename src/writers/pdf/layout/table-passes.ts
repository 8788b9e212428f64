/**
 * A table laid out afresh in every layout pass (the `LayoutBuilder.processTable` hook of
 * `install.ts`). pdfmake lays a document out again when its `pageBreakBefore` pass moves a
 * heading, and a table must not carry state from the earlier pass.
 */

/**
 * Clears the page-break state pdfmake's `processRow` leaves on a table node: `_bottomByPage` (by
 * page index, the lowest y any cell of the table reached on that page) and `_breaksBySpan` (the
 * page breaks of row-spanning cells). pdfmake keeps both on the node, so when it lays the document
 * out again (its `pageBreakBefore` pass moved a heading) a table starts the new pass with the
 * previous pass's bottoms: where the table now breaks on a page on which it ended lower in the
 * earlier pass, `_updatePageBreaksData` takes that stale bottom as the row's bottom on the page
 * and the vertical rules (a boxed quote's or callout's side rule, a table's column rules) run
 * down past the row's last line. A table laid out once starts with neither set.
 */
export function clearTableState(node: Record<string, unknown>): void {
  delete node['_bottomByPage'];
  delete node['_breaksBySpan'];
}
