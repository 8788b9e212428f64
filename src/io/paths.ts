/**
 * Keeping file access inside the project root. Briefs, templates and fonts come from many authors:
 * a relative path in a brief (an image, an include) may only name a file inside the root, after
 * symbolic links are followed. Absolute paths, `..` escapes and symlinks that lead out are refused.
 * Briefs themselves (and the folders searched for them) get the same treatment: see
 * {@link briefPath}.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
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
 * Where a URL written in a brief (an image or a link target) points on disk, after the one
 * containment check every image and linked file goes through ({@link containedPath}), or
 * `undefined` when it names no local file: a scheme (`https:`, `mailto:`, `data:`, `file:`…),
 * protocol-relative (`//host`), a `#fragment` or empty. The query and fragment are removed and the
 * rest percent-decoded (`%2e%2e/` is `../`) before the check.
 *
 * A link's site-absolute URL (`/page`) is a page of a web site, not a file, and gives `undefined`;
 * for an image it names a file and is refused as absolute. A UNC path (`\\host\share`) is refused
 * for both (links: the safety plugin drops it like `file:`).
 *
 * @param url the URL as written
 * @param baseDir absolute folder relative paths start from (the brief's folder)
 * @param root absolute folder the file must stay inside ({@link filesRootOf})
 * @param kind `image` (`![](…)`, `::figure`) or `link` (`[](…)`, definitions)
 */
export function localFile(url: string, baseDir: string, root: string, kind: 'image' | 'link'): Containment | undefined {
  if (!url || url.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(url)) return undefined;
  if (/^\/\//.test(url)) return undefined;
  if (kind === 'link' && /^\/(?![\\/])/.test(url)) return undefined;
  const bare = url.replace(/[?#].*$/s, '');
  if (!bare) return undefined;
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // a stray `%`: keep the text as written
  }
  return containedPath(decoded, baseDir, root);
}

/** Why {@link readRegularFile} read nothing. */
export type ReadRefusal = 'missing' | 'not-file' | 'too-large' | 'unreadable';

/** Result of {@link readRegularFile}: the bytes, or why they were not read. */
export type FileRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly refusal: ReadRefusal; readonly reason: string; /** Size in bytes, for `too-large`. */ readonly size?: number };

/** Flags of {@link readRegularFile}: a FIFO opens without waiting for a writer; a symlink put in place after the check is not followed. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * Reads a regular file of at most `maxBytes` bytes, and nothing else: the type and size are
 * checked before the file is opened (`stat`: a FIFO, a device such as `/dev/zero`, a socket or a
 * folder is never opened) and again on the open descriptor (`fstat`), and reading stops once
 * `maxBytes` is passed (a file that grows while it is read). The caller has checked that `path`
 * may be read at all ({@link containedPath}). Never throws for a file-system problem.
 *
 * @param path absolute path (symbolic links are resolved first; one swapped in after that is not
 *   followed)
 * @param maxBytes largest size accepted, in bytes
 * @returns the bytes, or `missing` / `not-file` / `too-large` (with `size`) / `unreadable` and a
 *   short reason in words
 */
export function readRegularFile(path: string, maxBytes: number): FileRead {
  const refuse = (refusal: ReadRefusal, reason: string, size?: number): FileRead => ({ ok: false, refusal, reason, ...(size !== undefined ? { size } : {}) });
  const failed = (err: unknown): FileRead => {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return refuse('missing', 'no such file');
    if (code === 'ELOOP') return refuse('not-file', 'is a symbolic link (it changed while it was read)');
    return refuse('unreadable', `cannot be read (${code ?? (err as Error).message})`);
  };
  let real: string;
  try {
    // symbolic links inside the project were accepted by the caller: open the file they lead to
    real = realpathSync(path);
    const before = statSync(real);
    if (!before.isFile()) return refuse('not-file', 'is not a regular file');
    if (before.size > maxBytes) return refuse('too-large', `is larger than ${maxBytes} bytes`, before.size);
  } catch (err) {
    return failed(err);
  }
  let fd: number;
  try {
    fd = openSync(real, READ_FLAGS);
  } catch (err) {
    return failed(err);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return refuse('not-file', 'is not a regular file');
    if (info.size > maxBytes) return refuse('too-large', `is larger than ${maxBytes} bytes`, info.size);
    // one byte more than the size, to see a file that grows while it is read
    let buf = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        if (buf.length > maxBytes) return refuse('too-large', `is larger than ${maxBytes} bytes`, got);
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
    }
    return { ok: true, bytes: buf.subarray(0, got) };
  } catch (err) {
    return failed(err);
  } finally {
    closeSync(fd);
  }
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
