/**
 * Finding briefs and reading one: which paths are briefs, which cannot be read and why, and a
 * brief's text after its path is checked (`io/paths.ts`). Shared by `sahifa build` and
 * `sahifa check`.
 */
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { briefPath } from '../io/paths.js';
import { decodeBrief } from '../model/encoding.js';
import { SahifaError, isSystemError, systemErrorReason } from '../model/errors.js';

/** A path {@link scanBriefs} found: a brief to read, or an entry that cannot be read and why. */
export interface FoundBrief {
  /** Absolute path as found (symbolic links not resolved: messages and output names use it). */
  readonly path: string;
  /** Why it cannot be read (a broken or looping link, a link out of the project folder…), if so. */
  readonly problem?: string | undefined;
}

/**
 * Searches the given paths for briefs: `.md` files in folders (not in `node_modules` or dot
 * folders), and every file named explicitly. Symbolic links are followed only when they stay
 * inside the project root (see {@link briefPath}); a folder reached twice (a link looping back)
 * is searched once, under its real name when the search meets it there too. Entries that cannot
 * be read are returned with their `problem` rather than thrown, so one bad link fails only
 * itself: a named path, a `.md` link that is broken, loops or leads out, a link to a folder
 * outside the root. Broken links without `.md` are not briefs and are left out, like any other
 * file without `.md`.
 *
 * @returns the entries sorted by path, without duplicates
 * @throws {SahifaError} `missing-path` rule when a named path does not exist
 */
export async function scanBriefs(paths: readonly string[], root: string): Promise<FoundBrief[]> {
  const found = new Map<string, string | undefined>();
  const searched = new Set<string>(); // real paths of the folders searched
  const folderLinks: string[] = []; // links to folders met while searching: followed last, so a folder is listed under its real name when it has one
  const walk = async (p: string, named: boolean, deferred = false): Promise<void> => {
    const entry = await lstat(p).catch(() => null);
    if (!entry) {
      if (named) throw new SahifaError({ file: relative(root, p) || p }, 'no such file or folder', 'missing-path');
      return;
    }
    const where = briefPath(p, root);
    if (where.ok && where.folder && entry.isSymbolicLink() && !named && !deferred) {
      folderLinks.push(p);
      return;
    }
    if (!where.ok) {
      // Report it when it would have been a brief or a folder of briefs; a broken link without .md is not one.
      const folder = (await stat(p).catch(() => null))?.isDirectory() ?? false;
      if (named || folder || extname(p) === '.md') found.set(p, where.reason);
      return;
    }
    if (!where.folder) {
      if (named || extname(p) === '.md') found.set(p, undefined);
      return;
    }
    if (searched.has(where.path)) return;
    searched.add(where.path);
    let entries;
    try {
      entries = await readdir(p, { withFileTypes: true });
    } catch (err) {
      found.set(p, isSystemError(err) ? `the folder cannot be read: ${systemErrorReason(err)}` : (err as Error).message);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      if (e.isDirectory() || e.isSymbolicLink() || extname(e.name) === '.md') await walk(join(p, e.name), false);
    }
  };
  for (const p of paths) await walk(resolve(root, p), true);
  for (let link = folderLinks.shift(); link !== undefined; link = folderLinks.shift()) await walk(link, false, true);
  return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, problem]) => (problem === undefined ? { path } : { path, problem }));
}

/**
 * Lists the `.md` files under the given paths that can be read, sorted, without duplicates (see
 * {@link scanBriefs}, which also returns those that cannot: broken links, links out of the root).
 *
 * @throws {SahifaError} `input` rule when a path does not exist
 */
export async function findBriefs(paths: readonly string[], root: string): Promise<string[]> {
  return (await scanBriefs(paths, root)).filter((f) => f.problem === undefined).map((f) => f.path);
}

/**
 * Reads a brief's text, after checking it may be read (see {@link briefPath}): never through a
 * symbolic link that leads out of the project root.
 *
 * @param source absolute path of the brief
 * @param root absolute project root
 * @throws {SahifaError} rule `path` for a link out of the root, a broken or looping link, a folder
 *   or special file; rule `input` when the file cannot be read (no permission…) or is not text in
 *   UTF-8 (or UTF-16 with a byte order mark: see {@link decodeBrief}), at the first byte that is not
 */
export async function readBrief(source: string, root: string): Promise<string> {
  const shown = relative(root, source) || source;
  const where = briefPath(source, root);
  if (!where.ok) throw new SahifaError({ file: shown }, where.reason, 'path');
  if (where.folder) throw new SahifaError({ file: shown }, 'is a folder, not a brief', 'path');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(where.path);
  } catch (err) {
    if (isSystemError(err)) throw new SahifaError({ file: shown }, `cannot be read: ${systemErrorReason(err)}`, 'input');
    throw err;
  }
  return decodeBrief(bytes, shown);
}
