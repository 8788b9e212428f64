/**
 * Font files as bytes and the characters they cover, read once per process and shared by the
 * writers (the PDF writer embeds subsets, the DOCX writer embeds the families a brief needs).
 */
import { readFileSync } from 'node:fs';
import * as hb from 'harfbuzzjs';

const bytesByFile = new Map<string, Buffer>();
const coverageByFile = new Map<string, ReadonlySet<number>>();

/** The bytes of a font file, read once per process (the same Buffer object every time). */
export function fontBytes(file: string): Buffer {
  let b = bytesByFile.get(file);
  if (!b) bytesByFile.set(file, (b = readFileSync(file)));
  return b;
}

/** The code points a font maps to glyphs (its cmap), from HarfBuzz; cached per file. */
export function fontCoverage(file: string): ReadonlySet<number> {
  let c = coverageByFile.get(file);
  if (!c) coverageByFile.set(file, (c = new Set(new hb.Face(new hb.Blob(fontBytes(file))).collectUnicodes())));
  return c;
}
