/**
 * Font files as bytes and the characters they cover, read once per process and shared by the
 * writers (the PDF writer embeds subsets, the DOCX writer embeds the families a brief needs).
 */
import { readFileSync } from 'node:fs';
import { fileStampSync } from '../io/file-stamp.js';
import * as hb from 'harfbuzzjs';
import type { LoadedTemplate } from './schema.js';

const bytesByFile = new Map<string, { bytes: Buffer; stamp: string }>();
const coverageByFile = new Map<string, { bytes: Buffer; coverage: ReadonlySet<number> }>();

/**
 * The bytes of a font file, read once per process while the file stays as it was (the same Buffer
 * object every time, which the writers' caches key on); read again once its stamp
 * (`io/file-stamp.ts`) changes, e.g. a template font replaced during `watch`.
 *
 * @throws the `fs` error when the file cannot be read
 */
export function fontBytes(file: string): Buffer {
  const stamp = fileStampSync(file);
  let known = bytesByFile.get(file);
  if (stamp === undefined || known?.stamp !== stamp) bytesByFile.set(file, (known = { bytes: readFileSync(file), stamp: stamp ?? '' }));
  return known.bytes;
}

/** The code points a font maps to glyphs (its cmap), from HarfBuzz; cached per file. */
export function fontCoverage(file: string): ReadonlySet<number> {
  const bytes = fontBytes(file);
  let c = coverageByFile.get(file);
  if (c?.bytes !== bytes) coverageByFile.set(file, (c = { bytes, coverage: new Set(new hb.Face(new hb.Blob(bytes)).collectUnicodes()) }));
  return c.coverage;
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
  const covers = new Map(stack.map((k) => [k, fontCoverage(loaded.fontFiles[k]!.regular)] as const));
  for (const cp of chars) {
    if ([...primaries].some((k) => covers.get(k)!.has(cp))) continue;
    const covering = stack.find((k) => covers.get(k)!.has(cp));
    if (covering) needed.add(covering);
  }
  return stack.filter((k) => needed.has(k));
}
