/**
 * `table` handler: a Word table over the text width, columns in reading order (`w:bidiVisual` in
 * RTL tables), header row repeated on each page, set in bold in `table.headerColour` on
 * `table.headerBackground`; horizontal rules in `table.rule`; cell padding `table.padding` (twips).
 */
import type { AlignType, Table as MdTable } from 'mdast';
import { AlignmentType, BorderStyle, ShadingType, Table, TableCell, TableLayoutType, TableRow, WidthType, type FileChild } from 'docx';
import { framed } from '../components.js';
import { settingsOf } from '../../../templates/settings.js';
import { ptToEighths, ptToTwips, twipsToPt } from '../../../templates/units.js';
import { autoColumnWidths, columnContents } from '../../shared/column-widths.js';
import { STYLE } from '../styles.js';
import { textWidth } from '../page.js';
import { hexOf, type DocxContext } from '../state.js';
import { textBlock } from './paragraph.js';

const ALIGN = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER } as const;

/** Paragraph alignment of a GFM column alignment (`null` → start of the cell's direction). */
function cellAlignment(align: AlignType | undefined) {
  return align ? ALIGN[align] : AlignmentType.START;
}

/**
 * Column widths in twips summing to `width`: the browser's automatic layout shared with the PDF
 * ({@link autoColumnWidths}) of the cells' content measured with the body font, each column then
 * widened by the cell margins; equal widths without a measure.
 */
function columnWidths(node: MdTable, ctx: DocxContext, width: number, columns: number, pad: number): number[] {
  if (!ctx.measure) return Array.from({ length: columns }, () => Math.floor(width / columns));
  const contents = columnContents(
    node.children.map((row) => row.children),
    ctx.measure,
  );
  const content = autoColumnWidths(contents, twipsToPt(width - columns * 2 * pad)).map((w) => ptToTwips(w) + 2 * pad);
  // whole twips, the rounding left to the last column so the table is exactly the text width
  const rounded = content.map(Math.floor);
  rounded[rounded.length - 1]! += width - rounded.reduce((n, w) => n + w, 0);
  return rounded;
}

/** Markdown table → a Word table with the PDF's and HTML's automatic column widths (twips, `w:gridCol`). */
export function table(node: MdTable, ctx: DocxContext): FileChild[] {
  const columns = Math.max(1, ...node.children.map((row) => row.children.length));
  const width = textWidth(ctx.template);
  const t = ctx.template;
  const looks = settingsOf(t).looks.table;
  const rules = looks;
  const line = { style: BorderStyle.SINGLE, size: ptToEighths(rules.inner.width.docx ?? 0), color: hexOf(t, rules.inner.colour.docx) };
  const thick = { style: BorderStyle.SINGLE, size: ptToEighths(rules.outer.width.docx ?? 0), color: hexOf(t, rules.outer.colour.docx) };
  const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const pad = ptToTwips(t.table.padding);
  const inner: DocxContext = { ...ctx, numbering: undefined, indent: 0, style: undefined };
  const header = t.table.headerBackground === 'none' ? {} : { shading: { type: ShadingType.CLEAR, fill: hexOf(t, t.table.headerBackground), color: 'auto' } };
  const widths = columnWidths(node, ctx, width, columns, pad);
  const rows = node.children.map(
    (row, r) =>
      new TableRow({
        tableHeader: r === 0,
        children: row.children.map((cell, c) => {
          const content = r === 0 ? { ...cell, children: [{ type: 'strong' as const, children: cell.children }] } : cell;
          const para = textBlock(content, r === 0 ? { ...inner, style: STYLE.tableHeader } : inner, { alignment: cellAlignment(node.align?.[c]), spacing: { before: 0, after: 0 } });
          return new TableCell({ children: [para], width: { size: widths[c] ?? 0, type: WidthType.DXA }, margins: { top: pad, bottom: pad, left: pad, right: pad }, ...(r === 0 ? header : {}) });
        }),
      }),
  );
  // Word has no table margins: the space above and below (settings' `looks.table.margin`, the PDF's) is spacer paragraphs
  return framed(
    ctx,
    looks.margin.before,
    looks.margin.after,
    new Table({
      rows,
      width: { size: width, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED, // Word would otherwise fit the columns again by its own measure
      visuallyRightToLeft: (node.data?.dir ?? ctx.dir) === 'rtl',
      borders: { top: thick, bottom: thick, left: none, right: none, insideHorizontal: line, insideVertical: none },
    }),
  );
}
