/**
 * The build manifest: `<outDir>/.sahifa-manifest.json` records, per brief and format, the content
 * hashes of everything the output was made from (source, template file, font files, local images,
 * sahifa version, creation time) and of the files written. `sahifa build` skips a format when its
 * inputs are unchanged and every recorded output is still on disk with the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileStamp } from '../io/file-stamp.js';
import { isInside, readRegularFile, realPath } from '../io/paths.js';
import { z } from '../model/zod.js';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../templates/load.js';
import type { Format } from '../writers/types.js';

/** File name of the manifest inside the output folder. */
export const MANIFEST_NAME = '.sahifa-manifest.json';

/** sahifa's version (from its package.json), recorded so a new release rebuilds everything. */
export const SAHIFA_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A file and the SHA-256 (hex) of its bytes; `sha256` is `null` when the file does not exist. */
export interface FileHash {
  /** Path relative to the project root, `/`-separated (absolute when outside the root). */
  readonly path: string;
  readonly sha256: string | null;
}

/**
 * Everything one output format of one brief depends on. Two equal values (see {@link sameInputs})
 * produce byte-identical outputs.
 */
export interface FormatInputs {
  readonly sahifa: string;
  readonly format: Format;
  readonly source: FileHash;
  readonly template: FileHash;
  /** The template's font files (every family, regular and bold), in template order. */
  readonly fonts: readonly FileHash[];
  /**
   * The images the output was made from: those the brief's figures were looked for at, sorted by
   * path (a file's real path, a remote image's URL; `sha256: null` when nothing was read), then
   * the template's logo. Hashes are of the bytes embedded, not of a second read.
   */
  readonly images: readonly FileHash[];
  /** Creation time written into the output (ISO 8601), from `SOURCE_DATE_EPOCH` or the brief's date. */
  readonly created: string;
  /** The render settings (`RenderSettings`, as JSON). */
  readonly settings?: string | undefined;
}

/** What the manifest keeps for one format of one brief. */
export interface FormatRecord {
  readonly inputs: FormatInputs;
  /** Files written, relative to the output folder (`/`-separated) → SHA-256 (hex) of their bytes. */
  readonly outputs: Readonly<Record<string, string>>;
}

/** The manifest: brief source path (relative to the root) → format → record. */
export interface Manifest {
  readonly version: 1;
  readonly briefs: Record<string, Partial<Record<Format, FormatRecord>>>;
}

/** SHA-256 (hex) of bytes. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * SHA-256 of files hashed or written earlier in this process, by absolute path, with the file's
 * stamp (`io/file-stamp.ts`) at that time. A later build (`watch`, the library API) that finds
 * the same stamp skips reading and hashing the file again (the font files of a template are
 * megabytes and rarely change), and skips writing an output whose bytes it holds already.
 */
const stamped = new Map<string, { stamp: string; sha256: string }>();

/** Entries of {@link stamped} before it starts again from empty (bounds a long `watch` session). */
const MAX_STAMPED = 2_000;

const hashesOfBytes = new WeakMap<Uint8Array, string>();

/**
 * {@link sha256} of bytes that do not change once made (an output, a font file read once per
 * process), remembered per bytes object: the same font asset written by every build is hashed once.
 */
export function sha256Of(bytes: Uint8Array): string {
  let hash = hashesOfBytes.get(bytes);
  if (hash === undefined) hashesOfBytes.set(bytes, (hash = sha256(bytes)));
  return hash;
}

/**
 * The SHA-256 this process last knew for the file at `path` (hashed, or written by
 * {@link rememberHash}), when the file still has the stamp it had then; else undefined.
 */
export async function knownHash(path: string): Promise<string | undefined> {
  const known = stamped.get(path);
  return known !== undefined && known.stamp === (await fileStamp(path)) ? known.sha256 : undefined;
}

/**
 * Records that the file at `path` now holds bytes with SHA-256 `hash` (the caller just wrote
 * them), with its current stamp; nothing when it is not a regular file.
 */
export async function rememberHash(path: string, hash: string): Promise<void> {
  const stamp = await fileStamp(path);
  if (stamp === undefined) {
    stamped.delete(path);
    return;
  }
  if (stamped.size >= MAX_STAMPED) stamped.clear();
  stamped.set(path, { stamp, sha256: hash });
}

/** Largest file {@link FileHasher} reads (font files, templates and outputs are far smaller). */
const MAX_HASHED_BYTES = 1024 * 1024 * 1024;

async function hashFile(path: string): Promise<string | null> {
  const known = await knownHash(path);
  if (known !== undefined) return known;
  // a regular file only: a FIFO or a device in the way must not hang or exhaust the build
  const read = readRegularFile(path, MAX_HASHED_BYTES);
  if (!read.ok) return null;
  const bytes = read.bytes;
  const hash = sha256(bytes);
  await rememberHash(path, hash);
  return hash;
}

