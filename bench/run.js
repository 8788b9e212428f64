#!/usr/bin/env node
/**
 * `npm run bench`: speed and memory of sahifa (never measured in tests). Prints tables and writes
 * bench/results.json. Wall times are medians in ms; memory is peak RSS in MB.
 *
 * - seed, cold: a fresh `sahifa build <seed> --force` process per run, per format and all three;
 * - seed, warm: the same build repeated inside one process (as `watch` does), after 10 warm-up
 *   builds (at least 15 measured), and after a one-word edit of the brief (incremental: only the
 *   edited brief is rebuilt);
 * - scale: briefs of about 10, 50 and 100 pages made from the corpus, all three formats, cold;
 * - batch: 100 briefs in one `sahifa build` (worker threads sized to the CPUs), cold;
 * - charts: a brief with three `::chart` figures against the same brief with three PNG figures,
 *   all three formats, cold; compared by CPU time (user + system, median; target ≤ 1.5×);
 * - sizes: the seed's PDF, DOCX, HTML (+ fonts) and self-contained HTML;
 * - `--compare`: pandoc (HTML, DOCX) and Chromium (PDF from our HTML) on the seed, with ratios,
 *   and the start-up table: `--version`, `--help`, `check` and the seed's builds beside pandoc and
 *   Typst (bench/typst.cjs), each as a multiple of `node -e 0` in the same run (wall and CPU
 *   time), and `watch`'s rebuild after a one-word edit (save → HTML reloaded, → all three written).
 *
 * Options: --runs N (default 5), --quick (seed only; with --charts, the charts too), --compare;
 * --startup prints only the start-up table and the watch figures; --soak runs bench/soak.js
 * instead, --big bench/big-inputs.js.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { batch, chartBriefs, coldBuild, longBrief, pdfPages, peers, startup } from './workloads.js';

if (process.argv.includes('--big')) {
  // huge and pathological briefs at and over the input limits: see bench/big-inputs.js.
  await import('./big-inputs.js');
  process.exit(process.exitCode ?? 0);
}

if (process.argv.includes('--soak')) {
  // 500 builds in one process, memory at 100 and 500: see bench/soak.js.
  await import('./soak.js');
  process.exit(process.exitCode ?? 0);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const brief = join(root, 'content', 'kazakhstan-abraham-accords.md');
const arg = (name) => process.argv.includes(name);
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const temp = () => mkdtempSync(join(tmpdir(), 'sahifa-bench-'));

function cold(formats, source = brief, n = runs) {
  const ms = [];
  const rss = [];
  for (let i = 0; i < n; i++) {
    const out = temp();
    const r = coldBuild(root, [source, '--out', out, '--format', formats.join(','), '--force']);
    ms.push(r.ms);
    rss.push(r.rssMb);
    rmSync(out, { recursive: true, force: true });
  }
  return { medianMs: median(ms), peakRssMb: Math.max(...rss) };
}

async function warm(formats) {
  const { build } = await import(join(root, 'dist', 'index.js'));
  const out = temp();
  const once = async (source, force) => {
    const r = await build({ root, paths: [source], outDir: out, formats, force });
    if (!r.ok) throw r.briefs[0].error;
  };
  // warm-up: V8 compiles the hot code only after many builds (10), then at least 15 measured
  for (let i = 0; i < 10; i++) await once(brief, true);
  const warmRuns = Math.max(runs, 15);
  const same = [];
  for (let i = 0; i < warmRuns; i++) {
    const t0 = performance.now();
    await once(brief, true);
    same.push(performance.now() - t0);
  }
  // one-word edits of a copy of the brief: an incremental rebuild as `watch` does it
  const dir = temp();
  const copy = join(dir, 'edited.md');
  const text = readFileSync(brief, 'utf8');
  writeFileSync(copy, text);
  await once(copy, false);
  const edited = [];
  for (let i = 0; i < warmRuns; i++) {
    writeFileSync(copy, text.replace('الأخيرة', i % 2 ? 'الماضية' : 'الحالية'));
    const t0 = performance.now();
    await once(copy, false);
    edited.push(performance.now() - t0);
  }
  rmSync(out, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  return { medianMs: median(same), editedMedianMs: median(edited), peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/**
 * The start-up table: every command's cold wall and CPU medians as multiples of `node -e 0` in the
 * same run (workloads.js `startup`), sahifa beside pandoc and Typst.
 */
