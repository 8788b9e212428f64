/**
 * `table` handler: a Word table over the text width, columns in reading order (`w:bidiVisual` in
 * RTL tables), header row repeated on each page and set in bold, borders in the `rule` colour.
 */
import type { AlignType, Table as MdTable } from 'mdast';
import { AlignmentType, BorderStyle, Table, TableCell, TableRow, WidthType } from 'docx';
import { textWidth } from '../page.js';
import { hexOf, type DocxContext } from '../state.js';
import { textBlock } from './paragraph.js';

const ALIGN = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER } as const;

/** Paragraph alignment of a GFM column alignment (`null` → start of the cell's direction). */
function cellAlignment(align: AlignType | undefined) {
  return align ? ALIGN[align] : AlignmentType.START;
}

/** Markdown table → a Word table with equal column widths (twips). */
export function table(node: MdTable, ctx: DocxContext): Table[] {
  const columns = Math.max(1, ...node.children.map((row) => row.children.length));
  const width = textWidth(ctx.template);
  const line = { style: BorderStyle.SINGLE, size: 4, color: hexOf(ctx.template, 'rule') };
  const inner: DocxContext = { ...ctx, numbering: undefined, indent: 0, style: undefined };
  const rows = node.children.map(
    (row, r) =>
      new TableRow({
        tableHeader: r === 0,
        children: row.children.map((cell, c) => {
          const content = r === 0 ? { ...cell, children: [{ type: 'strong' as const, children: cell.children }] } : cell;
          return new TableCell({ children: [textBlock(content, inner, { alignment: cellAlignment(node.align?.[c]) })] });
        }),
      }),
  );
  return [
    new Table({
      rows,
      width: { size: width, type: WidthType.DXA },
      columnWidths: Array.from({ length: columns }, () => Math.floor(width / columns)),
      visuallyRightToLeft: (node.data?.dir ?? ctx.dir) === 'rtl',
      borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    }),
  ];
}
