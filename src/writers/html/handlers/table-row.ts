/**
 * Table row handler: the default one builds the cells itself (no `tableCell` handler runs),
 * so the cells' directions are copied here.
 */
import type { TableRow } from 'mdast';
import { defaultHandlers, type Handler } from 'mdast-util-to-hast';
import { inlineRuns } from '../../shared/inline-runs.js';
import { isElement, markDir } from './with-dir.js';

/**
 * `tableRow` → `tr` with `th`/`td` cells marked with their direction. A header cell heads its
 * column (`scope="col"`, WCAG H63); an empty one is a `td`, since a header with no text names
 * nothing (axe-core `empty-table-header`). Empty means no printed text in the parse's cell, as the
 * PDF and DOCX print it (`inlineRuns`: an `<img>`'s alt text counts): the hast here still holds
 * raw HTML as `raw` nodes, whose text `hast-util-to-string` cannot see, so a header of linked
 * `<img>`s was a plain `td` in the page and a bold header in the PDF, with other column widths.
 */
export const tableRow: Handler = (state, node: TableRow, parent) => {
  const result = defaultHandlers.tableRow(state, node, parent);
  markDir(node, result);
  result.children.filter(isElement).forEach((cell, i) => {
    markDir(node.children[i], cell);
    if (cell.tagName !== 'th') return;
    const text = inlineRuns(node.children[i]?.children ?? [])
      .map((run) => run.text)
      .join('');
    if (text.trim() === '') cell.tagName = 'td';
    else cell.properties['scope'] = 'col';
  });
  return result;
};
