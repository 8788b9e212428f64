#!/usr/bin/env node
/**
 * `npm run bench -- --soak` (or `node bench/soak.js`): 500 builds of the seed brief in all three
 * formats in one process (as `watch` or a long batch would), RSS measured after a full GC at build
 * 100 and at build 500 (and every 50 in between). Memory must stay flat: the growth from 100 to
 * 500 is printed and must be under 10% (exit 1 otherwise). Written to bench/results.json under
 * `soak` (other keys are kept). Options: --builds N (default 500).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

if (typeof globalThis.gc !== 'function') {
  // Re-run with --expose-gc so RSS is measured after a full collection.
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const buildsArg = process.argv.indexOf('--builds');
const total = buildsArg > 0 ? Number(process.argv[buildsArg + 1]) : 500;
const brief = join(root, 'content', 'kazakhstan-abraham-accords.md');
const { build } = await import(join(root, 'dist', 'index.js'));
const out = mkdtempSync(join(tmpdir(), 'sahifa-soak-'));
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((ok) => setImmediate(ok));
  }
  return process.memoryUsage();
};
const mb = (n) => Math.round((n / 1024 / 1024) * 10) / 10;
const samples = [];
const t0 = performance.now();
for (let i = 1; i <= total; i++) {
  const r = await build({ root, paths: [brief], outDir: out, formats: ['html', 'pdf', 'docx'], force: true, jobs: 1 });
  if (!r.ok) throw r.briefs[0].error;
  if (i % 50 === 0 || i === 1) {
    const m = await settle();
    samples.push({ build: i, rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), externalMb: mb(m.external + m.arrayBuffers) });
    process.stdout.write(`build ${String(i).padStart(4)}: RSS ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB, external ${mb(m.external + m.arrayBuffers)} MB\n`);
  }
}
const seconds = (performance.now() - t0) / 1000;
rmSync(out, { recursive: true, force: true });
const at = (n) => samples.find((s) => s.build === n) ?? samples[samples.length - 1];
const a = at(Math.min(100, total));
const b = at(total);
const growth = ((b.rssMb - a.rssMb) / a.rssMb) * 100;
const heapGrowth = ((b.heapUsedMb - a.heapUsedMb) / a.heapUsedMb) * 100;
const peakRssMb = mb(process.resourceUsage().maxRSS * 1024);
console.log(`\nsoak: ${total} builds (html+pdf+docx) in ${seconds.toFixed(0)} s; RSS after GC ${a.rssMb} MB at ${a.build}, ${b.rssMb} MB at ${b.build}: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}% (heap ${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)}%); peak RSS ${peakRssMb} MB`);
const file = join(root, 'bench', 'results.json');
let results = {};
try {
  results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
} catch {
  results = {};
}
results.soak = { date: new Date().toISOString(), node: process.version, builds: total, seconds: Math.round(seconds), rssAt100Mb: a.rssMb, rssAtEndMb: b.rssMb, growthPercent: Math.round(growth * 10) / 10, heapGrowthPercent: Math.round(heapGrowth * 10) / 10, peakRssMb, samples };
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log('written to bench/results.json (soak)');
if (growth >= 10) {
  console.error(`soak: RSS grew ${growth.toFixed(1)}% from build ${a.build} to ${b.build} (limit 10%)`);
  process.exit(1);
}
