/**
 * Template → pdfmake text styles. Sizes stay in pt; the template's line height (a multiple of the
 * font size, as in CSS) becomes pdfmake's multiplier of the font's natural line height.
 */
import type { Role, LoadedTemplate } from '../../templates/schema.js';
import { colourOf } from '../../templates/load.js';
import { familyCoverage } from '../../templates/font-files.js';
import { ascenderOf, fontBytes, naturalLineHeight } from './fonts.js';
import { splitByFont, type FontChoice } from './layout/paragraph.js';
import { shapeRun } from '../../text/shaping.js';

/** The pdfmake style properties sahifa sets on text. */
export interface PdfTextStyle {
  font: string;
  fontSize: number;
  lineHeight: number;
  bold: boolean;
  color: string;
}

/** Role names of the template. */
export type RoleName = keyof LoadedTemplate['template']['roles'];

/**
 * Resolves a template role to pdfmake style properties.
 *
 * @param fontNames template font key → registered pdfmake family (from `registerFonts`)
 */
export function roleStyle(loaded: LoadedTemplate, fontNames: Record<string, string>, name: RoleName): PdfTextStyle {
  const role: Role = loaded.template.roles[name];
  const files = loaded.fontFiles[role.font]!;
  return {
    font: fontNames[role.font]!,
    fontSize: role.size,
    lineHeight: role.lineHeight / naturalLineHeight(files.regular),
    bold: role.bold,
    color: colourOf(loaded.template, role.colour),
  };
}

/**
 * The font stack of a role, for fallback by coverage: `[font, ...fallback]` as pdfmake family
 * names with the code points each family draws (`familyCoverage`: its regular face's cmap less its
 * `excludeScripts`); the code role's fallbacks with the line height that keeps the role's.
 */
export function roleFontStack(loaded: LoadedTemplate, fontNames: Record<string, string>, name: RoleName): FontChoice[] {
  const role: Role = loaded.template.roles[name];
  return [role.font, ...role.fallback].map((key, i) => ({
    family: fontNames[key]!,
    covers: familyCoverage(loaded, key),
    // code's fallbacks (Amiri for an Arabic comment) keep the role's line height and its font's baseline
    ...(name === 'code' && i > 0 ? { lineHeight: role.lineHeight / naturalLineHeight(loaded.fontFiles[key]!.regular), ascender: ascenderOf(loaded.fontFiles[role.font]!.regular) } : {}),
  }));
}

const RTL_SCRIPT = /[\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Syriac}\p{sc=Thaana}]/u;
/** Stretches of right-to-left script (with the spaces between their words) and the rest. */
const RTL_OR_NOT = /[\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Syriac}\p{sc=Thaana}]+(?:\s+[\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Syriac}\p{sc=Thaana}]+)*|[^\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Syriac}\p{sc=Thaana}]+/gu;

/**
 * Width in pt of `text` set on one line in a role (regular face, at the role's size), as HarfBuzz
 * shapes it, each grapheme in the first font of the role's stack that covers it (as the RTL layer
 * picks fonts, `splitByFont`), each stretch of right-to-left script shaped apart from the rest (so
 * HarfBuzz joins its letters as the line layer does). Word spacing is the shaped space's, as the
 * line layer sets a start-aligned line.
 */
export function textWidth(loaded: LoadedTemplate, name: RoleName, text: string): number {
  const role: Role = loaded.template.roles[name];
  const keys = [role.font, ...role.fallback];
  const stack = keys.map((key) => ({ family: key, covers: familyCoverage(loaded, key) }));
  let units = 0;
  for (const piece of splitByFont(text, stack)) {
    for (const stretch of piece.text.match(RTL_OR_NOT) ?? []) {
      const shaped = shapeRun(fontBytes(loaded.fontFiles[keys[piece.font]!]!.regular), stretch, RTL_SCRIPT.test(stretch) ? 'rtl' : 'ltr');
      units += (shaped.glyphs.reduce((n, g) => n + g.xAdvance, 0) / shaped.unitsPerEm) * role.size;
    }
  }
  return units;
}

/** Width in pt of one space in a role's font (regular face) at the role's size, as HarfBuzz shapes it. */
export function spaceWidth(loaded: LoadedTemplate, name: RoleName, fontKey?: string): number {
  const role: Role = loaded.template.roles[name];
  const shaped = shapeRun(fontBytes(loaded.fontFiles[fontKey ?? role.font]!.regular), ' ', 'ltr');
  return (shaped.glyphs.reduce((n, g) => n + g.xAdvance, 0) / shaped.unitsPerEm) * role.size;
}
