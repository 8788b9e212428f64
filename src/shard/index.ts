/**
 * Builds split over several machines (CI shards) and put back together.
 *
 * {@link shardOf} gives every brief a shard from the SHA-256 of its project-relative path, so the
 * split is deterministic (every machine computes it alone), balanced (hash values are uniform)
 * and stable (adding or removing a brief never moves another one between shards).
 * `sahifa build --shard K/N` builds the briefs of shard K only (see `BuildOptions.shard`).
 *
 * {@link mergeOutputs} (`sahifa merge DIR… --out DIR`) puts the shards' output folders and their
 * manifests together into one: the result has the same files, with the same bytes, as one build
 * of every brief, and a later incremental build of it skips the unchanged briefs.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { writeAtomic } from '../atomic.js';
import { MANIFEST_NAME, readManifest, serialiseManifest, sha256, type FormatRecord, type Manifest } from '../manifest/index.js';
import { SahifaError } from '../model/errors.js';
import type { Format } from '../writers/index.js';

/** One share of a sharded build: shard `index` (1-based) of `count`. */
export interface Shard {
  /** Which shard, 1 ≤ index ≤ count. */
  readonly index: number;
  /** How many shards the briefs are split into (≥ 1). */
  readonly count: number;
}

/** Most shards {@link parseShard} accepts. */
export const MAX_SHARDS = 1000;

/**
 * Reads `K/N` (`--shard 2/4`): shard K of N, 1 ≤ K ≤ N ≤ {@link MAX_SHARDS}.
 *
 * @throws Error with a message for the user when the text is not of that form
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a shard: write K/N, e.g. 1/4 (shard 1 of 4)`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new Error(`shard count ${count} is out of range: use 1 to ${MAX_SHARDS}`);
  if (index < 1 || index > count) throw new Error(`shard ${index} of ${count} does not exist: K goes from 1 to ${count}`);
  return { index, count };
}

/**
 * The shard (1-based) of the brief at `path` among `count` shards: the first 48 bits of the
 * SHA-256 of the path, modulo `count`, plus one. The path is project-relative with `/` separators
 * (`content/water/2026.md`), so every machine and operating system gives the same answer, and the
 * answer for one brief never depends on the others.
 */
export function shardOf(path: string, count: number): number {
  const digest = createHash('sha256').update(path.split(sep).join('/')).digest();
  return (digest.readUIntBE(0, 6) % count) + 1;
}

/** True when the brief at project-relative `path` belongs to `shard` (always, without a shard). */
export function inShard(path: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(path, shard.count) === shard.index;
}

/** Options of {@link mergeOutputs}. Paths are resolved against `root`. */
export interface MergeOptions {
  /** Output folders of the shards (each may hold a `.sahifa-manifest.json`). */
  readonly dirs: readonly string[];
  /** Folder the merged files and manifest are written to (made when missing; may be one of `dirs`). */
  readonly outDir: string;
  /** Default `process.cwd()`. */
  readonly root?: string | undefined;
}

/** Two inputs that disagree: the same file with different bytes, or the same brief's record. */
export interface MergeConflict {
  /** The file (relative to the output folders), or the manifest's name for a record. */
  readonly file: string;
  /** Why, naming both input folders. */
  readonly reason: string;
}

/** What {@link mergeOutputs} did. */
export interface MergeResult {
  /** True when no input disagreed with another (then everything was written). */
  readonly ok: boolean;
  /** Every file of the merged folder (relative, `/`-separated, sorted), manifest left out. */
  readonly files: readonly string[];
  /** Files written (the others already held these bytes). Empty when not `ok`. */
  readonly written: readonly string[];
  /** Briefs in the merged manifest. */
  readonly briefs: number;
  /** The disagreements; nothing is written when there is any. */
  readonly conflicts: readonly MergeConflict[];
}

/**
 * The regular files under `dir` (relative, `/`-separated), hidden names (the manifest, temporary
 * files) left out.
 *
 * @throws {SahifaError} rule `input` for a symbolic link or anything else that is not a regular file or folder
 */
