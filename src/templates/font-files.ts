/**
 * Font files as bytes and the characters they cover, read once per process and shared by the
 * writers (the PDF writer embeds subsets, the DOCX writer embeds the families a brief needs).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileStampSync } from '../io/file-stamp.js';
import * as hb from 'harfbuzzjs';
import { readData, writeData } from '../startup/data-cache.js';
import { harfbuzzReady } from '../startup/harfbuzz-ready.js';
import type { LoadedTemplate, Role } from './schema.js';

const bytesByFile = new Map<string, { bytes: Buffer; stamp: string }>();
const coverageByFile = new Map<string, { stamp: string; coverage: ReadonlySet<number> }>();

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

/** Data-cache input of a font file's coverage: its path and stamp (an edited or replaced file has another). */
const coverageInput = (file: string, stamp: string): string => `${file}\0${stamp}`;

/** The coverage of `file` kept in this process or in the data cache for its current stamp, else undefined. */
function knownCoverage(file: string): ReadonlySet<number> | undefined {
  const stamp = fileStampSync(file);
  if (stamp === undefined) return undefined;
  const known = coverageByFile.get(file);
  if (known?.stamp === stamp) return known.coverage;
  const stored = readData<Uint32Array>('cmap', coverageInput(file, stamp));
  if (!(stored instanceof Uint32Array)) return undefined;
  const coverage = new Set(stored);
  coverageByFile.set(file, { stamp, coverage });
  return coverage;
}

/**
 * The code points a font maps to glyphs (its cmap), from HarfBuzz; kept per file and stamp, in
 * this process and in the data cache (`startup/data-cache.ts`). In the bundle, HarfBuzz must be
 * loaded first when the data cache lacks a file: {@link prepareFontCoverage}.
 *
 * @throws the `fs` error when the file cannot be read
 */
export function fontCoverage(file: string): ReadonlySet<number> {
  const known = knownCoverage(file);
  if (known) return known;
  const bytes = fontBytes(file);
  const stamp = bytesByFile.get(file)!.stamp;
  // (a view of HarfBuzz's heap: copied before anything else runs in it)
  const codes = Uint32Array.from(new hb.Face(new hb.Blob(bytes)).collectUnicodes());
  const coverage = new Set(codes);
  coverageByFile.set(file, { stamp, coverage });
  if (stamp) writeData('cmap', coverageInput(file, stamp), codes);
  return coverage;
}

/**
 * Makes {@link fontCoverage} of `files` callable: imports HarfBuzz only when one of them is in
 * neither this process's memory nor the data cache (a cold HTML build or `check` then never loads
 * it), and works out the coverage of those, so the next process finds it.
 */
export async function prepareFontCoverage(files: Iterable<string>): Promise<void> {
  const missing = [...files].filter((file) => !knownCoverage(file));
  if (!missing.length) return;
  await harfbuzzReady();
  for (const file of missing) {
    try {
      fontCoverage(file);
    } catch {
      /* unreadable: the caller's own fontCoverage call reports it */
    }
  }
}

/** The regular face of every font family of a template: the files whose coverage the writers and checks read. */
export function coverageFiles(loaded: LoadedTemplate): string[] {
  return Object.values(loaded.fontFiles).map((f) => f.regular);
}

const familyCoverages = new WeakMap<ReadonlySet<number>, Map<string, ReadonlySet<number>>>();

/**
 * The code points a template font family draws: its regular face's cmap ({@link fontCoverage})
 * less the characters whose Script_Extensions (UAX #24) include one of its `excludeScripts`.
 * Every writer picks fonts by this (PDF fallback, CSS `unicode-range`, the fonts to embed).
 */
export function familyCoverage(loaded: LoadedTemplate, key: string): ReadonlySet<number> {
  const cmap = fontCoverage(loaded.fontFiles[key]!.regular);
  const scripts = loaded.template.fonts[key]?.excludeScripts ?? [];
  if (scripts.length === 0) return cmap;
  const id = scripts.join(' ');
  let byScripts = familyCoverages.get(cmap);
  if (!byScripts) familyCoverages.set(cmap, (byScripts = new Map()));
  let coverage = byScripts.get(id);
  if (!coverage) {
    const excluded = new RegExp(scripts.map((s) => `\\p{scx=${s}}`).join('|'), 'u');
    byScripts.set(id, (coverage = new Set([...cmap].filter((cp) => !excluded.test(String.fromCodePoint(cp))))));
  }
  return coverage;
}

