/**
 * `table` handler: a Word table over the text width, columns in reading order (`w:bidiVisual` in
 * RTL tables), header row repeated on each page, set in bold in `table.headerColour` on
 * `table.headerBackground`; horizontal rules in `table.rule`; cell padding `table.padding` (twips).
 */
import type { AlignType, Table as MdTable } from 'mdast';
import { AlignmentType, BorderStyle, ShadingType, Table, TableCell, TableRow, WidthType } from 'docx';
import { settingsOf } from '../../../templates/settings.js';
import { ptToEighths, ptToTwips } from '../../../templates/units.js';
import { STYLE } from '../styles.js';
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
  const t = ctx.template;
  const rules = settingsOf(t).looks.table;
  const line = { style: BorderStyle.SINGLE, size: ptToEighths(rules.inner.width.docx ?? 0), color: hexOf(t, rules.inner.colour.docx) };
  const thick = { style: BorderStyle.SINGLE, size: ptToEighths(rules.outer.width.docx ?? 0), color: hexOf(t, rules.outer.colour.docx) };
  const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const pad = ptToTwips(t.table.padding);
  const inner: DocxContext = { ...ctx, numbering: undefined, indent: 0, style: undefined };
  const header = t.table.headerBackground === 'none' ? {} : { shading: { type: ShadingType.CLEAR, fill: hexOf(t, t.table.headerBackground), color: 'auto' } };
  const rows = node.children.map(
    (row, r) =>
      new TableRow({
        tableHeader: r === 0,
        children: row.children.map((cell, c) => {
          const content = r === 0 ? { ...cell, children: [{ type: 'strong' as const, children: cell.children }] } : cell;
          const para = textBlock(content, r === 0 ? { ...inner, style: STYLE.tableHeader } : inner, { alignment: cellAlignment(node.align?.[c]), spacing: { before: 0, after: 0 } });
          return new TableCell({ children: [para], margins: { top: pad, bottom: pad, left: pad, right: pad }, ...(r === 0 ? header : {}) });
        }),
      }),
  );
  return [
    new Table({
      rows,
      width: { size: width, type: WidthType.DXA },
      columnWidths: Array.from({ length: columns }, () => Math.floor(width / columns)),
      visuallyRightToLeft: (node.data?.dir ?? ctx.dir) === 'rtl',
      borders: { top: thick, bottom: thick, left: none, right: none, insideHorizontal: line, insideVertical: none },
    }),
  ];
}
