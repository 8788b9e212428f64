/**
 * Keeping file access inside the project root. Briefs, templates and fonts come from many authors:
 * a relative path in a brief (an image, an include) may only name a file inside the root, after
 * symbolic links are followed. Absolute paths, `..` escapes and symlinks that lead out are refused.
 * Briefs themselves (and the folders searched for them) get the same treatment: see
 * {@link briefPath}.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Why {@link containedPath} refused a path. */
export type Refusal = 'absolute' | 'escape' | 'symlink';

/** Result of {@link containedPath}: the resolved real path, or why it was refused. */
export type Containment =
  | { readonly ok: true; readonly path: string; readonly exists: boolean }
  | { readonly ok: false; readonly refusal: Refusal; readonly reason: string };

/** True when `path` is `root` or inside it (both absolute and normalised). */
export function isInside(root: string, path: string): boolean {
  const r = relative(root, path);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
}

/** The real path of `path` (symlinks followed), or undefined when it does not exist. */
export function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

const realRoots = new Map<string, string>();

/** The real path of a root folder, cached (a root that does not exist stays as given). */
export function realRoot(root: string): string {
  let hit = realRoots.get(root);
  if (!hit) realRoots.set(root, (hit = realPath(root) ?? resolve(root)));
  return hit;
}

/**
 * Whether `path` lies inside the project `root` as written (before symbolic links are followed):
 * under `root` itself or under its real path (a root reached through a symbolic link).
 */
export function lexicallyInside(root: string, path: string): boolean {
  return isInside(resolve(root), path) || isInside(realRoot(root), path);
}

/**
 * Resolves a path written in a brief against `baseDir` and checks it stays inside `root`.
 *
 * - an absolute path (`/etc/passwd`, `C:\…`) is refused;
 * - a path that resolves outside the root (`../../etc/passwd`) is refused;
 * - an existing path whose real path (symlinks followed) is outside the root is refused;
 * - a path inside the root that does not exist is returned with `exists: false` (the caller
 *   decides: a missing image is only a warning).
 *
 * @param written the path as written (already percent-decoded, without query or fragment)
 * @param baseDir absolute folder relative paths start from (the brief's folder)
 * @param root absolute project root
 */
export function containedPath(written: string, baseDir: string, root: string): Containment {
  if (isAbsolute(written) || /^[A-Za-z]:[\\/]/.test(written) || written.startsWith('\\\\')) {
    return { ok: false, refusal: 'absolute', reason: 'absolute paths are not allowed: write a path relative to the brief, inside the project folder' };
  }
  const lexical = resolve(baseDir, written);
  if (!lexicallyInside(root, lexical)) {
    return { ok: false, refusal: 'escape', reason: 'the path leads outside the project folder: only files inside it are read' };
  }
  const real = realPath(lexical);
  if (real === undefined) return { ok: true, path: lexical, exists: false };
  if (!isInside(realRoot(root), real)) {
    return { ok: false, refusal: 'symlink', reason: 'the path is a symbolic link that leads outside the project folder: only files inside it are read' };
  }
  return { ok: true, path: real, exists: true };
}

/**
 * The folder a brief's images must stay inside: the project root for a brief in it; for a brief
 * outside it (named on the command line: a corpus, a temporary folder), the brief's own folder,
 * the folder its own text is read from ({@link briefPath}).
 *
 * @param source absolute path of the brief
 * @param root absolute project root
 */
export function filesRootOf(source: string, root: string): string {
  return lexicallyInside(root, source) ? root : dirname(source);
}

/** Result of {@link briefPath}: the real path to read, or why the path may not be read. */
export type BriefPath =
  | { readonly ok: true; readonly path: string; readonly folder: boolean }
  | { readonly ok: false; readonly reason: string };

/** Why `realpath` failed, in words, for a path that exists as a directory entry. */
function unreachable(path: string, err: NodeJS.ErrnoException): string {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    // the entry itself is gone
  }
  if (err.code === 'ELOOP') return 'is a symbolic link that loops back on itself: nothing to read';
  if (link && (err.code === 'ENOENT' || err.code === 'ENOTDIR')) return 'is a symbolic link to a file that does not exist';
  if (err.code === 'ENOENT') return 'no such file or folder';
  if (err.code === 'EACCES' || err.code === 'EPERM') return `cannot be read: permission denied (${err.code})`;
  return `cannot be read (${err.code ?? err.message})`;
}

/**
 * Checks that a brief, or a folder searched for briefs, may be read, and returns its real path.
 *
 * A path inside the project root (as written, before symlinks are followed) must stay inside the
 * root after symlinks are followed: a brief or folder that is a symbolic link leading out of the
 * root is refused, as images are. A path outside the root can only come from the person running
 * sahifa (named on the command line or in `BuildOptions.paths`); it is read where it is, but a
 * symbolic link there must not lead out of its own folder either (a brief found inside a folder
 * outside the root, such as a corpus or a temporary folder, stays in that folder).
 *
 * Broken and looping links and entries that are neither files nor folders are refused with a
 * reason too, so a caller reports them instead of crashing.
 *
 * @param path absolute path as written (not yet resolved through symlinks)
 * @param root absolute project root
 */
export function briefPath(path: string, root: string): BriefPath {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (err) {
    return { ok: false, reason: unreachable(path, err as NodeJS.ErrnoException) };
  }
  const inside = lexicallyInside(root, path);
  if (!isInside(realRoot(root), real)) {
    if (inside) return { ok: false, reason: 'is a symbolic link that leads outside the project folder: only files inside it are read' };
    const own = realPath(dirname(path)) ?? dirname(path);
    if (!isInside(own, real)) return { ok: false, reason: 'is a symbolic link that leads outside its own folder: it is not read' };
  }
  let folder: boolean;
  try {
    const info = statSync(real);
    if (!info.isFile() && !info.isDirectory()) return { ok: false, reason: 'is not a regular file' };
    folder = info.isDirectory();
  } catch (err) {
    return { ok: false, reason: unreachable(path, err as NodeJS.ErrnoException) };
  }
  return { ok: true, path: real, folder };
}
