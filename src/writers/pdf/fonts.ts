/**
 * Fonts for pdfmake: the template's font files are put into pdfmake's virtual file system (again
 * only when other bytes are there) and registered under a family name of their own. pdfkit embeds them as subset TrueType
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

/**
 * pdfmake family names by the bytes of their faces (fontBytes gives the same Buffer while a file
 * is unchanged), keyed face by face (regular, bold, italic, bold italic; a missing italic face by
 * {@link NONE}). A family name always stands for the same bytes: two templates of one process may
 * use one key for different files, a font file may be replaced during `watch`, and two builds may
 * be under way at once, so names are never reused for other bytes.
 */
const families = new WeakMap<object, WeakMap<object, WeakMap<object, WeakMap<object, string>>>>();
const NONE = {};
let familyCount = 0;
const metrics = new WeakMap<Buffer, number>();

function nameOf(faces: readonly object[]): string | undefined {
  let level: WeakMap<object, unknown> | undefined = families as WeakMap<object, unknown>;
  for (const face of faces) {
    const next: unknown = level?.get(face);
    if (typeof next === 'string') return next;
    level = next as WeakMap<object, unknown> | undefined;
  }
  return undefined;
}

function setName(faces: readonly object[], name: string): void {
  let level = families as WeakMap<object, unknown>;
  faces.forEach((face, i) => {
    if (i === faces.length - 1) level.set(face, name);
    else {
      let next = level.get(face) as WeakMap<object, unknown> | undefined;
      if (!next) level.set(face, (next = new WeakMap()));
      level = next;
    }
  });
}

/**
 * Registers every font family of the template with pdfmake, under a name `sahifa-<key>-<n>` made
 * for its bytes (see {@link families}), its files written once into pdfmake's virtual file system.
 * A family without italic faces gets its upright faces for italic: the RTL layer slants them
 * (a synthetic oblique, as browsers draw one).
 *
 * @returns a map from template font key to the pdfmake family name
 * @throws the `fs` error when a font file cannot be read
 */
export function registerFonts(pdfmake: PdfmakeFonts, loaded: LoadedTemplate): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [key, files] of Object.entries(loaded.fontFiles)) {
    const regular = fontBytes(files.regular);
    const bold = fontBytes(files.bold);
    const italic = files.italic !== undefined ? fontBytes(files.italic) : undefined;
    const boldItalic = files.boldItalic !== undefined ? fontBytes(files.boldItalic) : undefined;
    const faces = [regular, bold, italic ?? NONE, boldItalic ?? NONE];
    let name = nameOf(faces);
    if (name === undefined) {
      name = `sahifa-${key}-${++familyCount}`;
      const file = (style: string, bytes: Buffer): string => {
        pdfmake.virtualfs.writeFileSync(`${name}-${style}`, bytes);
        return `${name}-${style}`;
      };
      const normal = file('regular', regular);
      const boldName = file('bold', bold);
      pdfmake.addFonts({ [name]: { normal, bold: boldName, italics: italic ? file('italic', italic) : normal, bolditalics: boldItalic ? file('bolditalic', boldItalic) : boldName } });
      setName(faces, name);
    }
    names[key] = name;
  }
  return names;
}

/** The font's ascender (hhea, as pdfkit reads it) as a multiple of its size. */
export function ascenderOf(file: string): number {
  const { ascent, unitsPerEm } = hheaOf(file);
  return ascent / unitsPerEm;
}

/**
 * The font's natural line height as a multiple of its size: (hhea ascent − descent) / unitsPerEm,
 * which is what pdfkit's `lineHeight(size)` uses. Read from the TrueType tables directly (no full
 * parse). Used to turn the template's CSS-like line heights into pdfmake's multipliers.
 */
export function naturalLineHeight(file: string): number {
  const buf = fontBytes(file);
  const hit = metrics.get(buf);
  if (hit !== undefined) return hit;
  const { ascent, descent, unitsPerEm } = hheaOf(file);
  const value = (ascent - descent) / unitsPerEm;
  metrics.set(buf, value);
  return value;
}

/** unitsPerEm (head) and the ascent and descent (hhea) of a font, read from the tables directly. */
function hheaOf(file: string): { unitsPerEm: number; ascent: number; descent: number } {
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
  return { unitsPerEm: buf.readUInt16BE(head + 18), ascent: buf.readInt16BE(hhea + 4), descent: buf.readInt16BE(hhea + 6) };
}