function startupTable() {
  const bin = join(root, 'bin', 'sahifa.js');
  const node = process.execPath;
  const build = (formats) => (out) => [node, [bin, 'build', brief, '--out', out, '--format', formats, '--force']];
  const commands = {
    'sahifa --version': [node, [bin, '--version']],
    'sahifa --help': [node, [bin, '--help']],
    'sahifa check': [node, [bin, 'check', brief]],
    'sahifa HTML': build('html'),
    'sahifa PDF': build('pdf'),
    'sahifa DOCX': build('docx'),
    'sahifa all three': build('html,pdf,docx'),
    'pandoc HTML': (out) => ['pandoc', [brief, '-s', '-o', join(out, 'p.html')]],
    'pandoc DOCX': (out) => ['pandoc', [brief, '-o', join(out, 'p.docx')]],
    'pandoc HTML+DOCX': (out) => ['sh', ['-c', 'pandoc "$0" -s -o "$1/p.html" && pandoc "$0" -o "$1/p.docx"', brief, out]],
    'Typst PDF (Node)': (out) => [node, [join(root, 'bench', 'typst.cjs'), join(out, 't.pdf')]],
  };
  const r = startup(root, commands, Math.max(runs, 9));
  const f = (v, d = 0) => (v === undefined ? 'n/a' : v.toFixed(d));
  console.log(`\nstart-up, cold (median of ${r.runs}; × node -e 0 in the same run)   wall ms  × node   CPU ms  × node  peak MB`);
  for (const [label, row] of Object.entries(r.rows)) console.log(`${label.padEnd(66)} ${f(row.ms).padStart(7)} ${f(row.x, 2).padStart(7)} ${f(row.cpuMs).padStart(8)} ${f(row.cpuX, 2).padStart(7)} ${f(row.peakRssMb).padStart(8)}`);
  for (const [label, why] of Object.entries(r.skipped)) console.log(`${label}: not measured (${why})`);
  return r;
}

/**
 * `watch` on a copy of the seed, all three formats: a one-word edit (switching between two words,
 * as `warm` does) → the HTML pass's event (the preview reloads) and → the last pass's event, in ms,
 * medians of at least 15 edits after 10 warm-up edits. Debounce 1 ms (the CLI waits 100 ms for a
 * quiet moment first).
 */
async function watchFigures() {
  const { watch } = await import(join(root, 'dist', 'index.js'));
  const dir = temp();
  const copy = join(dir, 'content', 'edited.md');
  const text = readFileSync(brief, 'utf8');
  mkdirSync(join(dir, 'content'));
  writeFileSync(copy, text);
  let waiting;
  const watcher = await watch({
    root: dir,
    paths: ['content'],
    outDir: join(dir, 'output'),
    port: 0,
    debounceMs: 1,
    onEvent(e) {
      if (e.type === 'error') throw e.error;
      if (!waiting || !e.changed.length) return;
      if (e.formats.includes('html')) waiting.html = performance.now();
      if (!e.formats.includes('html') || e.formats.length === 3) waiting.done(performance.now());
    },
  });
  const html = [];
  const all = [];
  const n = Math.max(runs, 15);
  for (let i = 0; i < 10 + n; i++) {
    const t0 = performance.now();
    const finished = new Promise((done) => (waiting = { done }));
    writeFileSync(copy, text.replace('الأخيرة', i % 2 ? 'الماضية' : 'الحالية'));
    const end = await finished;
    if (i >= 10) {
      html.push(waiting.html - t0);
      all.push(end - t0);
    }
    await watcher.idle();
  }
  await watcher.close();
  rmSync(dir, { recursive: true, force: true });
  const w = { edits: n, htmlMs: median(html), allMs: median(all) };
  console.log(`\nwatch, one-word edit, all three formats (median of ${n}): save → HTML reloaded ${w.htmlMs.toFixed(0)} ms, → PDF and DOCX written ${w.allMs.toFixed(0)} ms`);
  return w;
}

