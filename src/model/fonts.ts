/**
 * A structural check of font files, run once when a template loads, so that a damaged or fake
 * font gives an error naming the file instead of failing deep inside HarfBuzz, fontkit or pdfkit.
 * It reads only the table directory (no glyph parsing).
 */

/** Tables every font the writers use must have (TrueType outlines need `glyf`/`loca`, CFF ones `CFF `). */
const REQUIRED = ['cmap', 'head', 'hhea', 'hmtx', 'maxp'];

/**
 * Why `bytes` is not a usable TrueType/OpenType font, or undefined when its table directory is
 * sound: a known signature, table records inside the file, the required tables present, a sane
 * `head` table (magic number, units per em).
 */
export function fontProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length < 12) return 'the file is too short to be a font';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  const signature = view.getUint32(0);
  const sig = tag(0);
  if (sig === 'wOFF' || sig === 'wOF2') return 'WOFF fonts are not supported: use the .ttf or .otf file';
  if (sig === 'ttcf') return 'font collections (.ttc) are not supported: use a single .ttf or .otf file';
  if (signature !== 0x00010000 && sig !== 'OTTO' && sig !== 'true') return 'no TrueType/OpenType signature at the start of the file';
  const count = view.getUint16(4);
  if (count === 0 || count > 512) return `the table directory claims ${count} tables`;
  if (12 + count * 16 > bytes.length) return 'the table directory is cut short (the file is truncated)';
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < count; i++) {
    const rec = 12 + i * 16;
    const name = tag(rec);
    const offset = view.getUint32(rec + 8);
    const length = view.getUint32(rec + 12);
    if (offset + length > bytes.length) return `table "${name}" lies outside the file (the file is truncated or damaged)`;
    tables.set(name, { offset, length });
  }
  const outlines = sig === 'OTTO' ? ['CFF '] : ['glyf', 'loca'];
  for (const name of [...REQUIRED, ...outlines]) {
    if (!tables.has(name) && !(name === 'CFF ' && tables.has('CFF2'))) return `the required table "${name.trim()}" is missing`;
  }
  const head = tables.get('head')!;
  if (head.length < 54) return 'the "head" table is too short';
  if (view.getUint32(head.offset + 12) !== 0x5f0f3cf5) return 'the "head" table is damaged (wrong magic number)';
  const unitsPerEm = view.getUint16(head.offset + 18);
  if (unitsPerEm < 16 || unitsPerEm > 16384) return `the "head" table gives ${unitsPerEm} units per em`;
  const hhea = tables.get('hhea')!;
  if (hhea.length < 36) return 'the "hhea" table is too short';
  return undefined;
}
