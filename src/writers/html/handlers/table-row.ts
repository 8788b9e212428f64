/**
 * Table row handler: the default one builds the cells itself (no `tableCell` handler runs),
 * so the cells' directions are copied here.
 */
import type { TableRow } from 'mdast';
import { defaultHandlers, type Handler } from 'mdast-util-to-hast';
import { isElement, markDir } from './with-dir.js';

/** `tableRow` → `tr` with `th`/`td` cells marked with their direction. */
export const tableRow: Handler = (state, node: TableRow, parent) => {
  const result = defaultHandlers.tableRow(state, node, parent);
  markDir(node, result);
  result.children.filter(isElement).forEach((cell, i) => markDir(node.children[i], cell));
  return result;
};