if (arg('--startup')) {
  const out = { date: new Date().toISOString(), startup: startupTable(), watch: await watchFigures() };
  console.log(JSON.stringify(out.startup.rows));
  process.exit(0);
}

const results = { date: new Date().toISOString(), runs, machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version } };
console.log(`sahifa bench: ${runs} runs each, ${results.machine.cores} cores, ${results.machine.memoryGb} GB, Node ${results.machine.node}`);

// seed
results.seed = [];
for (const formats of [['html'], ['pdf'], ['docx'], ['html', 'pdf', 'docx']]) {
  results.seed.push({ formats: formats.join('+'), cold: cold(formats), warm: await warm(formats) });
}
console.log('\nseed brief       cold median  cold peak  warm median  warm after 1-word edit');
for (const r of results.seed) {
  console.log(`${r.formats.padEnd(16)} ${r.cold.medianMs.toFixed(0).padStart(8)} ms ${r.cold.peakRssMb.toFixed(0).padStart(6)} MB ${r.warm.medianMs.toFixed(0).padStart(8)} ms ${r.warm.editedMedianMs.toFixed(0).padStart(10)} ms`);
}

// sizes
{
  const out = temp();
  coldBuild(root, [brief, '--out', out, '--force']);
  const size = (f) => statSync(join(out, f)).size;
  const fonts = readdirSync(join(out, 'fonts')).reduce((s, f) => s + statSync(join(out, 'fonts', f)).size, 0);
  const sc = temp();
  coldBuild(root, [brief, '--out', sc, '--format', 'html', '--self-contained', '--force']);
  results.sizes = { pdfKb: size('kazakhstan-abraham-accords.pdf') / 1024, docxKb: size('kazakhstan-abraham-accords.docx') / 1024, htmlKb: size('kazakhstan-abraham-accords.html') / 1024, htmlFontsKb: fonts / 1024, selfContainedHtmlKb: statSync(join(sc, 'kazakhstan-abraham-accords.html')).size / 1024 };
  console.log(`\nsizes: PDF ${results.sizes.pdfKb.toFixed(0)} KB, DOCX ${results.sizes.docxKb.toFixed(0)} KB, HTML ${results.sizes.htmlKb.toFixed(0)} KB + fonts ${results.sizes.htmlFontsKb.toFixed(0)} KB, self-contained HTML ${results.sizes.selfContainedHtmlKb.toFixed(0)} KB`);
  rmSync(out, { recursive: true, force: true });
  rmSync(sc, { recursive: true, force: true });
}

if (!arg('--quick') || arg('--charts')) {
  // charts against PNG figures: CPU time, which other processes on the machine do not inflate
  const dir = temp();
  const { charts, pngs } = chartBriefs(root, dir);
  const cpu = (source) => {
    const out = temp();
    const r = coldBuild(root, [source, '--out', out, '--force']);
    rmSync(out, { recursive: true, force: true });
    return r;
  };
  const c = [];
  const p = [];
  for (let i = 0; i < runs; i++) c.push(cpu(charts)), p.push(cpu(pngs)); // interleaved
  results.charts = { chartsCpuMs: median(c.map((r) => r.cpuMs)), pngsCpuMs: median(p.map((r) => r.cpuMs)), chartsMs: median(c.map((r) => r.ms)), pngsMs: median(p.map((r) => r.ms)) };
  results.charts.cpuRatio = results.charts.chartsCpuMs / results.charts.pngsCpuMs;
  console.log(`\ncharts: three ::chart ${results.charts.chartsCpuMs.toFixed(0)} ms CPU (${results.charts.chartsMs.toFixed(0)} ms wall), three PNGs ${results.charts.pngsCpuMs.toFixed(0)} ms CPU (${results.charts.pngsMs.toFixed(0)} ms wall): ${results.charts.cpuRatio.toFixed(2)}× (target ≤ 1.5×)`);
  rmSync(dir, { recursive: true, force: true });
}

