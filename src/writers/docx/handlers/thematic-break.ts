/** `thematicBreak` handler: an empty paragraph with a bottom border (settings' `looks.thematicBreak`). */
import { BorderStyle, LineRuleType, Paragraph } from 'docx';
import { withDirection } from '../direction.js';
import { settingsOf } from '../../../templates/settings.js';
import { ptToEighths, ptToTwips } from '../../../templates/units.js';
import { hexOf, type DocxContext } from '../state.js';

/**
 * Markdown `---` → a ruled empty paragraph (border width in eighths of a point) as tall as the
 * PDF's rule: `margin.before` pt above a 1 pt exact line, the border under it, `margin.after` below.
 */
export function thematicBreak(_node: unknown, ctx: DocxContext): Paragraph[] {
  const look = settingsOf(ctx.template).looks.thematicBreak;
  const border = { style: BorderStyle.SINGLE, size: ptToEighths(look.width.docx ?? 0), space: 0, color: hexOf(ctx.template, look.colour.docx) };
  const spacing = { before: ptToTwips(look.margin.before), after: ptToTwips(look.margin.after), line: 20, lineRule: LineRuleType.EXACT };
  return [new Paragraph(withDirection('paragraph', ctx.dir, { border: { bottom: border }, spacing }))];
}
