/**
 * The title block (cover) from {@link titleBlock}: kicker, Title, Subtitle, authors, organisation,
 * date, in that order. The whole block sits on the `cover.band` colour with `cover.padding` inside
 * it and a `cover.rule` line under it (borders of the same kind merge into one box in Word and
 * LibreOffice).
 */
import { BorderStyle, Paragraph, ShadingType, type IBorderOptions, type IParagraphOptions } from 'docx';
import type { Role } from '../../templates/schema.js';
import { settingsOf } from '../../templates/settings.js';
import { ptToEighths, ptToTwips } from '../../templates/units.js';
import { titleBlock } from '../shared/title-block.js';
import { withDirection } from './direction.js';
import { phrasing } from './handlers/inline.js';
import { familyOf, hexOf, type DocxContext } from './state.js';
import { STYLE } from './styles.js';

/** docx border spacing is in pt, at most 31. */
const MAX_BORDER_SPACE = 31;

/** One line of the title block: paragraph style, text (absent lines are dropped), role of its font. */
type Line = [style: string, text: string | undefined, role: Role];

/**
 * Title block paragraphs, the last followed by `cover.spaceAfter`. The band's padding becomes the
 * border spacing (pt, at most 31) and an equal start/end indent so the band stays within the margins.
 */
export function coverBlock(ctx: DocxContext): Paragraph[] {
  const t = ctx.template;
  const block = titleBlock(ctx.meta, t);
  const lines: Line[] = [
    [STYLE.meta, block.kicker, t.roles.meta],
    [STYLE.title, block.title, t.roles.title],
    [STYLE.subtitle, block.subtitle, t.roles.subtitle],
    ...block.authors.map((a): Line => [STYLE.author, a, t.roles.meta]),
    [STYLE.meta, block.organisation, t.roles.meta],
    [STYLE.date, block.date, t.roles.meta],
  ];
  const { band, padding, spaceAfter } = t.cover;
  const space = Math.min(padding, MAX_BORDER_SPACE);
  const side = (key: string): IBorderOptions => ({ style: BorderStyle.SINGLE, size: 4, space, color: hexOf(t, key) });
  const framed: IParagraphOptions =
    band === 'none'
      ? {}
      : {
          shading: { type: ShadingType.CLEAR, fill: hexOf(t, band), color: 'auto' },
          border: { top: side(band), left: side(band), right: side(band), bottom: side(band) },
          indent: { start: ptToTwips(space), end: ptToTwips(space) },
        };
  const coverRule = settingsOf(t).looks.coverRule;
  const bottom = coverRule?.width.docx === undefined ? {} : { border: { ...framed.border, bottom: { ...side(coverRule.colour.docx), size: ptToEighths(coverRule.width.docx) } } };
  const present = lines.filter((l): l is [string, string, Role] => !!l[1]);
  // the PDF's title block (pdf/title-block.ts): 4 pt under the kicker, 1 pt under each author,
  // organisation and date line, the title and subtitle their roles' space
  const after = (style: string, i: number): number | undefined => (i === 0 && block.kicker ? 4 : style === STYLE.author || style === STYLE.meta || style === STYLE.date ? 1 : undefined);
  return present.map(([style, text, role], i) => {
    const last = i === present.length - 1;
    const runs = phrasing([{ type: 'text', value: text }], { dir: ctx.dir, font: familyOf(t, role), language: ctx.language });
    const own = after(style, i);
    const spacing = last ? { spacing: { after: ptToTwips(spaceAfter) } } : own === undefined ? {} : { spacing: { after: ptToTwips(own) } };
    const options: IParagraphOptions = { style, children: runs, ...framed, ...bottom, ...spacing };
    return new Paragraph(withDirection('paragraph', ctx.dir, options));
  });
}
