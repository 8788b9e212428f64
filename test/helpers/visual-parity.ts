/**
 * Helpers for test/visual-parity.test.ts: builds one specimen, prints its page with Chromium,
 * measures both with ../shared/tools/visual_parity.py (read in place, never copied), reads its
 * OUT/lines.tsv, and checks the result against test/fixtures/specimens/expected-differences.json.
 * See docs/visual-parity.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM } from './clients.js';
import { ROOT } from './seed.js';
import { sharedPath } from './shared.js';

export const TOOL = sharedPath('tools', 'visual_parity.py');
export const SPECIMENS = join(ROOT, 'test', 'fixtures', 'specimens');
export const EXPECTED = join(SPECIMENS, 'expected-differences.json');
/** Debian's python: the tool needs numpy and PIL, which a pyenv `python3` on PATH may lack. */
export const PYTHON = '/usr/bin/python3';

/** True when `python` runs and imports every module. */
export function pythonHas(python: string, modules: string[]): boolean {
  const r = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

/** One row of OUT/lines.tsv. */
export interface ParityLine {
  id: number;
  line: number;
  status: string;
  score: string;
  dw: string;
  mass: string;
  frac: string;
  geom: string;
  png: string;
  text: string;
}

/** A deliberate difference: sahifa draws this line better than Chromium, for `reason`. */
export interface ExpectedDifference {
  specimen: string;
  line: number;
  text: string;
  reason: string;
}

/** Parses visual_parity.py's lines.tsv (header: id line status score dw mass frac dx dy geom png text). */
export function readLines(tsv: string): ParityLine[] {
  const rows = readFileSync(tsv, 'utf8').split('\n').filter((l) => l !== '');
  const head = rows.shift()?.split('\t') ?? [];
  const at = (name: string): number => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`${tsv}: no column "${name}" in the header (${head.join(' ')})`);
    return i;
  };
  const col = { id: at('id'), line: at('line'), status: at('status'), score: at('score'), dw: at('dw'), mass: at('mass'), frac: at('frac'), geom: at('geom'), png: at('png'), text: at('text') };
  return rows.map((r) => {
    const f = r.split('\t');
    const s = (i: number): string => f[i] ?? '';
    return { id: Number(s(col.id)), line: Number(s(col.line)), status: s(col.status), score: s(col.score), dw: s(col.dw), mass: s(col.mass), frac: s(col.frac), geom: s(col.geom), png: s(col.png), text: s(col.text) };
  });
}

/** The expectations file, checked for shape. */
export function readExpected(): ExpectedDifference[] {
  const data = JSON.parse(readFileSync(EXPECTED, 'utf8')) as { differences?: unknown };
  if (!Array.isArray(data.differences)) throw new Error(`${EXPECTED}: no "differences" array`);
  return data.differences.map((d: Partial<ExpectedDifference>, i: number) => {
    if (typeof d.specimen !== 'string' || typeof d.line !== 'number' || typeof d.text !== 'string' || typeof d.reason !== 'string' || d.reason.trim() === '') {
      throw new Error(`${EXPECTED}: differences[${i}] needs specimen, line, text and a reason`);
    }
    return d as ExpectedDifference;
  });
}

/**
 * Runs the tool on one specimen into `out`; throws on a tool error (exit 2) with its message.
 *
 * The build and Chromium's print are made here, and the tool measures them (`--reuse`): the tool
 * itself prints with a rule that sets code in the body font (`pre, code… { font-family: inherit }`,
 * from before sahifa's PDF had a monospace face), which would compare our DejaVu Sans Mono with
 * Chromium's Amiri. Chromium prints sahifa's page as written here, plus the tool's other rule
 * (links in the accent colour, as in the PDF; the mutool raster draws all text black anyway).
 */
export function runTool(specimen: string, out: string): { lines: ParityLine[]; stdout: string } {
  const name = basename(specimen).replace(/\.md$/, '');
  const build = join(out, 'build');
  rmSync(build, { recursive: true, force: true });
  mkdirSync(build, { recursive: true });
  const built = spawnSync(process.execPath, [join(ROOT, 'bin', 'sahifa.js'), 'build', specimen, '--out', build, '--format', 'pdf,html', '--force'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  if (built.status !== 0) throw new Error(`sahifa build ${basename(specimen)} failed (exit ${built.status}): ${built.stderr.trim()}`);
  const page = readFileSync(join(build, `${name}.html`), 'utf8');
  const accent = /h2 \{[^}]*?color: (#[0-9a-fA-F]{6})/.exec(page)?.[1] ?? 'inherit';
  const printed = join(build, `${name}.chromium.html`);
  writeFileSync(printed, page.replace('</head>', `<style>a { color: ${accent}; }</style>\n</head>`));
  const profile = mkdtempSync(join(tmpdir(), 'sahifa-vp-chromium-'));
  try {
    const pdf = join(build, `${name}.chromium.pdf`);
    const r = spawnSync(CHROMIUM ?? 'chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--user-data-dir=${profile}`, `--print-to-pdf=${pdf}`, pathToFileURL(printed).href], { encoding: 'utf8', timeout: 300_000 });
    if (!existsSync(pdf)) throw new Error(`chromium print of ${basename(specimen)} failed (exit ${r.status}): ${(r.stderr ?? '').trim().slice(-500)}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const r = spawnSync(PYTHON, [TOOL, specimen, '--sahifa', ROOT, '--out', out, '--reuse'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000, maxBuffer: 16 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`visual_parity.py ${basename(specimen)} failed (exit ${r.status}): ${r.stderr.trim()}\n${r.stdout.trim()}`);
  }
  const tsv = join(out, 'lines.tsv');
  if (!existsSync(tsv)) throw new Error(`visual_parity.py ${basename(specimen)} wrote no ${tsv}: ${r.stderr.trim()}`);
  return { lines: readLines(tsv), stdout: r.stdout };
}

/**
 * Problems with one specimen's result: every line not `same` that is not expected, every expected
 * line that is `same` again (a stale entry), and every expected entry whose source line changed.
 */
export function problems(file: string, source: string, lines: ParityLine[], expected: ExpectedDifference[]): string[] {
  const mine = expected.filter((e) => e.specimen === file);
  const src = source.split('\n');
  const out: string[] = [];
  for (const e of mine) {
    const at = (src[e.line - 1] ?? '').trim();
    if (at !== e.text.trim()) out.push(`${file}:${e.line} expected-differences.json names "${e.text}" but the line is now "${at}": update the entry`);
  }
  for (const l of lines) {
    if (l.status === 'same') continue;
    if (mine.some((e) => e.line === l.line)) continue;
    const what = l.status === 'DIFFER' ? `${l.status} score=${l.score} dw=${l.dw} mass=${l.mass} geom=${l.geom || '-'}` : `${l.status} (${l.score})`;
    out.push(`${file}:${l.line} ${what}  ${l.text}${l.png ? `\n    ${l.png}` : ''}`);
  }
  for (const e of mine) {
    const l = lines.find((x) => x.line === e.line);
    if (l?.status === 'same') out.push(`${file}:${e.line} is listed in expected-differences.json but now prints as Chromium does: remove the entry`);
    else if (!l) out.push(`${file}:${e.line} is listed in expected-differences.json but is not a measured line`);
  }
  return out;
}
