/**
 * `blockquote` handler: the quoted blocks in a one-cell table with a rule on its start side and
 * the text `indent` pt in from it, as the PDF draws it (settings' `looks.blockquote`); Word has no
 * table margins, so the space above and below is a spacer paragraph.
 */
import type { Blockquote } from 'mdast';
import { BorderStyle, Paragraph, Table, TableCell, TableRow, WidthType, type FileChild, type IBorderOptions } from 'docx';
import { settingsOf } from '../../../templates/settings.js';
import { ptToEighths, ptToTwips } from '../../../templates/units.js';
import { framed } from '../components.js';
import { hexOf, type DocxContext } from '../state.js';
import { STYLE } from '../styles.js';

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };

/** Markdown blockquote → a start-ruled one-cell table across the column (less any list indent) holding its blocks. */
export function blockquote(node: Blockquote, ctx: DocxContext): FileChild[] {
  const t = ctx.template;
  const { looks, textWidth } = settingsOf(t);
  const look = looks.blockquote;
  const dir = node.data?.dir ?? ctx.dir;
  const rule: IBorderOptions = look.rule.width.docx ? { style: BorderStyle.SINGLE, size: ptToEighths(look.rule.width.docx), color: hexOf(t, look.rule.colour.docx) } : NONE;
  const width = ptToTwips(textWidth) - ctx.indent - (ctx.inset ?? 0);
  const pad = ptToTwips(look.indent.docx + (look.rule.width.docx ?? 0));
  const children = ctx.all(node.children, { ...ctx, dir, style: STYLE.quote, numbering: undefined, indent: 0, inset: (ctx.inset ?? 0) + ctx.indent + pad });
  const cell = new TableCell({
    children: (children.length ? children : [new Paragraph({})]) as (Paragraph | Table)[],
    width: { size: width, type: WidthType.DXA },
    // the padding on the start side (right in RTL), measured from the cell's edge, so the rule's
    // width is added to it: the text stands `indent` pt inside the rule, as in the PDF
    margins: { top: 0, bottom: 0, ...(dir === 'rtl' ? { right: pad, left: 0 } : { left: pad, right: 0 }) },
    borders: { top: NONE, bottom: NONE, start: rule, end: NONE },
  });
  const table = new Table({
    rows: [new TableRow({ children: [cell], cantSplit: false })],
    width: { size: width, type: WidthType.DXA },
    columnWidths: [width],
    visuallyRightToLeft: dir === 'rtl',
    ...(ctx.indent ? { indent: { size: ctx.indent, type: WidthType.DXA } } : {}),
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
  });
  return framed(ctx, look.margin.before, look.margin.after, table);
}
