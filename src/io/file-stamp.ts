/**
 * A regular file's stamp: device, inode, size, modification and change times (ns), as one string.
 * Equal stamps: the file was not written to in between, as far as make and ninja tell (a file
 * rewritten with the same size and the same ns times would pass for unchanged). The one place the
 * caches kept across builds of a process (file hashes, font bytes, templates) tell a changed file.
 */
import { statSync, type BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';

function stampOf(info: BigIntStats): string | undefined {
  return info.isFile() ? `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}` : undefined;
}

/** The stamp of the regular file at `path`; undefined when there is none (missing, a folder, unreadable). */
export async function fileStamp(path: string): Promise<string | undefined> {
  const info = await stat(path, { bigint: true }).catch(() => undefined);
  return info && stampOf(info);
}

/** {@link fileStamp}, synchronously (for the synchronous font and template loaders). */
export function fileStampSync(path: string): string | undefined {
  const info = statSync(path, { bigint: true, throwIfNoEntry: false });
  return info && stampOf(info);
}
