/**
 * Font files as bytes and the characters they cover, read once per process and shared by the
 * writers (the PDF writer embeds subsets, the DOCX writer embeds the families a brief needs).
 */
import { readFileSync } from 'node:fs';
import * as hb from 'harfbuzzjs';
import type { LoadedTemplate } from './schema.js';

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

/**
 * The template font keys a text needs, in template stack order: every role's own font, plus a
 * fallback font only when the text has a character that it covers and no role's own font does
 * (e.g. Noto Serif Hebrew for Hebrew in an Arabic brief). Writers ship or embed only these.
 *
 * @param text all the text of the brief (front matter values and body)
 */
export function fontsNeeded(loaded: LoadedTemplate, text: string): string[] {
  const roles = Object.values(loaded.template.roles);
  const stack = [...new Set(roles.flatMap((r) => [r.font, ...r.fallback]))];
  const primaries = new Set(roles.map((r) => r.font));
  const needed = new Set<string>(primaries);
  const chars = new Set<number>();
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    if (cp > 0x20) chars.add(cp);
  }
  for (const cp of chars) {
    if ([...primaries].some((k) => fontCoverage(loaded.fontFiles[k]!.regular).has(cp))) continue;
    const covering = stack.find((k) => fontCoverage(loaded.fontFiles[k]!.regular).has(cp));
    if (covering) needed.add(covering);
  }
  return stack.filter((k) => needed.has(k));
}
