/**
 * Table row handler: the default one builds the cells itself (no `tableCell` handler runs),
 * so the cells' directions are copied here.
 */
import type { TableRow } from 'mdast';
import { toString } from 'hast-util-to-string';
import { defaultHandlers, type Handler } from 'mdast-util-to-hast';
import { isElement, markDir } from './with-dir.js';

/**
 * `tableRow` → `tr` with `th`/`td` cells marked with their direction. A header cell heads its
 * column (`scope="col"`, WCAG H63); an empty one is a `td`, since a header with no text names
 * nothing (axe-core `empty-table-header`).
 */
export const tableRow: Handler = (state, node: TableRow, parent) => {
  const result = defaultHandlers.tableRow(state, node, parent);
  markDir(node, result);
  result.children.filter(isElement).forEach((cell, i) => {
    markDir(node.children[i], cell);
    if (cell.tagName !== 'th') return;
    if (toString(cell).trim() === '') cell.tagName = 'td';
    else cell.properties['scope'] = 'col';
  });
  return result;
};
