/**
 * Post-processing of the package docx 9 writes, for what its API cannot express:
 * section-level RTL ({@link addSectionBidi}), the core properties' dates and language
 * ({@link setCoreProperties}), and byte-identical output ({@link stabiliseIds}, {@link zipDeterministic}).
 */
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, Zip, type ZipInputFile } from 'fflate';

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
export function setCoreProperties(xml: string, created: Date, lang: string): string {
  const stamp = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const escaped = lang.replace(/[<>&"]/g, '');
  return xml
    .replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*/g, `$1${stamp}`)
    .replace('</cp:coreProperties>', `<dc:language>${escaped}</dc:language></cp:coreProperties>`);
}

/** Font obfuscation of ECMA-376 Part 2 / docx: XOR of the first 32 bytes with the key's bytes in reverse. Its own inverse. */
function xorFontKey(bytes: Uint8Array, guid: string): Uint8Array {
  const key = (guid.replace(/[{}-]/g, '').match(/../g) ?? []).map((h) => parseInt(h, 16)).reverse();
  const out = bytes.slice();
  for (let i = 0; i < Math.min(32, out.length); i++) out[i]! ^= key[i % key.length]!;
  return out;
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
 * - embedded font keys (random GUIDs) → a GUID from the SHA-256 of the font, re-obfuscating the font.
 */
export function stabiliseIds(files: Record<string, Uint8Array>): void {
  for (const rels of Object.keys(files).filter((p) => p.endsWith('.rels'))) {
    const part = rels.replace(/_rels\/([^/]+)\.rels$/, '$1');
    let relsXml = strFromU8(files[rels]!);
    let partXml = files[part] ? strFromU8(files[part]) : undefined;
    let n = 0;
    for (const id of relationships(relsXml).keys()) {
      if (/^rId\d+$/.test(id)) continue;
      const stable = `rIdL${++n}`;
      relsXml = relsXml.replaceAll(`"${id}"`, `"${stable}"`);
      partXml = partXml?.replaceAll(`"${id}"`, `"${stable}"`);
    }
    if (n === 0) continue;
    files[rels] = strToU8(relsXml);
    if (partXml !== undefined) files[part] = strToU8(partXml);
  }
  const table = files['word/fontTable.xml'];
  const tableRels = files['word/_rels/fontTable.xml.rels'];
  if (!table || !tableRels) return;
  const targets = relationships(strFromU8(tableRels));
  const xml = strFromU8(table).replace(/<w:embed(Regular|Bold|Italic|BoldItalic)\b[^>]*>/g, (el) => {
    const id = /\br:id="([^"]+)"/.exec(el)?.[1];
    const key = /\bw:fontKey="([^"]+)"/.exec(el)?.[1];
    const path = id && targets.get(id) ? `word/${targets.get(id)}` : undefined;
    const data = path ? files[path] : undefined;
    if (!key || !path || !data) return el;
    const plain = xorFontKey(data, key);
    const hex = createHash('sha256').update(plain).digest('hex').toUpperCase();
    const guid = `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
    files[path] = xorFontKey(plain, guid);
    return el.replace(key, guid);
  });
  files['word/fontTable.xml'] = strToU8(xml);
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
 * Zips files with every entry dated `mtime` (DOS time, 2 s steps; clamped to 1980–2099 as ZIP
 * requires) read as UTC, so the bytes do not depend on the clock or the time zone.
 * `[Content_Types].xml` goes first, as Office writes it; other files keep their order.
 *
 * fflate writes the ZIP structure; the XML parts are deflated by Node's zlib (level 6), which is
 * several times faster than fflate's JavaScript deflate in a cold process. Embedded fonts are
 * stored, not deflated: compressing ~1 MB of font data costs more time than the bytes it saves
 * are worth.
 */
export function zipDeterministic(files: Record<string, Uint8Array>, mtime: Date): Uint8Array {
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
    const entry: ZipInputFile = { filename: name, size: data.length, crc: crc32(data), compression: stored ? 0 : 8, mtime: local };
    zip.add(entry);
    entry.ondata!(null, (stored ? data : deflateRawSync(data, { level: 6 })) as Uint8Array<ArrayBuffer>, true);
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
 * @param files the package's parts by path (changed in place)
 * @throws Error when the package lacks `word/document.xml`
 */
export function finishPackage(files: Record<string, Uint8Array>, options: { created: Date; lang: string; rtl: boolean }): Uint8Array {
  const doc = files['word/document.xml'];
  if (!doc) throw new Error('docx package without word/document.xml');
  if (options.rtl) files['word/document.xml'] = strToU8(addSectionBidi(strFromU8(doc)));
  const core = files['docProps/core.xml'];
  if (core) files['docProps/core.xml'] = strToU8(setCoreProperties(strFromU8(core), options.created, options.lang));
  stabiliseIds(files);
  const body = stabiliseBookmarks(strFromU8(files['word/document.xml']!));
  files['word/document.xml'] = strToU8(body);
  // Drawings in headers and footers (the template's logo) are numbered on after the body's.
  let drawing = (body.match(/<wp:docPr\b/g) ?? []).length;
  for (const part of Object.keys(files).filter((p) => /^word\/(header|footer)\d+\.xml$/.test(p)).sort()) {
    const xml = strFromU8(files[part]!);
    if (xml.includes('<wp:docPr')) files[part] = strToU8(xml.replace(/(<wp:docPr\b[^>]*?\bid=")(\d+)(")/g, (_m, a: string, _id: string, b: string) => `${a}${++drawing}${b}`));
  }
  return zipDeterministic(files, options.created);
}
