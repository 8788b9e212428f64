/**
 * Template → pdfmake text styles. Sizes stay in pt; the template's line height (a multiple of the
 * font size, as in CSS) becomes pdfmake's multiplier of the font's natural line height.
 */
import type { Role, LoadedTemplate } from '../../templates/schema.js';
import { colourOf } from '../../templates/load.js';
import { fontBytes, fontCoverage, naturalLineHeight } from './fonts.js';
import type { FontChoice } from './layout/paragraph.js';
import { shapeRun } from './text/shaping.js';

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
 * names with the code points each font covers (from its regular face).
 */
export function roleFontStack(loaded: LoadedTemplate, fontNames: Record<string, string>, name: RoleName): FontChoice[] {
  const role: Role = loaded.template.roles[name];
  return [role.font, ...role.fallback].map((key) => ({ family: fontNames[key]!, covers: fontCoverage(loaded.fontFiles[key]!.regular) }));
}

/** Width in pt of one space in a role's font (regular face) at the role's size, as HarfBuzz shapes it. */
export function spaceWidth(loaded: LoadedTemplate, name: RoleName, fontKey?: string): number {
  const role: Role = loaded.template.roles[name];
  const shaped = shapeRun(fontBytes(loaded.fontFiles[fontKey ?? role.font]!.regular), ' ', 'ltr');
  return (shaped.glyphs.reduce((n, g) => n + g.xAdvance, 0) / shaped.unitsPerEm) * role.size;
}
