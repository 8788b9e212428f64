/**
 * Cold start of the bundled CLI with a V8 code cache.
 *
 * `npm run build` bundles the whole command into one CommonJS file (`dist/bundle/sahifa.cjs`,
 * see scripts/bundle.mjs). Compiling that file costs about 150 ms per process, and every
 * function the first build calls is compiled again lazily. Node 20 has no compile cache of its
 * own (`module.enableCompileCache` arrived in Node 22.1), so this module does what it does: it
 * compiles the bundle with `vm.Script` and V8's `cachedData`, and after the first run saves
 * `script.createCachedData()` — which then also holds the functions compiled while running —
 * next to the bundle (see {@link cacheFile}). V8 checks the cache against its own version and flags
 * and rejects a mismatch (`cachedDataRejected`); a rejected or missing cache is rewritten at the end
 * of that run. A cache that cannot be written (read-only install) is silently skipped.
 *
 * harfbuzzjs is an ES module with top-level await, which a CommonJS bundle cannot `require`: it is
 * imported here first and handed to the bundle through {@link HARFBUZZ_KEY} (scripts/bundle.mjs
 * maps `import 'harfbuzzjs'` to that global).
 */
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
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

/**
 * Where the code cache of `file` for `role` lives: `.code-cache/` next to the bundle, one file per
 * role (`main`, `worker`: each thread compiles different functions), Node version, and size and
 * modification time of the bundle. V8 itself only compares the source's length, so a rebuilt
 * bundle of the same length would run stale code: naming the cache after the bundle's stat means a
 * rebuilt bundle never finds the old cache.
 *
 * @throws Error when `file` does not exist
 */
export function cacheFile(file: string, role: string): string {
  const { size, mtimeMs } = statSync(file);
  return join(dirname(file), '.code-cache', `${basename(file)}.${role}.${process.version}-${process.arch}.${size}-${Math.floor(mtimeMs)}.v8`);
}

/**
 * Loads the CommonJS bundle `file` (absolute path) with a V8 code cache and returns its exports.
 *
 * @param role which thread loads it (`main` or `worker`); names the cache file
 * @throws Error when the bundle cannot be read or throws while loading (as `require` would)
 */
export async function loadBundle<T>(file: string, role: string): Promise<LoadedBundle<T>> {
  (globalThis as Record<symbol, unknown>)[HARFBUZZ_KEY] ??= await import('harfbuzzjs');
  const source = readFileSync(file, 'utf8');
  const cachePath = cacheFile(file, role);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
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
        writeFileSync(tmp, script.createCachedData());
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