if (!arg('--quick')) {
  // scale
  results.scale = [];
  const dir = temp();
  for (const pages of [10, 50, 100]) {
    const { file } = longBrief(root, dir, pages);
    const out = temp();
    const r = cold(['html', 'pdf', 'docx'], file, Math.min(runs, 3));
    coldBuild(root, [file, '--out', out, '--format', 'pdf', '--force']);
    const actual = pdfPages(join(out, `long-${pages}.pdf`));
    results.scale.push({ pages: actual ?? pages, ...r });
    rmSync(out, { recursive: true, force: true });
  }
  console.log('\nscale (all three formats, cold)');
  for (const r of results.scale) console.log(`${String(r.pages).padStart(4)} pages ${r.medianMs.toFixed(0).padStart(8)} ms ${r.peakRssMb.toFixed(0).padStart(6)} MB  (${(r.medianMs / r.pages).toFixed(0)} ms/page)`);
  rmSync(dir, { recursive: true, force: true });

  // batch
  const bdir = temp();
  const content = batch(root, bdir, 100);
  const b = coldBuild(root, [content, '--out', join(bdir, 'out')]);
  results.batch = { briefs: 100, ms: b.ms, peakRssMbMainThread: b.rssMb };
  console.log(`\nbatch: 100 briefs, all three formats, one \`sahifa build\`: ${(b.ms / 1000).toFixed(1)} s, peak RSS ${b.rssMb.toFixed(0)} MB (process, all threads)`);
  rmSync(bdir, { recursive: true, force: true });
}

if (arg('--compare')) {
  const out = temp();
  coldBuild(root, [brief, '--out', out, '--format', 'html', '--force']);
  const p = peers(root, join(out, 'kazakhstan-abraham-accords.html'), runs);
  const ours = Object.fromEntries(results.seed.map((r) => [r.formats, r.cold.medianMs]));
  results.compare = { ...p, sahifaHtml: ours['html'], sahifaDocx: ours['docx'], sahifaPdf: ours['pdf'], sahifaAll: ours['html+pdf+docx'] };
  const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : 'n/a');
  console.log('\ncompare (cold, median)        peer ms  sahifa ms  sahifa/peer');
  console.log(`HTML  pandoc                ${String(p.pandocHtml?.toFixed(0) ?? 'n/a').padStart(8)} ${ours['html'].toFixed(0).padStart(10)} ${ratio(ours['html'], p.pandocHtml).padStart(11)}`);
  console.log(`DOCX  pandoc                ${String(p.pandocDocx?.toFixed(0) ?? 'n/a').padStart(8)} ${ours['docx'].toFixed(0).padStart(10)} ${ratio(ours['docx'], p.pandocDocx).padStart(11)}`);
  console.log(`PDF   Chromium (our HTML)   ${String(p.chromiumPdf?.toFixed(0) ?? 'n/a').padStart(8)} ${ours['pdf'].toFixed(0).padStart(10)} ${ratio(ours['pdf'], p.chromiumPdf).padStart(11)}`);
  rmSync(out, { recursive: true, force: true });
  results.startup = startupTable();
  results.watch = await watchFigures();
}

// keep the figures of the soak run (bench/soak.js), which has its own key
let previous = {};
try {
  previous = JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8'));
} catch {
  previous = {};
}
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify({ ...(previous.soak ? { soak: previous.soak } : {}), ...results }, null, 2)}\n`);
console.log('\nwritten to bench/results.json');
