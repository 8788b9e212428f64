/**
 * Post-processing of the package docx 9 writes, for what its API cannot express:
 * section-level RTL ({@link addSectionBidi}), the core properties' dates and language
 * ({@link setCoreProperties}), and byte-identical output ({@link stabiliseIds}, {@link zipDeterministic}).
 *
 * Parts travel as text (XML, as docx's compiler makes it) or bytes (fonts, media) and are encoded
 * to UTF-8 once, when zipped.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { strFromU8, Zip, type ZipInputFile } from 'fflate';
import { stripXmlIllegal } from '../../model/xml-chars.js';
import { crcOf, deflatedPart, fontPart, xorFontKey } from './cache.js';

/** The parts of a package by path: XML as text or as UTF-8 bytes, other parts (fonts, media) as bytes. */
export type PackageFiles = Record<string, string | Uint8Array>;

/** A part as text (UTF-8 bytes decoded), or undefined when the package has no such part. */
function textOf(files: PackageFiles, path: string): string | undefined {
  const data = files[path];
  return data === undefined || typeof data === 'string' ? data : strFromU8(data);
}

/** Elements that follow `w:bidi` in `CT_SectPr` (ECMA-376 §17.6.17): `w:bidi` goes before the first present. */
const AFTER_SECT_BIDI = ['w:rtlGutter', 'w:docGrid', 'w:printerSettings', 'w:sectPrChange'];

/**
 * Inserts `<w:bidi/>` into every `<w:sectPr>` of `document.xml` in schema order (after `w:textDirection`,
 * before `w:rtlGutter`/`w:docGrid`…), making the sections right-to-left: page numbers, columns and
 * gutters mirror. docx 9 has no section option for it. A section that already has `w:bidi` is left alone.
 */
export function addSectionBidi(xml: string): string {
  return xml.replace(/(<w:sectPr\b[^>]*>)([\s\S]*?)(<\/w:sectPr>)/g, (all, open: string, body: string, close: string) => {
    if (/<w:bidi\b/.test(body)) return all;
    const at = Math.min(...AFTER_SECT_BIDI.map((tag) => body.search(new RegExp(`<${tag}\\b`))).filter((i) => i >= 0), body.length);
    return `${open}${body.slice(0, at)}<w:bidi/>${body.slice(at)}${close}`;
  });
}

/**
 * Sets `dcterms:created` and `dcterms:modified` to `created` (docx writes the current time) and adds
 * `dc:language` (docx has no option for it) to `docProps/core.xml`.
 */
/**
 * Turns widow/orphan control off in the document defaults (`w:widowControl` first in
 * `w:pPrDefault`'s `w:pPr`, where CT_PPrBase puts it after elements the defaults lack), as the PDF
 * breaks paragraphs: a heading's paragraph may leave one line at a page's foot, where LibreOffice
 * carried the heading and the paragraph over (docx 9 has no option for it in the defaults).
 */
export function withoutWidowControl(xml: string): string {
  return xml.replace(/(<w:pPrDefault>\s*<w:pPr>)/, '$1<w:widowControl w:val="0"/>');
}

export function setCoreProperties(xml: string, created: Date, lang: string): string {
  const stamp = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const escaped = lang.replace(/[<>&"]/g, '');
  return xml
    .replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*/g, `$1${stamp}`)
    .replace('</cp:coreProperties>', `<dc:language>${escaped}</dc:language></cp:coreProperties>`);
}

/** Relationship targets by id in a `.rels` part. */
function relationships(xml: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) map.set(id, target);
  }
  return map;
}

/**
 * Replaces what docx draws at random with values derived from the content, in place:
 * - relationship ids that are not `rId<n>` (hyperlinks get nanoid ids) → `rIdL<n>` in order, in the
 *   `.rels` part and the part it belongs to;
 * - embedded font keys (random GUIDs) → a GUID from the SHA-256 of the font, re-obfuscating the font
 *   ({@link fontPart}, made once per font in a process).
 *
 * Parts it changes are left as text.
 *
 * @param fonts the fonts as read (not obfuscated) by part path (`word/fonts/font1.odttf`), when the
 *   caller knows them: the part is then looked up instead of de-obfuscated and hashed again. A font
 *   part not in it is de-obfuscated with the key in `word/fontTable.xml`.
 */
