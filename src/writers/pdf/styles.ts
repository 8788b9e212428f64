/**
 * Template → pdfmake text styles. Sizes stay in pt; the template's line height (a multiple of the
 * font size, as in CSS) becomes pdfmake's multiplier of the font's natural line height.
 */
import type { Role, LoadedTemplate } from '../../templates/schema.js';
import { colourOf } from '../../templates/load.js';
import { naturalLineHeight } from './fonts.js';

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
