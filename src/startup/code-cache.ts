/**
 * Cold start of the bundled CLI with a V8 code cache.
 *
 * `npm run build` bundles the whole command into one CommonJS file (`dist/bundle/sahifa.cjs`,
 * see scripts/bundle.mjs). Compiling that file costs about 150 ms per process, and every
 * function the first build calls is compiled again lazily. Node 20 has no compile cache of its
 * own (`module.enableCompileCache` arrived in Node 22.1), so this module does what it does: it
 * compiles the bundle with `vm.Script` and V8's `cachedData`, and after the first run saves
 * `script.createCachedData()` — which then also holds the functions compiled while running —
 * next to the bundle (see {@link cacheFile}), with SHA-256 sums of the bundle and Node build
 * ({@link cacheKey}) and of the data: a cache made for other bytes or another Node, or damaged on
 * disk, is never handed to V8 (see `readCache`). V8 itself rejects data of another version or
 * flags (`cachedDataRejected`). Data that passes all that and still crashes V8 is deleted by the
 * next process (a marker file lives while V8 reads the cache; see `dropCrashedCache`). A missing or rejected cache is
 * rewritten when the caller says the run was a representative one (bin/sahifa.js: after `build`).
 * A cache that cannot be written (read-only install) is silently skipped.
 *
 * harfbuzzjs is an ES module with top-level await, which a CommonJS bundle cannot `require`: it is
 * imported here when the bundle first asks for it (`harfbuzz-ready.ts`) and handed to the bundle
 * through {@link HARFBUZZ_KEY} (scripts/bundle.mjs maps `import 'harfbuzzjs'` to that global).
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';
import { alive } from '../io/process.js';
import { DATA_CACHE_KEY, type DataCacheHome } from './data-cache.js';
import { HARFBUZZ_LOAD_KEY } from './harfbuzz-ready.js';

/** Global symbol under which the bundle finds the harfbuzzjs module namespace. */
export const HARFBUZZ_KEY = Symbol.for('sahifa.harfbuzzjs');

/**
 * Under this key the loader hands the bundle a real `import()`, for ES modules the bundle loads
 * on demand that CommonJS cannot require (vega-lite has top-level await; see charts/render.ts).
 */
export const IMPORT_KEY = Symbol.for('sahifa.import');

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
/** MAGIC, SHA-256 of the bundle's bytes and the Node build ({@link cacheKey}), SHA-256 of the V8 data: then the V8 data. */
const HEADER = MAGIC.length + 32 + 32;
/** Temporary files left by a process killed while saving are removed after this long (ms). */
const STALE_TMP_MS = 10 * 60 * 1000;

const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

/**
 * What a cache is made for: the exact bytes of the bundle and the Node build that compiled it
 * (`process.version`, `process.arch`, `process.platform` and V8's version). Data made by another
 * build with the same version number, say, is never handed to V8.
 */
export function cacheKey(bundle: Uint8Array): Buffer {
  const build = `${process.version}|${process.arch}|${process.platform}|v8 ${process.versions.v8}`;
  return createHash('sha256').update(bundle).update('\0').update(build).digest();
}

/**
 * Marker of a process that runs code from a cache: `<cache>.<pid>-<tag>.loading`, made before
 * V8 reads the cache and removed when the process (or worker thread) exits. A marker whose process
 * is gone without removing it means that process died, perhaps in V8 reading or running code from
 * the cache: release builds of V8 crash, rather than throw, on bad data that passes its sanity
 * checks, while deserialising it or later, when a damaged function first runs.
 */
const LOADING = '.loading';


/**
 * Deletes every cache in `dir` that a process died while loading (see {@link LOADING}), and that
 * process's marker. Never throws.
 */
function dropCrashedCaches(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith(LOADING)) continue;
    // <cache>.<pid>-<tag>.loading
    const rest = name.slice(0, -LOADING.length);
    const dot = rest.lastIndexOf('.');
    const pid = Number(rest.slice(dot + 1).split('-')[0]);
    if (dot < 0 || (Number.isInteger(pid) && (pid === process.pid || alive(pid)))) continue; // a load running now
    for (const file of [join(dir, rest.slice(0, dot)), join(dir, name)]) {
      try {
        unlinkSync(file);
      } catch {
        /* gone already */
      }
    }
  }
}

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

/** What a chunk's code runs in: CommonJS's wrapper plus the loader's `import()` of sibling chunks. */
type ChunkWrapper = (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string, sahifaImport: (spec: string) => Promise<unknown>) => void;


/**
 * Loads the chunks of one bundle folder, each compiled with its own code cache, each once
 * (as `require` does). A chunk's `require("./x.cjs")` and `__sahifaImport("./x.cjs")` come here;
 * other specifiers go to Node's `require` from the chunk's file.
 */
class ChunkLoader {
  readonly #role: string;
  readonly #modules = new Map<string, { exports: unknown }>();
  readonly #sources = new Map<string, { bytes: Buffer; text: string }>();
  readonly #loads: { script: vm.Script; cachePath: string; key: Buffer; saved: boolean }[] = [];
  readonly #cacheDirs = new Set<string>();
  /** This process's {@link LOADING} markers, removed when it exits. */
  readonly #markers: string[] = [];
  entryCached = false;

  constructor(role: string) {
    this.#role = role;
  }

