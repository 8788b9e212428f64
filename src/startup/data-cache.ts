/**
 * Data a cold process would otherwise work out again from the same bytes (a template's checked
 * YAML, a font's cmap coverage), kept on disk between processes of one build of sahifa.
 *
 * The cache is on only inside the bundle: the chunk loader (`code-cache.ts`) sets
 * {@link DATA_CACHE_KEY} to the bundle's identity (SHA-256 of the entry chunk's bytes, which name
 * every other chunk by a hash of its content, and of the Node build) and a folder next to the bundle.
 * Run from `dist/` or the sources, where no single file identifies the code, nothing is read or
 * written. An entry's name hashes that identity, its kind and the SHA-256 of the input bytes the
 * caller gives: another build of sahifa, another Node or an edited input never finds it. Its
 * payload (`v8.serialize`) is checked with SHA-256 before it is deserialised, as the code cache
 * is: a damaged entry is a miss. Writing is atomic (temporary file, rename) and silently skipped
 * where the folder cannot be written (a read-only install).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/** Global under which the bundle's loader puts {@link DataCacheHome}. */
export const DATA_CACHE_KEY = Symbol.for('sahifa.dataCache');

/** Where the cache lives and which code it is for. */
export interface DataCacheHome {
  /** Folder of the entries (made on first write). */
  readonly dir: string;
  /** Identity of the code and Node build that computes the data (hex). */
  readonly id: string;
}

/** Most entries kept: past it, a write removes the least recently written quarter (font subsets add one per character set). */
export const MAX_ENTRIES = 400;

/** First bytes of an entry: then SHA-256 of the payload, then the payload. */
const MAGIC = Buffer.from('SAHIFADC');
const HEADER = MAGIC.length + 32;

const sha256 = (...parts: (string | Uint8Array)[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest();
};

/** The cache of this process, or undefined outside the bundle. */
function home(): DataCacheHome | undefined {
  return (globalThis as Record<symbol, DataCacheHome | undefined>)[DATA_CACHE_KEY];
}

/** The file of the entry `kind` for input `input` (bytes or their hash), under `at`. */
function entryFile(at: DataCacheHome, kind: string, input: string | Uint8Array): string {
  return join(at.dir, `${kind}-${sha256(at.id, kind, input).toString('hex').slice(0, 40)}.bin`);
}

/**
 * The value stored for `kind` and `input`, or undefined (cache off, no entry, damaged entry).
 *
 * @param input the bytes the value was computed from (or a string that identifies them exactly)
 */
export function readData<T>(kind: string, input: string | Uint8Array, at: DataCacheHome | undefined = home()): T | undefined {
  if (!at) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(entryFile(at, kind, input));
  } catch {
    return undefined;
  }
  if (bytes.length < HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const payload = bytes.subarray(HEADER);
  if (!createHash('sha256').update(payload).digest().equals(bytes.subarray(MAGIC.length, HEADER))) return undefined;
  try {
    return deserialize(payload) as T;
  } catch {
    return undefined;
  }
}

/** Stores `value` (anything `v8.serialize` takes) for `kind` and `input`; never throws. */
export function writeData(kind: string, input: string | Uint8Array, value: unknown, at: DataCacheHome | undefined = home()): void {
  if (!at) return;
  const file = entryFile(at, kind, input);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const payload = serialize(value);
    mkdirSync(at.dir, { recursive: true });
    writeFileSync(tmp, Buffer.concat([MAGIC, createHash('sha256').update(payload).digest(), payload]));
    renameSync(tmp, file);
    prune(at.dir);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
  }
}

/** Removes the oldest quarter of the entries of `dir` when it holds more than {@link MAX_ENTRIES}; never throws. */
function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.bin'));
  if (names.length <= MAX_ENTRIES) return;
  const byAge = names.map((n) => ({ path: join(dir, n), at: statSync(join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => a.at - b.at);
  for (const { path } of byAge.slice(0, Math.ceil(names.length / 4))) {
    try {
      unlinkSync(path);
    } catch {
      /* removed by another process */
    }
  }
}
