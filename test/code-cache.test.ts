/**
 * The bundled CLI's loader (src/startup/code-cache.ts): a bundle loads the same with and without a
 * V8 code cache, the cache is written once and used by the next process, and a changed bundle's
 * stale cache is not used. Each load runs in a fresh Node process, as the `sahifa` command does.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const LOADER = pathToFileURL(join(ROOT, 'dist', 'startup', 'code-cache.js')).href;

/** Runs {@link load}'s process (the same flags, so the same cache file) and returns how it ended. */
function loadProcess(bundle: string): SpawnSyncReturns<string> {
  const script = `const { loadBundle } = await import(${JSON.stringify(LOADER)});
const b = await loadBundle(${JSON.stringify(bundle)}, 'test');
const answer = await b.exports.answer();
b.saveCache();
console.log(JSON.stringify({ cached: b.cached, answer }));`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

/** Loads `bundle` in a new process; prints JSON {cached, answer} and saves the cache. */
function load(bundle: string): { cached: boolean; answer: unknown } {
  const r = loadProcess(bundle);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { cached: boolean; answer: unknown };
}

describe('code cache of the bundled CLI', () => {
  it('is written after the first load, used by the next process, ignored once the bundle changes', () => {
    const dir = tempDir();
    const bundle = join(dir, 'b.cjs');
    // CommonJS with require, __filename and a function compiled only when called
    const body = (n: number) =>
      `const { basename } = require('node:path');\nexports.answer = async () => ({ n: ${n}, file: basename(__filename), sum: [1, 2, 3].reduce((a, b) => a + b) });\n`;
    writeFileSync(bundle, body(1));
    const stamp = statSync(bundle).mtime;
    // the file name depends on the child's flags, so look for it
    const caches = (): string[] => (existsSync(join(dir, '.code-cache')) ? readdirSync(join(dir, '.code-cache')).filter((f) => f.endsWith('.v8')) : []);
    expect(caches()).toEqual([]);

    expect(load(bundle)).toEqual({ cached: false, answer: { n: 1, file: 'b.cjs', sum: 6 } });
    expect(caches()).toHaveLength(1);
    expect(load(bundle)).toEqual({ cached: true, answer: { n: 1, file: 'b.cjs', sum: 6 } });

    // a rebuilt bundle of the same length and date (V8 alone would take the old cache for it)
    writeFileSync(bundle, body(2));
    utimesSync(bundle, stamp, stamp);
    expect(load(bundle)).toEqual({ cached: false, answer: { n: 2, file: 'b.cjs', sum: 6 } });
    expect(load(bundle)).toEqual({ cached: true, answer: { n: 2, file: 'b.cjs', sum: 6 } });
  });

  it('never hands damaged data to V8 (which would crash): loads without it and writes a sound one', () => {
    const dir = tempDir();
    const bundle = join(dir, 'b.cjs');
    writeFileSync(bundle, `exports.answer = async () => ${JSON.stringify('ok '.repeat(2000))}.length;\n`.repeat(1));
    load(bundle);
    const cache = readdirSync(join(dir, '.code-cache')).find((f) => f.endsWith('.v8'))!;
    const path = join(dir, '.code-cache', cache);
    const bytes = readFileSync(path);
    // keep V8's own header, damage the middle (release V8 does not checksum it)
    bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 64);
    writeFileSync(path, bytes);
    expect(load(bundle)).toEqual({ cached: false, answer: 6000 });
    expect(load(bundle)).toEqual({ cached: true, answer: 6000 });
  });

  it('a cache whose hashes are right but whose V8 data is bad crashes one process at most: the next deletes it', () => {
    const dir = tempDir();
    const bundle = join(dir, 'b.cjs');
    writeFileSync(bundle, `function f(a) { return [a].map((x) => x * 3)[0]; }\nexports.answer = async () => ({ sum: f(2), s: ${JSON.stringify('x'.repeat(40))}.length });\n`);
    load(bundle);
    expect(load(bundle).cached).toBe(true);
    const path = join(dir, '.code-cache', readdirSync(join(dir, '.code-cache')).find((f) => f.endsWith('.v8'))!);
    const bytes = readFileSync(path);
    const header = 8 + 32 + 32;
    const data = Buffer.from(bytes.subarray(header));
    for (let i = 64; i < data.length; i += 7) data[i]! ^= 0x5a; // past V8's own header
    // the SHA-256 of the data made to match, as a cache written by another build of V8 would
    writeFileSync(path, Buffer.concat([bytes.subarray(0, 40), createHash('sha256').update(data).digest(), data]));
    const crashed = loadProcess(bundle);
    expect(crashed.signal !== null || crashed.status! > 128, crashed.stderr).toBe(true); // V8 aborts or segfaults
    expect(load(bundle)).toEqual({ cached: false, answer: { sum: 6, s: 40 } });
    expect(load(bundle)).toEqual({ cached: true, answer: { sum: 6, s: 40 } });
    expect(readdirSync(join(dir, '.code-cache')).filter((f) => f.endsWith('.loading'))).toEqual([]);
  });

  it('is keyed to the Node build as well as the bundle bytes', async () => {
    const { cacheKey } = (await import(LOADER)) as typeof import('../src/startup/code-cache.js');
    const bytes = Buffer.from('exports.a = 1;\n');
    expect(cacheKey(bytes).equals(createHash('sha256').update(bytes).digest())).toBe(false);
    const build = `${process.version}|${process.arch}|${process.platform}|v8 ${process.versions.v8}`;
    expect(cacheKey(bytes).equals(createHash('sha256').update(bytes).update('\0').update(build).digest())).toBe(true);
  });

  it('removes temporary files left by a killed save once they are old', () => {
    const dir = tempDir();
    const bundle = join(dir, 'b.cjs');
    writeFileSync(bundle, 'exports.answer = async () => 1;\n');
    mkdirSync(join(dir, '.code-cache'));
    const old = join(dir, '.code-cache', 'b.cjs.main.x.v8.123.abc.tmp');
    const fresh = join(dir, '.code-cache', 'b.cjs.main.x.v8.456.def.tmp');
    writeFileSync(old, 'partial');
    writeFileSync(fresh, 'partial');
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(old, hourAgo, hourAgo);
    load(bundle);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true); // may belong to a save running now
  });

  it('hands harfbuzzjs to the bundle, which cannot require it, when the bundle asks for it', async () => {
    const dir = tempDir();
    const bundle = join(dir, 'hb.cjs');
    writeFileSync(
      bundle,
      [
        'exports.answer = async () => {',
        "  const before = globalThis[Symbol.for('sahifa.harfbuzzjs')] === undefined;",
        "  await globalThis[Symbol.for('sahifa.harfbuzzjs.load')]();",
        "  return { before, shape: typeof globalThis[Symbol.for('sahifa.harfbuzzjs')].shape };",
        '};',
        '',
      ].join('\n'),
    );
    expect(load(bundle).answer).toEqual({ before: true, shape: 'function' });
  });

  it('loads a split bundle chunk by chunk, each once and with its own cache, and no harfbuzzjs unless asked', () => {
    const dir = tempDir();
    const bundle = join(dir, 'entry.cjs');
    // as scripts/bundle.mjs writes them: static require() of a shared chunk, __sahifaImport() of a lazy one
    writeFileSync(join(dir, 'shared.cjs'), 'exports.count = (globalThis.__sahifaTestLoads = (globalThis.__sahifaTestLoads ?? 0) + 1);\n');
    writeFileSync(join(dir, 'lazy.cjs'), 'const shared = require("./shared.cjs");\nexports.shape = typeof globalThis[Symbol.for("sahifa.harfbuzzjs")]?.shape;\nexports.count = shared.count;\n');
    writeFileSync(
      bundle,
      [
        'const shared = require("./shared.cjs");',
        'exports.answer = async () => {',
        '  const before = globalThis[Symbol.for("sahifa.harfbuzzjs")] === undefined;',
        '  const lazy = await __sahifaImport("./lazy.cjs");',
        '  return { before, shape: lazy.shape, sharedOnce: shared.count === lazy.count && globalThis.__sahifaTestLoads === 1 };',
        '};',
        '',
      ].join('\n'),
    );
    const caches = (): string[] => readdirSync(join(dir, '.code-cache')).filter((f) => f.endsWith('.v8')).map((f) => f.split('.cjs.')[0]!).sort();
    expect(load(bundle)).toEqual({ cached: false, answer: { before: true, shape: 'undefined', sharedOnce: true } });
    expect(caches()).toEqual(['entry', 'lazy', 'shared']);
    expect(load(bundle)).toEqual({ cached: true, answer: { before: true, shape: 'undefined', sharedOnce: true } });
    // a changed chunk's cache alone is made again; the others are used
    const stamps = (): number[] => readdirSync(join(dir, '.code-cache')).filter((f) => f.endsWith('.v8')).sort().map((f) => statSync(join(dir, '.code-cache', f)).mtimeMs);
    const before = stamps();
    writeFileSync(join(dir, 'lazy.cjs'), `${readFileSync(join(dir, 'lazy.cjs'), 'utf8')}// changed\n`);
    expect(load(bundle).answer).toEqual({ before: true, shape: 'undefined', sharedOnce: true });
    const after = stamps();
    expect([after[0] === before[0], after[1] === before[1], after[2] === before[2]]).toEqual([true, false, true]); // entry, lazy, shared
  });
});
