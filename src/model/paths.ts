/**
 * Keeping file access inside the project root. Briefs, templates and fonts come from many authors:
 * a relative path in a brief (an image, an include) may only name a file inside the root, after
 * symbolic links are followed. Absolute paths, `..` escapes and symlinks that lead out are refused.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

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
  if (!isInside(resolve(root), lexical) && !isInside(realRoot(root), lexical)) {
    return { ok: false, refusal: 'escape', reason: 'the path leads outside the project folder (..): only files inside it are read' };
  }
  const real = realPath(lexical);
  if (real === undefined) return { ok: true, path: lexical, exists: false };
  if (!isInside(realRoot(root), real)) {
    return { ok: false, refusal: 'symlink', reason: 'the path is a symbolic link that leads outside the project folder: only files inside it are read' };
  }
  return { ok: true, path: real, exists: true };
}