export function stabiliseIds(files: PackageFiles, fonts?: ReadonlyMap<string, Uint8Array>): void {
  for (const rels of Object.keys(files).filter((p) => p.endsWith('.rels'))) {
    const part = rels.replace(/_rels\/([^/]+)\.rels$/, '$1');
    const relsXml = textOf(files, rels)!;
    const stable = new Map<string, string>();
    for (const id of relationships(relsXml).keys()) if (!/^rId\d+$/.test(id)) stable.set(id, `rIdL${stable.size + 1}`);
    if (stable.size === 0) continue;
    // one pass over each part (a replaceAll per id made a brief with thousands of links quadratic)
    const renumber = (xml: string): string => xml.replace(/"([^"<>\s]+)"/g, (quoted, id: string) => {
      const to = stable.get(id);
      return to === undefined ? quoted : `"${to}"`;
    });
    files[rels] = renumber(relsXml);
    const partXml = textOf(files, part);
    if (partXml !== undefined) files[part] = renumber(partXml);
  }
  const table = textOf(files, 'word/fontTable.xml');
  const tableRels = textOf(files, 'word/_rels/fontTable.xml.rels');
  if (table === undefined || tableRels === undefined) return;
  const targets = relationships(tableRels);
  files['word/fontTable.xml'] = table.replace(/<w:embed(Regular|Bold|Italic|BoldItalic)\b[^>]*>/g, (el) => {
    const id = /\br:id="([^"]+)"/.exec(el)?.[1];
    const key = /\bw:fontKey="([^"]+)"/.exec(el)?.[1];
    const path = id && targets.get(id) ? `word/${targets.get(id)}` : undefined;
    const data = path ? files[path] : undefined;
    if (!key || !path || !(data instanceof Uint8Array)) return el;
    const { guid, odttf } = fontPart(fonts?.get(path) ?? xorFontKey(data, key));
    files[path] = odttf;
    return el.replace(key, guid);
  });
}

/**
 * Numbers bookmarks by their order in the document. docx keeps one bookmark counter for the whole
 * process, so the second document with a table of contents built in one process (watch, warm
 * rebuilds, a worker building several briefs) would get `_Toc6…` instead of `_Toc1…`: the
 * `w:id` of `w:bookmarkStart`/`w:bookmarkEnd` and the number in `_Toc<n>` names (also used by the
 * TOC field's hyperlinks and PAGEREF instructions) are renumbered from 1 in order of appearance,
 * and so are the `id`s of `wp:docPr` (drawings).
 */
export function stabiliseBookmarks(xml: string): string {
  const ids = new Map<string, number>();
  const out = xml.replace(/(<w:bookmark(?:Start|End)\b[^>]*\bw:id=")(\d+)(")/g, (_m, a: string, id: string, b: string) => {
    if (!ids.has(id)) ids.set(id, ids.size + 1);
    return `${a}${ids.get(id)}${b}`;
  });
  const tocs = new Map<string, number>();
  const named = out.replace(/_Toc(\d+)/g, (_m, n: string) => {
    if (!tocs.has(n)) tocs.set(n, tocs.size + 1);
    return `_Toc${tocs.get(n)}`;
  });
  // drawing ids (images) come from another process-wide counter
  let drawing = 0;
  return named.replace(/(<wp:docPr\b[^>]*?\bid=")(\d+)(")/g, (_m, a: string, _id: string, b: string) => `${a}${++drawing}${b}`);
}

/**
 * Marks the embedded fonts as subsets (ECMA-376 Part 1 §17.8.3.3, `w:subsetted` of `CT_FontRel`)
 * in `word/fontTable.xml`, and asks Word to keep embedding subsets when it saves the document
 * (`w:saveSubsetFonts` after `w:embedTrueTypeFonts` in `word/settings.xml`, §17.15.1.74), so Word
 * knows a font lacks the characters the brief does not print and takes them from an installed font.
 */
export function markSubsetFonts(files: PackageFiles): void {
  const table = textOf(files, 'word/fontTable.xml');
  if (table !== undefined) files['word/fontTable.xml'] = table.replace(/<w:embed(Regular|Bold|Italic|BoldItalic)\b(?![^>]*w:subsetted)/g, '$& w:subsetted="1"');
  const settings = textOf(files, 'word/settings.xml');
  if (settings !== undefined && !settings.includes('<w:saveSubsetFonts')) files['word/settings.xml'] = settings.replace(/<w:embedTrueTypeFonts\/>/, '$&<w:saveSubsetFonts/>');
}

