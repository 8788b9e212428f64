/**
 * The build manifest: `<outDir>/.sahifa-manifest.json` records, per brief and format, the content
 * hashes of everything the output was made from (source, template file, font files, local images,
 * sahifa version, creation time) and of the files written. `sahifa build` skips a format when its
 * inputs are unchanged and every recorded output is still on disk with the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileStamp } from '../model/file-stamp.js';
import { join } from 'node:path';
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
  /** Local images the brief includes, sorted by path (missing ones with `sha256: null`). */
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
 * stamp (`model/file-stamp.ts`) at that time. A later build (`watch`, the library API) that finds
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

async function hashFile(path: string): Promise<string | null> {
  const known = await knownHash(path);
  if (known !== undefined) return known;
  const bytes = await readFile(path).catch(() => undefined);
  if (!bytes) return null;
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

  /** SHA-256 of the file at absolute `path`, or `null` when it cannot be read. */
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

/**
 * Reads `<outDir>/.sahifa-manifest.json`. A missing, unreadable or foreign file gives an empty
 * manifest (everything is rebuilt); it never throws.
 */
export async function readManifest(outDir: string): Promise<Manifest> {
  try {
    const value = JSON.parse(await readFile(join(outDir, MANIFEST_NAME), 'utf8')) as Manifest;
    if (value && value.version === 1 && typeof value.briefs === 'object' && value.briefs) return value;
  } catch {
    // fall through
  }
  return emptyManifest();
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
 * True when every output of `record` is on disk in `outDir` with the recorded bytes.
 *
 * @param hasher shared hasher (outputs such as HTML fonts are shared by briefs)
 */
export async function outputsIntact(record: FormatRecord, outDir: string, hasher: FileHasher): Promise<boolean> {
  const entries = Object.entries(record.outputs);
  if (!entries.length) return false;
  for (const [rel, hash] of entries) {
    if ((await hasher.hash(join(outDir, rel))) !== hash) return false;
  }
  return true;
}
