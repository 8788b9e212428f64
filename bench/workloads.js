/**
 * Workloads of `npm run bench` beyond the seed brief (issue: speed targets): scale (a long brief
 * made from the corpus), batch (many briefs in one `sahifa build`), and the peers to compare with
 * (pandoc for HTML and DOCX, headless Chromium printing our HTML for PDF). Wall times in ms,
 * memory in MB.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Runs `sahifa build` in a fresh process; returns wall ms, peak RSS MB and CPU ms, user + system (from the preload). */
export function coldBuild(root, args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench', 'report-rss.mjs'), join(root, 'bin', 'sahifa.js'), 'build', ...args], { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`sahifa build failed: ${r.stderr}`);
  return { ms, rssMb: Number(/SAHIFA_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024, cpuMs: Number(/SAHIFA_CPU_US=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1000 };
}

/**
 * Two briefs in `dir`, the same text with three figures: `charts.md` draws them with `::chart`
 * from CSV data (the sample brief's water-loss chart and two variants), `pngs.md` shows the
 * sample's PNG three times. Returns their paths.
 */
export function chartBriefs(root, dir) {
  for (const sub of ['data', 'charts', 'images']) mkdirSync(join(dir, sub), { recursive: true });
  copyFileSync(join(root, 'content', 'images', 'water-loss-chart.png'), join(dir, 'images', 'chart.png'));
  const csv = readFileSync(join(root, 'content', 'data', 'water-losses.csv'), 'utf8');
  const spec = JSON.parse(readFileSync(join(root, 'content', 'charts', 'water-losses.vl.json'), 'utf8'));
  writeFileSync(join(dir, 'data', 'loss.csv'), csv);
  writeFileSync(join(dir, 'charts', 'bars.vl.json'), JSON.stringify(spec));
  writeFileSync(join(dir, 'charts', 'points.vl.json'), JSON.stringify({ ...spec, layer: [{ mark: { type: 'point', filled: true, size: 80 } }, spec.layer[1]] }));
  writeFileSync(join(dir, 'charts', 'line.vl.json'), JSON.stringify({ ...spec, layer: [{ mark: { type: 'line', point: true } }, spec.layer[1]] }));
  const text = body(readFileSync(join(root, 'content', 'kazakhstan-abraham-accords.md'), 'utf8')).split(/\n{2,}/);
  const third = Math.ceil(text.length / 3);
  const make = (figure) => ['---', 'title: "ثلاثة أشكال"', 'lang: ar', '---', '', ...[0, 1, 2].flatMap((i) => [...text.slice(i * third, (i + 1) * third), figure(i)])].join('\n\n') + '\n';
  const charts = join(dir, 'charts.md');
  const pngs = join(dir, 'pngs.md');
  writeFileSync(charts, make((i) => `::chart[نسبة الفاقد ${i + 1}]{src=data/loss.csv spec=charts/${['bars', 'points', 'line'][i]}.vl.json}`));
  writeFileSync(pngs, make((i) => `![نسبة الفاقد ${i + 1}](images/chart.png)`));
  return { charts, pngs };
}

/**
 * Runs `cmd args` once in a fresh process: wall ms, and CPU ms (user + system) and peak RSS MB
 * from GNU time (`/usr/bin/time`) when it is installed (else undefined: wall time only). On a
 * loaded machine CPU time varies much less than wall time. Throws when the command fails.
 */
export function timedRun(cmd, args, cwd) {
  const gnuTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', 'SAHIFA_TIME %U %S %M', cmd, ...args], { cwd, encoding: 'utf8', timeout: 120_000 })
    : spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  const ms = performance.now() - t0;
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
  const m = /SAHIFA_TIME ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  return { ms, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined, rssMb: m ? Number(m[3]) / 1024 : undefined };
}

/**
 * Cold start-up figures in one run, each a multiple of `node -e 0` measured in the same run:
 * `runs` rounds, each running every command of `commands` once in turn (so load on the machine
 * hits them alike); medians of wall and CPU time. `commands` maps a label to `[cmd, args]`, or to
 * a function of a fresh output folder returning them; a command that cannot run (a peer not
 * installed) is left out with its reason.
 */
export function startup(root, commands, runs) {
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const all = { 'node -e 0': [process.execPath, ['-e', '0']], ...commands };
  const times = Object.fromEntries(Object.keys(all).map((k) => [k, []]));
  const skipped = {};
  for (let i = 0; i < runs; i++) {
    for (const [label, command] of Object.entries(all)) {
      if (skipped[label]) continue;
      const out = mkdtempSync(join(tmpdir(), 'sahifa-startup-'));
      try {
        const [cmd, args] = typeof command === 'function' ? command(out) : command;
        times[label].push(timedRun(cmd, args, root));
      } catch (err) {
        skipped[label] = err.message.split('\n')[0];
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
  }
  const base = { ms: median(times['node -e 0'].map((t) => t.ms)), cpuMs: times['node -e 0'][0].cpuMs === undefined ? undefined : median(times['node -e 0'].map((t) => t.cpuMs)) };
  const rows = {};
  for (const [label, list] of Object.entries(times)) {
    if (skipped[label] || !list.length) continue;
    const ms = median(list.map((t) => t.ms));
    const cpuMs = base.cpuMs === undefined ? undefined : median(list.map((t) => t.cpuMs));
    rows[label] = { ms, x: ms / base.ms, cpuMs, cpuX: cpuMs === undefined ? undefined : cpuMs / base.cpuMs, peakRssMb: Math.max(...list.map((t) => t.rssMb ?? 0)) || undefined };
  }
  return { runs, rows, skipped };
}

/** Body text of a Markdown file without its front matter. */
function body(md) {
  return md.replace(/^(---|\+\+\+)\n[\s\S]*?\n\1\n/, '');
}

/**
 * Writes a brief of about `pages` A4 pages, made of the Arabic corpus documents (or the seed when
 * the corpus is absent) repeated, into `dir`; returns its path and its source size in characters.
 */
export function longBrief(root, dir, pages) {
  const corpus = join(root, '..', 'shared', 'corpus');
  const sources = existsSync(corpus)
    ? readdirSync(corpus).filter((f) => f.startsWith('ar-') && f.endsWith('.md')).sort().map((f) => body(readFileSync(join(corpus, f), 'utf8')))
    : [body(readFileSync(join(root, 'content', 'kazakhstan-abraham-accords.md'), 'utf8'))];
  // keep plain prose: no raw HTML, images or tables that would vary the page count
  const paragraphs = sources.flatMap((s) => s.split(/\n{2,}/)).filter((p) => /\p{Script=Arabic}{3}/u.test(p) && !/[<|!]/.test(p) && p.length < 1500);
  const target = pages * 2600; // characters per page of the policy-brief template, measured
  let text = '';
  for (let i = 0; text.length < target; i++) text += `${paragraphs[i % paragraphs.length]}\n\n`;
  const file = join(dir, `long-${pages}.md`);
  writeFileSync(file, `---\ntitle: "وثيقة طويلة للقياس (${pages} صفحة)"\nlang: ar\ndate: 2025-01-01\n---\n\n${text}`);
  return { file, chars: text.length };
}

/** PDF page count via pdfinfo, or undefined without poppler. */
export function pdfPages(pdf) {
  try {
    return Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
  } catch {
    return undefined;
  }
}

/** `count` copies of the seed brief under `dir/content`, for the batch workload. */
export function batch(root, dir, count) {
  const seed = readFileSync(join(root, 'content', 'kazakhstan-abraham-accords.md'), 'utf8');
  mkdirSync(join(dir, 'content'), { recursive: true });
  for (let i = 1; i <= count; i++) writeFileSync(join(dir, 'content', `brief-${String(i).padStart(3, '0')}.md`), seed);
  return join(dir, 'content');
}

/**
 * The peers on the seed brief, when installed: pandoc → HTML and → DOCX, Chromium printing
 * sahifa's HTML to PDF. Median of `runs` wall times (ms) each; missing tools are left out.
 */
export function peers(root, seedHtml, runs) {
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = (cmd, args) => {
    const t = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(cmd, args, { cwd: root, stdio: 'ignore', timeout: 120_000 });
      if (r.error || r.status !== 0) return undefined;
      t.push(performance.now() - t0);
    }
    return median(t);
  };
  const out = mkdtempSync(join(tmpdir(), 'sahifa-peers-'));
  const brief = join(root, 'content', 'kazakhstan-abraham-accords.md');
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  const result = {
    pandocHtml: time('pandoc', [brief, '-s', '-o', join(out, 'p.html')]),
    pandocDocx: time('pandoc', [brief, '-o', join(out, 'p.docx')]),
    chromiumPdf: chromium
      ? time(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(out, 'prof')}`, '--no-pdf-header-footer', `--print-to-pdf=${join(out, 'c.pdf')}`, `file://${seedHtml}`])
      : undefined,
  };
  rmSync(out, { recursive: true, force: true });
  return result;
}