/**
 * CSS `unicode-range` of a family that leaves scripts out (`excludeScripts`), else undefined: the
 * code points of {@link familyCoverage} as ranges, a range running on over code points the font
 * has no glyph for (the browser finds none there either) and cut only at an excluded character.
 */
export function unicodeRange(loaded: LoadedTemplate, key: string): string | undefined {
  if (!loaded.template.fonts[key]?.excludeScripts.length) return undefined;
  const drawn = familyCoverage(loaded, key);
  const ranges: [number, number][] = [];
  let open = false;
  for (const cp of [...fontCoverage(loaded.fontFiles[key]!.regular)].sort((a, b) => a - b)) {
    if (!drawn.has(cp)) open = false;
    else if (open) ranges[ranges.length - 1]![1] = cp;
    else {
      ranges.push([cp, cp]);
      open = true;
    }
  }
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
  return ranges.map(([a, b]) => (a === b ? `U+${hex(a)}` : `U+${hex(a)}-${hex(b)}`)).join(', ');
}

/**
 * The template font keys a text needs, in template stack order: every role's own font, plus a
 * fallback font only when the text has a character that it covers and no role's own font does
 * (e.g. Noto Serif Hebrew for Hebrew in an Arabic brief). The `code` role counts only when the
 * brief has code (`code`): a brief without code never carries the monospace font. Writers ship or
 * embed only these.
 *
 * @param text all the text of the brief (front matter values and body)
 * @param code the text of its code (inline code and code blocks)
 */
export function fontsNeeded(loaded: LoadedTemplate, text: string, code = ''): string[] {
  const { code: codeRole, ...others } = loaded.template.roles;
  const needed = new Set(neededBy(loaded, Object.values(others), text));
  if (/\S/u.test(code)) for (const key of neededBy(loaded, [codeRole], code)) needed.add(key);
  const stack = [...Object.values(others), codeRole].flatMap((r) => [r.font, ...r.fallback]);
  return [...new Set(stack)].filter((k) => needed.has(k));
}

/** {@link fontsNeeded} for one set of roles and the text set in them. */
function neededBy(loaded: LoadedTemplate, roles: readonly Role[], text: string): Set<string> {
  const stack = [...new Set(roles.flatMap((r) => [r.font, ...r.fallback]))];
  const primaries = new Set(roles.map((r) => r.font));
  const needed = new Set<string>(primaries);
  const chars = new Set<number>();
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    if (cp > 0x20) chars.add(cp);
  }
  const covers = new Map(stack.map((k) => [k, familyCoverage(loaded, k)] as const));
  for (const cp of chars) {
    if ([...primaries].some((k) => covers.get(k)!.has(cp))) continue;
    const covering = stack.find((k) => covers.get(k)!.has(cp));
    if (covering) needed.add(covering);
  }
  return needed;
}

/**
 * The subset of the font `bytes` to the characters `chars`, as subset-font (HarfBuzz's subsetter,
 * WebAssembly) makes it in `format` (`sfnt`: TrueType/OpenType as the input; `woff`), kept in the
 * data cache (`startup/data-cache.ts`) by the SHA-256 of the font's bytes, the characters and the
 * format: a cold build that embeds the same subset again neither loads nor runs the subsetter.
 *
 * @throws Error from subset-font when the font cannot be subset
 */
export async function subsetFontBytes(bytes: Buffer, chars: string, format: 'sfnt' | 'woff'): Promise<Buffer> {
  const input = createHash('sha256').update(bytes).update('\0').update(chars).update('\0').update(format).digest('hex');
  const stored = readData<Uint8Array>('subset', input);
  if (stored instanceof Uint8Array) return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const { default: subsetFont } = await import('subset-font');
  const made = await subsetFont(bytes, chars, { targetFormat: format });
  writeData('subset', input, new Uint8Array(made.buffer, made.byteOffset, made.byteLength));
  return made;
}
