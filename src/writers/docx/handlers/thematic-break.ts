/** `thematicBreak` handler: an empty paragraph with a bottom border in the template's `rule` colour. */
import { BorderStyle, Paragraph } from 'docx';
import { withDirection } from '../direction.js';
import { hexOf, type DocxContext } from '../state.js';

/** Markdown `---` → a ruled empty paragraph (border width 6 eighths of a point). */
export function thematicBreak(_node: unknown, ctx: DocxContext): Paragraph[] {
  const border = { style: BorderStyle.SINGLE, size: 6, space: 1, color: hexOf(ctx.template, 'rule') };
  return [new Paragraph(withDirection('paragraph', ctx.dir, { border: { bottom: border } }))];
}
