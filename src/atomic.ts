/**
 * Atomic writes of outputs: {@link writeAtomic} writes through a hidden temporary file and a
 * rename, and {@link removeStaleTemporaries} removes the temporary files of killed processes. Its
 * own module so that the build and `sahifa merge` (shard/) both use it without importing each
 * other; build.ts re-exports both as part of the API.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { alive } from './io/process.js';

/** Temporary files of {@link writeAtomic}: `.<name>.<pid>-<random>.tmp`. */
const TMP_NAME = /^\..+\.(\d+)-[0-9a-f]{12}\.tmp$/;

/**
 * Writes `bytes` to `file` through a temporary file in the same folder and a rename, so readers
 * never see a half-written file and a failure keeps the previous good file. The temporary file is
 * hidden and named after the writing process (`.<name>.<pid>-<random>.tmp`); one left by a killed
 * process is removed by the next build ({@link removeStaleTemporaries}).
 *
 * @throws the `fs` error when the folder cannot be created or the file written or renamed (its
 *   `path` is `file`, never the temporary file)
 */
export async function writeAtomic(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const name = file.slice(dirname(file).length + 1);
  const tmp = join(dirname(file), `.${name}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    // name the file the caller asked for, not the temporary one
    const e = err as NodeJS.ErrnoException;
    if (e.path === tmp) {
      e.message = e.message.replace(tmp, file);
      e.path = file;
    }
    throw err;
  }
}


/**
 * Removes temporary files that {@link writeAtomic} left in `dir` and its direct subfolders when
 * the process that wrote them was killed (their process no longer runs). Never throws.
 *
 * @returns the paths removed
 */
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  const removed: string[] = [];
  const sweep = async (folder: string, depth: number): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const path = join(folder, e.name);
      if (e.isDirectory() && depth > 0 && e.name !== 'node_modules') await sweep(path, depth - 1);
      const m = e.isFile() ? TMP_NAME.exec(e.name) : null;
      if (m && !alive(Number(m[1]))) {
        await unlink(path).then(() => removed.push(path), () => undefined);
      }
    }
  };
  await sweep(dir, 1);
  return removed;
}