  /** The chunk's text: Latin-1 when ASCII (scripts/bundle.mjs makes it so; half the cost of UTF-8). */
  #source(file: string): { bytes: Buffer; text: string } {
    let source = this.#sources.get(file);
    if (source === undefined) {
      const bytes = readFileSync(file);
      this.#sources.set(file, (source = { bytes, text: isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8') }));
    }
    return source;
  }

  /** Loads `file` and what it requires (`__sahifaImport`: a promise, as `import()` gives). */
  async import(file: string): Promise<unknown> {
    return this.require(file);
  }

  /** Runs the chunk `file` (absolute path) once and returns its exports. */
  require(file: string): unknown {
    const known = this.#modules.get(file);
    if (known) return known.exports;
    const { bytes, text: source } = this.#source(file);
    const key = cacheKey(bytes);
    const cachePath = cacheFile(file, this.#role);
    const dir = dirname(cachePath);
    if (!this.#cacheDirs.has(dir)) {
      this.#cacheDirs.add(dir);
      dropCrashedCaches(dir);
    }
    const cachedData = readCache(cachePath, key);
    // pid and a random tag: worker threads of one process share the pid (and node:worker_threads
    // stays unloaded on the cold path of one brief)
    const marker = `${cachePath}.${process.pid}-${Math.random().toString(36).slice(2)}${LOADING}`;
    let marked = false;
    if (cachedData) {
      try {
        writeFileSync(marker, '');
        marked = true;
        this.#markers.push(marker);
        if (this.#markers.length === 1) process.once('exit', () => this.#unmark());
      } catch {
        /* read-only install: nothing can be recovered there anyway */
      }
    }
    const wrapped = `(function (exports, require, module, __filename, __dirname, __sahifaImport) { ${source}\n})`;
    const script = new vm.Script(wrapped, { filename: file, cachedData: marked ? cachedData : undefined });
    const cached = marked && !script.cachedDataRejected;
    if (this.#modules.size === 0) this.entryCached = cached;
    this.#loads.push({ script, cachePath, key, saved: cached });
    const mod = { exports: {} };
    this.#modules.set(file, mod);
    const nodeRequire = createRequire(file);
    const chunk = (spec: string): string | undefined => (spec.startsWith('./') && spec.endsWith('.cjs') ? join(dirname(file), spec) : undefined);
    const require = Object.assign((spec: string) => {
      const path = chunk(spec);
      return path ? this.require(path) : nodeRequire(spec);
    }, nodeRequire);
    const sahifaImport = (spec: string): Promise<unknown> => {
      const path = chunk(spec);
      return path ? this.import(path) : Promise.reject(new Error(`sahifa: ${spec} is not a chunk of the bundle`));
    };
    (script.runInThisContext() as ChunkWrapper).call(mod.exports, mod.exports, require as NodeJS.Require, mod, file, dirname(file), sahifaImport);
    return mod.exports;
  }

  #unmark(): void {
    for (const marker of this.#markers) {
      try {
        unlinkSync(marker);
      } catch {
        /* removed already */
      }
    }
  }

  /** Writes the code cache of every chunk loaded without one (see {@link LoadedBundle.saveCache}). */
  saveCaches(): void {
    for (const load of this.#loads) {
      if (load.saved) continue;
      load.saved = true;
      const tmp = `${load.cachePath}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        mkdirSync(dirname(load.cachePath), { recursive: true });
        sweepTemporaries(dirname(load.cachePath));
        const data = load.script.createCachedData();
        writeFileSync(tmp, Buffer.concat([MAGIC, load.key, sha256(data), data]));
        renameSync(tmp, load.cachePath);
      } catch {
        try {
          unlinkSync(tmp);
        } catch {
          /* nothing was written */
        }
      }
    }
  }
}

/**
 * Loads the CommonJS bundle `file` (absolute path) with a V8 code cache and returns its exports.
 * The bundle may be split into chunks (sibling `.cjs` files it requires or `__sahifaImport`s, see
 * scripts/bundle.mjs): each is loaded when first needed, with its own code cache. harfbuzzjs is
 * imported only when the bundle asks for it (`harfbuzzReady`).
 *
 * @param role which thread loads it (`main` or `worker`); names the cache files
 * @throws Error when the bundle cannot be read or throws while loading (as `require` would)
 */
export async function loadBundle<T>(file: string, role: string): Promise<LoadedBundle<T>> {
  (globalThis as Record<symbol, unknown>)[IMPORT_KEY] ??= (specifier: string): Promise<unknown> => import(specifier);
  // the entry names every chunk by a hash of its content: its key identifies the whole bundle
  const home: DataCacheHome = { dir: join(dirname(file), '.data-cache'), id: cacheKey(readFileSync(file)).toString('hex') };
  (globalThis as Record<symbol, unknown>)[DATA_CACHE_KEY] ??= home;
  (globalThis as Record<symbol, unknown>)[HARFBUZZ_LOAD_KEY] ??= async (): Promise<void> => {
    (globalThis as Record<symbol, unknown>)[HARFBUZZ_KEY] ??= await import('harfbuzzjs');
  };
  const loader = new ChunkLoader(role);
  const exports = (await loader.import(file)) as T;
  return {
    exports,
    cached: loader.entryCached,
    saveCache: () => loader.saveCaches(),
  };
}