/**
 * Hashes files, remembering results for the lifetime of the hasher (one build), so the font files
 * shared by every brief are read once; across builds of one process unchanged files are not read
 * again (see {@link stamped}).
 */
export class FileHasher {
  private readonly cache = new Map<string, Promise<string | null>>();

  /** SHA-256 of the regular file at absolute `path`, or `null` when it cannot be read or is no regular file. */
  hash(path: string): Promise<string | null> {
    let hit = this.cache.get(path);
    if (!hit) {
      hit = hashFile(path);
      this.cache.set(path, hit);
    }
    return hit;
  }
}

/** An empty manifest. */
export function emptyManifest(): Manifest {
  return { version: 1, briefs: {} };
}

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/);
const FILE_HASH = z.object({ path: z.string(), sha256: SHA256.nullable() });
const FORMAT_RECORD = z.object({
  inputs: z.object({
    sahifa: z.string(),
    format: z.enum(['html', 'pdf', 'docx']),
    source: FILE_HASH,
    template: FILE_HASH,
    fonts: z.array(FILE_HASH),
    images: z.array(FILE_HASH),
    created: z.string(),
    settings: z.string().optional(),
  }),
  outputs: z.record(z.string(), SHA256),
});
const FORMATS: readonly Format[] = ['html', 'pdf', 'docx'];

/**
 * True for a path a manifest may name as an output: relative to the output folder, `/`-separated,
 * no `..`, `.` or empty segment, no backslash, drive letter or NUL. A manifest is
 * read from the output folder, where anyone who can write a file can put one: its paths are
 * confined to that folder before anything is read.
 */
export function isOutputPath(path: string): boolean {
  if (!path || path.startsWith('/') || /[\\\u0000]/.test(path) || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/**
 * Reads `<outDir>/.sahifa-manifest.json`, treating it as untrusted: each brief's record of each
 * format must have the shape sahifa writes (hashes of 64 hex digits, output paths that stay in
 * the output folder: {@link isOutputPath}); a record that does not is dropped (that format is
 * rebuilt) and the others are kept. A missing, unreadable or foreign file gives an empty manifest
 * (everything is rebuilt); it never throws.
 */
export async function readManifest(outDir: string): Promise<Manifest> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(join(outDir, MANIFEST_NAME), 'utf8'));
  } catch {
    return emptyManifest();
  }
  const top = value as { version?: unknown; briefs?: unknown } | null;
  if (!top || typeof top !== 'object' || top.version !== 1 || !top.briefs || typeof top.briefs !== 'object' || Array.isArray(top.briefs)) return emptyManifest();
  // no prototype: a brief named `__proto__` is a key like any other
  const briefs: Manifest['briefs'] = Object.create(null) as Manifest['briefs'];
  for (const [source, entry] of Object.entries(top.briefs as Record<string, unknown>)) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) continue;
    const kept: Partial<Record<Format, FormatRecord>> = {};
    for (const format of FORMATS) {
      const parsed = FORMAT_RECORD.safeParse((entry as Record<string, unknown>)[format]);
      if (!parsed.success || parsed.data.inputs.format !== format) continue;
      if (!Object.keys(parsed.data.outputs).every(isOutputPath)) continue;
      kept[format] = parsed.data as FormatRecord;
    }
    if (Object.keys(kept).length) briefs[source] = kept;
  }
  return { version: 1, briefs };
}

/** The manifest as written: sorted keys, two-space indent, final newline (stable bytes). */
export function serialiseManifest(manifest: Manifest): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
    return v;
  };
  return `${JSON.stringify(sorted(manifest), null, 2)}\n`;
}

/** True when two input records are equal (field by field, arrays in order). */
export function sameInputs(a: FormatInputs, b: FormatInputs): boolean {
  return serialiseManifest(a as unknown as Manifest) === serialiseManifest(b as unknown as Manifest);
}

/**
 * True when every output of `record` is on disk in `outDir` with the recorded bytes. An output
 * path that is not one sahifa writes ({@link isOutputPath}) or leads out of `outDir` through a
 * symbolic link is not read: the record counts as not intact (rebuilt).
 *
 * @param hasher shared hasher (outputs such as HTML fonts are shared by briefs)
 */
export async function outputsIntact(record: FormatRecord, outDir: string, hasher: FileHasher): Promise<boolean> {
  const entries = Object.entries(record.outputs);
  if (!entries.length) return false;
  const realOut = realPath(outDir) ?? resolve(outDir);
  for (const [rel, hash] of entries) {
    // only files inside the output folder, also after symbolic links are followed
    if (!isOutputPath(rel)) return false;
    const path = join(outDir, rel);
    const real = realPath(path);
    if (real === undefined || !isInside(realOut, real)) return false;
    if ((await hasher.hash(path)) !== hash) return false;
  }
  return true;
}
