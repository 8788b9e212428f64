/**
 * Fonts for pdfmake: the template's font files are put into pdfmake's virtual file system once
 * per process and registered under their family key. pdfkit embeds them as subset TrueType
 * (CIDFontType2) fonts, only the glyphs used.
 */
import { fontBytes } from '../../templates/font-files.js';
import type { LoadedTemplate } from '../../templates/schema.js';

export { fontBytes, fontCoverage } from '../../templates/font-files.js';

/** The parts of the pdfmake singleton this module uses. */
export interface PdfmakeFonts {
  virtualfs: { writeFileSync(name: string, data: Buffer): void; existsSync(name: string): boolean };
  addFonts(fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>): void;
}

const registered = new Set<string>();
const metrics = new Map<string, number>();

/**
 * Registers every font family of the template with pdfmake under the name `sahifa-<key>`.
 *
 * @returns a map from template font key to the pdfmake family name
 */
export function registerFonts(pdfmake: PdfmakeFonts, loaded: LoadedTemplate): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [key, files] of Object.entries(loaded.fontFiles)) {
    const name = `sahifa-${key}`;
    names[key] = name;
    const id = `${name}|${files.regular}|${files.bold}`;
    if (registered.has(id)) continue;
    const regular = `${name}-regular`;
    const bold = `${name}-bold`;
    pdfmake.virtualfs.writeFileSync(regular, fontBytes(files.regular));
    pdfmake.virtualfs.writeFileSync(bold, fontBytes(files.bold));
    // Arabic has no italic; slanted Arabic is a typographic error, so italics use the upright faces.
    pdfmake.addFonts({ [name]: { normal: regular, bold, italics: regular, bolditalics: bold } });
    registered.add(id);
  }
  return names;
}

/**
 * The font's natural line height as a multiple of its size: (hhea ascent − descent) / unitsPerEm,
 * which is what pdfkit's `lineHeight(size)` uses. Read from the TrueType tables directly (no full
 * parse). Used to turn the template's CSS-like line heights into pdfmake's multipliers.
 */
export function naturalLineHeight(file: string): number {
  const hit = metrics.get(file);
  if (hit !== undefined) return hit;
  const buf = fontBytes(file);
  const tables = buf.readUInt16BE(4);
  let head = -1;
  let hhea = -1;
  for (let i = 0; i < tables; i++) {
    const rec = 12 + i * 16;
    const tag = buf.toString('latin1', rec, rec + 4);
    if (tag === 'head') head = buf.readUInt32BE(rec + 8);
    if (tag === 'hhea') hhea = buf.readUInt32BE(rec + 8);
  }
  if (head < 0 || hhea < 0) throw new Error(`${file}: not a TrueType/OpenType font (no head/hhea table)`);
  const unitsPerEm = buf.readUInt16BE(head + 18);
  const ascent = buf.readInt16BE(hhea + 4);
  const descent = buf.readInt16BE(hhea + 6);
  const value = (ascent - descent) / unitsPerEm;
  metrics.set(file, value);
  return value;
}