/**
 * Zips files with every entry dated `mtime` (DOS time, 2 s steps; clamped to 1980–2099 as ZIP
 * requires) read as UTC, so the bytes do not depend on the clock or the time zone.
 * `[Content_Types].xml` goes first, as Office writes it; other files keep their order.
 *
 * fflate writes the ZIP structure; the parts are deflated by Node's zlib (level 6), which is
 * several times faster than fflate's JavaScript deflate in a cold process. Parts given as text are
 * encoded as UTF-8 and deflated once per text in a process ({@link deflatedPart}). Embedded fonts
 * are stored, not deflated: compressing ~1 MB of font data costs more time than the bytes it saves
 * are worth.
 */
export function zipDeterministic(files: PackageFiles, mtime: Date): Uint8Array {
  const year = Math.min(Math.max(mtime.getUTCFullYear(), 1980), 2099);
  const clamped = year === mtime.getUTCFullYear();
  // fflate reads local-time fields, so build a local date whose fields are the UTC ones.
  const local = clamped
    ? new Date(year, mtime.getUTCMonth(), mtime.getUTCDate(), mtime.getUTCHours(), mtime.getUTCMinutes(), mtime.getUTCSeconds())
    : new Date(year, 0, 1);
  const names = Object.keys(files).sort((a, b) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'));
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure ??= err;
    else chunks.push(chunk);
  });
  for (const name of names) {
    const data = files[name]!;
    const stored = name.startsWith('word/fonts/');
    let size: number, crc: number, body: Uint8Array;
    if (typeof data === 'string' && !stored) {
      ({ size, crc, deflated: body } = deflatedPart(data));
    } else {
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      size = bytes.length;
      crc = stored ? crcOf(bytes) : crc32(bytes);
      body = stored ? bytes : deflateRawSync(bytes, { level: 6 });
    }
    const entry: ZipInputFile = { filename: name, size, crc, compression: stored ? 0 : 8, mtime: local };
    zip.add(entry);
    entry.ondata!(null, body as Uint8Array<ArrayBuffer>, true);
  }
  zip.end();
  if (failure) throw failure;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The package docx made, finished: section RTL when `rtl`, fixed core dates and language, stable
 * ids (drawings in headers and footers numbered after the body's), deterministic zip.
 *
 * @param files the package's parts by path, XML as text or UTF-8 bytes (changed in place; parts
 *   it changes become text)
 * @param options.fonts the embedded fonts as read, by part path (see {@link stabiliseIds})
 * @param options.subsetFonts the embedded fonts are subsets ({@link markSubsetFonts})
 * @returns the `.docx` bytes
 * @throws Error when the package lacks `word/document.xml`
 */
export function finishPackage(files: PackageFiles, options: { created: Date; lang: string; rtl: boolean; fonts?: ReadonlyMap<string, Uint8Array>; subsetFonts?: boolean }): Uint8Array {
  // characters XML does not allow make the package unreadable; the parser already dropped those
  // of the brief (with warnings), this catches any from elsewhere (a template's words…)
  for (const [part, data] of Object.entries(files)) if (typeof data === 'string') files[part] = stripXmlIllegal(data);
  const doc = textOf(files, 'word/document.xml');
  if (doc === undefined) throw new Error('docx package without word/document.xml');
  if (options.rtl) files['word/document.xml'] = addSectionBidi(doc);
  const styles = textOf(files, 'word/styles.xml');
  if (styles !== undefined) files['word/styles.xml'] = withoutWidowControl(styles);
  const core = textOf(files, 'docProps/core.xml');
  if (core !== undefined) files['docProps/core.xml'] = setCoreProperties(core, options.created, options.lang);
  if (options.subsetFonts) markSubsetFonts(files);
  stabiliseIds(files, options.fonts);
  const body = stabiliseBookmarks(textOf(files, 'word/document.xml')!);
  files['word/document.xml'] = body;
  // Drawings in headers and footers (the template's logo) are numbered on after the body's.
  let drawing = (body.match(/<wp:docPr\b/g) ?? []).length;
  for (const part of Object.keys(files).filter((p) => /^word\/(header|footer)\d+\.xml$/.test(p)).sort()) {
    const xml = textOf(files, part)!;
    if (xml.includes('<wp:docPr')) files[part] = xml.replace(/(<wp:docPr\b[^>]*?\bid=")(\d+)(")/g, (_m, a: string, _id: string, b: string) => `${a}${++drawing}${b}`);
  }
  return zipDeterministic(files, options.created);
}
