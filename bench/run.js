#!/usr/bin/env node
/**
 * `npm run bench`: builds the seed brief in each format (and all three), several runs, and prints
 * the median wall time (ms) and peak RSS (MB):
 * - cold: a fresh `sahifa build` process per run (module loading and font parsing included);
 * - warm: the same build repeated inside one process (as `watch` would), after one warm-up run.
 * Writes bench/results.json. Options: --runs N (default 7).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const brief = join(root, 'content', 'kazakhstan-abraham-accords.md');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const cases = [['html'], ['pdf'], ['docx'], ['html', 'pdf', 'docx']];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function cold(formats) {
  const times = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), 'sahifa-bench-'));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', join(root, 'bench', 'report-rss.mjs'), join(root, 'bin', 'sahifa.js'), 'build', brief, '--out', out, '--format', formats.join(',')], {
      cwd: root,
      encoding: 'utf8',
    });
    times.push(performance.now() - t0);
    rmSync(out, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`sahifa build failed: ${r.stderr}`);
    rss.push(Number(/SAHIFA_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024);
  }
  return { medianMs: median(times), peakRssMb: Math.max(...rss) };
}

async function warm(formats) {
  const { build } = await import(join(root, 'dist', 'index.js'));
  const out = mkdtempSync(join(tmpdir(), 'sahifa-bench-'));
  const once = async () => {
    const r = await build({ root, paths: [brief], outDir: out, formats, force: true }); // force: measure a real rebuild, not a manifest skip
    if (!r.ok) throw r.briefs[0].error;
  };
  await once();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  rmSync(out, { recursive: true, force: true });
  return { medianMs: median(times), peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

const results = [];
for (const formats of cases) {
  const c = cold(formats);
  const w = await warm(formats);
  results.push({ formats: formats.join('+'), cold: c, warm: w });
}

const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
console.log(`sahifa bench: seed brief, ${runs} runs each, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}`);
console.log('format            cold median  cold peak RSS  warm median  warm peak RSS');
for (const r of results) {
  console.log(
    `${r.formats.padEnd(16)}  ${r.cold.medianMs.toFixed(0).padStart(8)} ms  ${r.cold.peakRssMb.toFixed(0).padStart(10)} MB  ${r.warm.medianMs.toFixed(1).padStart(8)} ms  ${r.warm.peakRssMb.toFixed(0).padStart(10)} MB`,
  );
}
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), runs, machine, results }, null, 2)}\n`);
console.log('written to bench/results.json');
