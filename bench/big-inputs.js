#!/usr/bin/env node
/**
 * `npm run bench:big` (or `npm run bench -- --big`): huge and pathological briefs, each just under
 * or over the input limits (`src/model/limits.ts`), built in a fresh `sahifa build --force` process
 * (all three formats) and checked with `sahifa check`. Prints, per input, the wall time, the peak
 * RSS and whether sahifa refused it (exit 1 with a `limit` error). The goal (issue 19): every input
 * the limits accept builds in under 30 s and 1 GB; every other is refused at once.
 *
 * Not a test: times depend on the machine. Options: --timeout S (default 120 per process),
 * --only NAME (substring of an input's name), --no-check.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const opt = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const timeout = Number(opt('--timeout', '120')) * 1000;
const only = opt('--only', '');
const MB = 1024 * 1024;
const FM = '---\ntitle: "مذكرة كبيرة"\nlang: ar\n---\n\n';

/** `unit` repeated until the brief has about `bytes` bytes of UTF-8 (front matter included). */
function fill(unit, bytes, head = FM) {
  const size = Buffer.byteLength(unit);
  return head + unit.repeat(Math.max(1, Math.floor((bytes - Buffer.byteLength(head)) / size)));
}

/** A list `depth` levels deep (two spaces per level). */
function deepList(depth) {
  let out = '';
  for (let d = 0; d < depth; d++) out += `${'  '.repeat(d)}- بند ${d}\n`;
  return `${out}\n`;
}

/** The inputs: name → brief text. */
const inputs = {
  'latin token 200 KB': FM + 'a'.repeat(200 * 1024) + '\n',
  'latin token 1 MB': FM + 'a'.repeat(MB - 200) + '\n',
  'latin token 2 MB': FM + 'a'.repeat(2 * MB - 200) + '\n',
  'url-like token 1 MB': FM + 'http://' + 'a.'.repeat(512 * 1024 - 100) + '\n',
  'url 2,000 chars, 400 times': fill(`http://example.org/${'a'.repeat(2000)} نص\n\n`, 400 * 2030),
  'emphasis *ن* to 2 MB': fill('*ن* ', 2 * MB - 100),
  'emphasis *ن* 10,000 in one paragraph': fill('*ن* ', 10_000 * 6),
  'strong **ن** to 2 MB': fill('**ن** ', 2 * MB - 100),
  'lists 30 deep to 2 MB': fill(deepList(30), 2 * MB - 100),
  'lists 30 deep, 200 KB': fill(deepList(30), 200 * 1024),
  'footnotes 20,000': FM + Array.from({ length: 20_000 }, (_, i) => `نص[^${i}]`).join(' ') + '\n\n' + Array.from({ length: 20_000 }, (_, i) => `[^${i}]: حاشية ${i}`).join('\n') + '\n',
  'footnotes 2,000': FM + Array.from({ length: 2_000 }, (_, i) => `نص[^${i}]`).join(' ') + '\n\n' + Array.from({ length: 2_000 }, (_, i) => `[^${i}]: حاشية ${i}`).join('\n') + '\n',
  'headings 100,000 with toc': '---\ntitle: "مذكرة"\nlang: ar\ntoc: true\n---\n\n' + Array.from({ length: 100_000 }, (_, i) => `## عنوان ${i}\n`).join('\n'),
  'headings 1,000 with toc': '---\ntitle: "مذكرة"\nlang: ar\ntoc: true\n---\n\n' + Array.from({ length: 1_000 }, (_, i) => `## عنوان ${i}\n\nنص.\n`).join('\n'),
  'nested <span> 5,000': FM + '<span>'.repeat(5000) + 'نص' + '</span>'.repeat(5000) + '\n',
  'arabic words to 1 MB, one paragraph': fill('كلمة عربية ', MB - 100),
  'arabic paragraphs to 1 MB': fill('كلمة عربية في فقرة قصيرة.\n\n', MB - 100),
  'arabic paragraphs to 2 MB': fill('كلمة عربية في فقرة قصيرة.\n\n', 2 * MB - 100),
  'table 10,000 cells': FM + '| أ | ب | ج | د |\n|---|---|---|---|\n' + '| س | ص | ع | ف |\n'.repeat(2_499),
  'table 100 columns, 10,000 cells': FM + `|${' ع |'.repeat(100)}\n|${'---|'.repeat(100)}\n` + `|${' س |'.repeat(100)}\n`.repeat(99),
  'table 20,000 cells': FM + '| أ | ب | ج | د |\n|---|---|---|---|\n' + '| س | ص | ع | ف |\n'.repeat(4_999),
  'links 10,000': fill('[رابط](https://example.org/a) ', 10_000 * 32),
  'links to 1 MB': fill('[رابط](https://example.org/a) ', MB - 100),
};

const dir = mkdtempSync(join(tmpdir(), 'sahifa-big-'));
mkdirSync(join(dir, 'content'));
const bin = join(root, 'bin', 'sahifa.js');
const rss = join(root, 'bench', 'report-rss.mjs');

/** Runs `sahifa args…` in the scratch project: wall ms, peak RSS MB, exit code, first error line. */
function run(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', rss, bin, ...args], { cwd: dir, encoding: 'utf8', timeout, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, maxBuffer: 64 * MB });
  const ms = performance.now() - t0;
  const kb = Number(/SAHIFA_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '')?.[1] ?? NaN);
  const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const error = text.split('\n').find((l) => /error/.test(l) && !/^error$/.test(l.trim()))?.trim() ?? '';
  return { ms, mb: kb / 1024, code: r.signal ? `killed (${r.signal}${r.signal === 'SIGTERM' ? ', timeout' : ''})` : r.status, refused: /\blimit\b|the limit is/.test(error), error };
}

const rows = [];
for (const [name, text] of Object.entries(inputs)) {
  if (only && !name.includes(only)) continue;
  writeFileSync(join(dir, 'content', 'big.md'), text);
  const size = Buffer.byteLength(text);
  const b = run(['build', 'content/big.md', '--out', 'out', '--force']);
  const c = process.argv.includes('--no-check') ? undefined : run(['check', 'content/big.md']);
  const row = {
    input: name,
    size: size >= MB ? `${(size / MB).toFixed(1)} MB` : `${Math.round(size / 1024)} KB`,
    build: `${(b.ms / 1000).toFixed(1)} s / ${Math.round(b.mb)} MB / ${b.refused ? 'refused' : `exit ${b.code}`}`,
    check: c ? `${(c.ms / 1000).toFixed(1)} s / ${Math.round(c.mb)} MB / ${c.refused ? 'refused' : `exit ${c.code}`}` : '',
    ok: [b, c].filter(Boolean).every((x) => x.ms < 30_000 && x.mb < 1024 && typeof x.code === 'number'),
    error: (b.error || c?.error || '').slice(0, 140),
  };
  rows.push(row);
  console.log(`${row.ok ? 'ok  ' : 'SLOW'} ${row.input} (${row.size}): build ${row.build}; check ${row.check}${row.error ? `\n       ${row.error}` : ''}`);
}
rmSync(dir, { recursive: true, force: true });
const slow = rows.filter((r) => !r.ok);
console.log(`\n${rows.length} inputs: ${rows.length - slow.length} within 30 s and 1 GB (built or refused), ${slow.length} not`);
process.exitCode = slow.length ? 1 : 0;
