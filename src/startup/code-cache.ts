/**
 * Cold start of the bundled CLI with a V8 code cache.
 *
 * `npm run build` bundles the whole command into one CommonJS file (`dist/bundle/sahifa.cjs`,
 * see scripts/bundle.mjs). Compiling that file costs about 150 ms per process, and every
 * function the first build calls is compiled again lazily. Node 20 has no compile cache of its
 * own (`module.enableCompileCache` arrived in Node 22.1), so this module does what it does: it
 * compiles the bundle with `vm.Script` and V8's `cachedData`, and after the first run saves
 * `script.createCachedData()` — which then also holds the functions compiled while running —
 * next to the bundle (see {@link cacheFile}), with SHA-256 sums of the bundle and of the data: a
 * cache made for other bytes or damaged on disk is never handed to V8 (see `readCache`). V8 itself
 * rejects data of another version or flags (`cachedDataRejected`). A missing or rejected cache is
 * rewritten when the caller says the run was a representative one (bin/sahifa.js: after `build`).
 * A cache that cannot be written (read-only install) is silently skipped.
 *
 * harfbuzzjs is an ES module with top-level await, which a CommonJS bundle cannot `require`: it is
 * imported here first and handed to the bundle through {@link HARFBUZZ_KEY} (scripts/bundle.mjs
 * maps `import 'harfbuzzjs'` to that global).
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';

/** Global symbol under which the bundle finds the harfbuzzjs module namespace. */
export const HARFBUZZ_KEY = Symbol.for('sahifa.harfbuzzjs');

/** A loaded bundle: its exports, and a function that saves the code cache when it is needed. */
export interface LoadedBundle<T> {
  readonly exports: T;
  /** Whether V8 used a code cache for this load. */
  readonly cached: boolean;
  /**
   * Writes the code cache (atomically: temporary file, then rename) when there was none or V8
   * rejected it; call it once the work is done, so it includes the functions compiled lazily.
   * Never throws.
   */
  saveCache(): void;
}

/** First bytes of a cache file written by {@link loadBundle}. */
const MAGIC = Buffer.from('SAHIFAV8');
/** MAGIC, SHA-256 of the bundle's bytes, SHA-256 of the V8 data: then the V8 data. */
const HEADER = MAGIC.length + 32 + 32;
/** Temporary files left by a process killed while saving are removed after this long (ms). */
const STALE_TMP_MS = 10 * 60 * 1000;

const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

/**
 * Where the code cache of `file` for `role` lives: `.code-cache/` next to the bundle, one file per
 * role (`main`, `worker`: each thread compiles different functions), Node version and V8 flags
 * (`execArgv` and `NODE_OPTIONS`: V8 rejects data made under other flags, so each set keeps its
 * own file instead of rewriting a shared one).
 */
export function cacheFile(file: string, role: string): string {
  const flags = createHash('sha256').update(`${process.execArgv.join(' ')}|${process.env['NODE_OPTIONS'] ?? ''}`).digest('hex').slice(0, 8);
  return join(dirname(file), '.code-cache', `${basename(file)}.${role}.${process.version}-${process.arch}-${flags}.v8`);
}

/**
 * The V8 data of a cache file when it was made for exactly these bundle bytes and arrived intact,
 * else undefined. Release builds of V8 do not checksum code caches and crash on damaged ones
 * (and V8 compares only the source's length), so both are checked here with SHA-256.
 */
function readCache(path: string, bundleHash: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!bytes.subarray(MAGIC.length, MAGIC.length + 32).equals(bundleHash)) return undefined;
  const data = bytes.subarray(HEADER);
  return sha256(data).equals(bytes.subarray(MAGIC.length + 32, HEADER)) ? data : undefined;
}

/** Removes temporary files of killed saves (older than {@link STALE_TMP_MS}) from a cache folder. */
function sweepTemporaries(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.tmp')) continue;
    const path = join(dir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_TMP_MS) unlinkSync(path);
    } catch {
      /* gone already, or not ours to remove */
    }
  }
}

/**
 * Loads the CommonJS bundle `file` (absolute path) with a V8 code cache and returns its exports.
 * The bundle is ASCII (scripts/bundle.mjs), read as Latin-1 when it is: decoding 6 MB as UTF-8
 * costs twice as much.
 *
 * @param role which thread loads it (`main` or `worker`); names the cache file
 * @throws Error when the bundle cannot be read or throws while loading (as `require` would)
 */
export async function loadBundle<T>(file: string, role: string): Promise<LoadedBundle<T>> {
  (globalThis as Record<symbol, unknown>)[HARFBUZZ_KEY] ??= await import('harfbuzzjs');
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const bundleHash = sha256(bytes);
  const cachePath = cacheFile(file, role);
  const cachedData = readCache(cachePath, bundleHash);
  // The bundle has no import() (scripts/bundle.mjs turns it into require): Node 20 drops a
  // vm.Script's dynamic-import callback when the code comes from a cache.
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  const mod = { exports: {} as T };
  wrapper.call(mod.exports, mod.exports as object, createRequire(file), mod, file, dirname(file));
  let saved = cached;
  return {
    exports: mod.exports,
    cached,
    saveCache() {
      if (saved) return;
      saved = true;
      const tmp = `${cachePath}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        mkdirSync(dirname(cachePath), { recursive: true });
        sweepTemporaries(dirname(cachePath));
        const data = script.createCachedData();
        writeFileSync(tmp, Buffer.concat([MAGIC, bundleHash, sha256(data), data]));
        renameSync(tmp, cachePath);
      } catch {
        try {
          unlinkSync(tmp);
        } catch {
          /* nothing was written */
        }
      }
    },
  };
}