async function filesUnder(dir: string, shown: (p: string) => string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string, prefix: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.')) continue;
      const path = join(folder, e.name);
      if (e.isDirectory()) await walk(path, `${prefix}${e.name}/`);
      else if (e.isFile()) out.push(`${prefix}${e.name}`);
      else throw new SahifaError({ file: shown(path) }, `is ${e.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}: an output folder to merge holds only files and folders`, 'input');
    }
  };
  await walk(dir, '');
  return out;
}

/**
 * Merges the output folders of a sharded build (and their manifests) into one. Every file of every
 * input is copied (hidden files left out); a file found in several inputs must have the same bytes
 * in each, and a brief found in several manifests the same record, else it is a conflict and
 * nothing is written. The merged manifest (`.sahifa-manifest.json`) holds every brief of the
 * inputs' manifests; the output folder's own manifest is replaced, unless the output folder is also
 * one of the inputs. Files are written atomically and only when their bytes differ.
 *
 * @throws {SahifaError} rule `input` when an input is missing or not a folder, holds a symbolic
 *   link, or when the output folder lies inside an input; the `fs` error when a file cannot be
 *   read or written
 */
export async function mergeOutputs(options: MergeOptions): Promise<MergeResult> {
  const root = resolve(options.root ?? process.cwd());
  const shown = (p: string): string => (relative(root, p) || '.').split(sep).join('/');
  const outDir = resolve(root, options.outDir);
  const dirs = [...new Set(options.dirs.map((d) => resolve(root, d)))];
  if (!dirs.length) throw new SahifaError({ file: shown(outDir) }, 'give at least one output folder to merge', 'input');
  for (const dir of dirs) {
    const info = await lstat(dir).catch(() => null);
    if (!info?.isDirectory()) throw new SahifaError({ file: shown(dir) }, info ? 'is not a folder' : 'no such folder', 'input');
    if (outDir.startsWith(dir + sep)) throw new SahifaError({ file: shown(outDir) }, `the output folder lies inside ${shown(dir)}, one of the folders merged: choose another one`, 'input');
  }

  const conflicts: MergeConflict[] = [];
  // Files: path → first input holding it and the SHA-256 of its bytes there.
  const seen = new Map<string, { dir: string; hash: string }>();
  for (const dir of dirs) {
    for (const file of await filesUnder(dir, shown)) {
      const hash = sha256(await readFile(join(dir, file)));
      const first = seen.get(file);
      if (!first) seen.set(file, { dir, hash });
      else if (first.hash !== hash) conflicts.push({ file, reason: `different bytes in ${shown(first.dir)} and ${shown(dir)}` });
    }
  }

  // Manifests: brief → format → record, from the first input that has it; another must agree.
  const merged: Manifest = { version: 1, briefs: {} };
  const from = new Map<string, string>();
  for (const dir of dirs) {
    const manifest = await readManifest(dir);
    for (const [brief, formats] of Object.entries(manifest.briefs)) {
      const entry: Partial<Record<Format, FormatRecord>> = (merged.briefs[brief] ??= {});
      for (const [format, record] of Object.entries(formats) as [Format, FormatRecord][]) {
        const key = `${brief}\0${format}`;
        const had = entry[format];
        if (had === undefined) {
          entry[format] = record;
          from.set(key, dir);
        } else if (serialiseManifest(had as unknown as Manifest) !== serialiseManifest(record as unknown as Manifest)) {
          conflicts.push({ file: MANIFEST_NAME, reason: `the ${format} record of ${brief} differs between ${shown(from.get(key)!)} and ${shown(dir)}` });
        }
      }
    }
  }

  const files = [...seen.keys()].sort();
  const briefs = Object.keys(merged.briefs).length;
  if (conflicts.length) return { ok: false, files, written: [], briefs, conflicts };

  const written: string[] = [];
  for (const file of files) {
    const { dir, hash } = seen.get(file)!;
    const target = join(outDir, file);
    const existing = await readFile(target).catch(() => undefined);
    if (existing && sha256(existing) === hash) continue;
    await writeAtomic(target, await readFile(join(dir, file)));
    written.push(file);
  }
  if (briefs) await writeAtomic(join(outDir, MANIFEST_NAME), new TextEncoder().encode(serialiseManifest(merged)));
  return { ok: true, files, written, briefs, conflicts };
}
