/** `thematicBreak` handler: an empty paragraph with a bottom border (settings' `looks.thematicBreak`). */
import { BorderStyle, Paragraph } from 'docx';
import { withDirection } from '../direction.js';
import { settingsOf } from '../../../templates/settings.js';
import { ptToEighths } from '../../../templates/units.js';
import { hexOf, type DocxContext } from '../state.js';

/** Markdown `---` → a ruled empty paragraph (border width in eighths of a point). */
export function thematicBreak(_node: unknown, ctx: DocxContext): Paragraph[] {
  const look = settingsOf(ctx.template).looks.thematicBreak;
  const border = { style: BorderStyle.SINGLE, size: ptToEighths(look.width.docx ?? 0), space: 1, color: hexOf(ctx.template, look.colour.docx) };
  return [new Paragraph(withDirection('paragraph', ctx.dir, { border: { bottom: border } }))];
}
