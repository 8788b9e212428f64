/**
 * The bundled CLI's loader (src/startup/code-cache.ts): a bundle loads the same with and without a
 * V8 code cache, the cache is written once and used by the next process, and a changed bundle's
 * stale cache is not used. Each load runs in a fresh Node process, as the `sahifa` command does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const LOADER = pathToFileURL(join(ROOT, 'dist', 'startup', 'code-cache.js')).href;

/** Loads `bundle` in a new process; prints JSON {cached, answer} and saves the cache. */
function load(bundle: string): { cached: boolean; answer: unknown } {
  const script = `const { loadBundle } = await import(${JSON.stringify(LOADER)});
const b = await loadBundle(${JSON.stringify(bundle)}, 'test');
const answer = await b.exports.answer();
b.saveCache();
console.log(JSON.stringify({ cached: b.cached, answer }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { cached: boolean; answer: unknown };
}

describe('code cache of the bundled CLI', () => {
  it('is written after the first load, used by the next process, ignored once the bundle changes', async () => {
    const { cacheFile } = (await import(LOADER)) as typeof import('../src/startup/code-cache.js');
    const dir = tempDir();
    const bundle = join(dir, 'b.cjs');
    // CommonJS with require, __filename and a function compiled only when called
    const body = (n: number) =>
      `const { basename } = require('node:path');\nexports.answer = async () => ({ n: ${n}, file: basename(__filename), sum: [1, 2, 3].reduce((a, b) => a + b) });\n`;
    writeFileSync(bundle, body(1));
    const cache = cacheFile(bundle, 'test');
    expect(existsSync(cache)).toBe(false);
    // the same length as body(1): V8 alone would take the old cache for it

    expect(load(bundle)).toEqual({ cached: false, answer: { n: 1, file: 'b.cjs', sum: 6 } });
    expect(existsSync(cache)).toBe(true);
    expect(load(bundle)).toEqual({ cached: true, answer: { n: 1, file: 'b.cjs', sum: 6 } });

    // a rebuilt bundle of the same length loads its own code, then caches again
    writeFileSync(bundle, body(2));
    const later = new Date(Date.now() + 5000);
    utimesSync(bundle, later, later);
    expect(cacheFile(bundle, 'test')).not.toBe(cache);
    expect(load(bundle)).toEqual({ cached: false, answer: { n: 2, file: 'b.cjs', sum: 6 } });
    expect(load(bundle)).toEqual({ cached: true, answer: { n: 2, file: 'b.cjs', sum: 6 } });
  });

  it('hands harfbuzzjs to the bundle, which cannot require it', async () => {
    const dir = tempDir();
    const bundle = join(dir, 'hb.cjs');
    writeFileSync(bundle, "exports.answer = async () => typeof globalThis[Symbol.for('sahifa.harfbuzzjs')].shape;\n");
    expect(load(bundle).answer).toBe('function');
  });
});
