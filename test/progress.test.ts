/**
 * Build output of the CLI: a one-line progress bar on a terminal, plain lines otherwise, colours
 * only on a terminal without NO_COLOR or CI.
 */
import { describe, expect, it } from 'vitest';
import type { BriefResult, BuildResult } from '../src/build.js';
import { buildProgress, detectOutput } from '../src/cli/progress.js';
import { SahifaError } from '../src/model/errors.js';
import { formatWarning } from '../src/model/warnings.js';
import { buildReport, githubAnnotations } from '../src/report/index.js';

const built: BriefResult = { source: 'content/a.md', status: 'built', outputs: ['output/a.html'], built: ['html'], skipped: [], warnings: [] };
const skipped: BriefResult = { source: 'content/b.md', status: 'skipped', outputs: [], built: [], skipped: ['html'], warnings: [{ file: 'content/b.md', line: 3, column: 1, message: 'unknown front-matter key `layout` (ignored)', severity: 'warning', ruleId: 'front-matter' }] };
const failed: BriefResult = { source: 'content/c.md', status: 'failed', outputs: [], built: [], skipped: [], warnings: [], error: new SahifaError({ file: 'content/c.md', line: 4, column: 1 }, 'bad', 'front-matter') };
const result: BuildResult = { briefs: [built, skipped, failed], ok: false, built: 1, skipped: 1, failed: 1 };

function run(tty: boolean, color: boolean): { out: string; err: string } {
  let out = '';
  let err = '';
  const p = buildProgress({ out: { write: (s: string) => (out += s), isTTY: tty }, err: { write: (s: string) => (err += s) }, tty, color });
  p.onProgress({ type: 'start', total: 3, toBuild: 2, workers: 2 });
  [built, skipped, failed].forEach((brief, i) => p.onProgress({ type: 'brief', brief, done: i + 1, total: 3 }));
  p.end(result);
  return { out, err };
}

describe('build progress', () => {
  it('prints plain lines without a terminal', () => {
    const { out, err } = run(false, false);
    expect(out).toBe('built content/a.md → output/a.html\nskipped content/b.md (unchanged)\n1 built, 1 skipped, 1 failed\n');
    expect(err).toBe('warning content/b.md:3:1: unknown front-matter key `layout` (ignored)\nerror content/c.md:4:1: bad\n');
    expect(out + err).not.toMatch(/[\r\x1b]/);
  });

  it('redraws one progress line on a terminal, errors above it, and colours only when allowed', () => {
    const plain = run(true, false);
    expect(plain.out).toContain('\r');
    expect(plain.out).toContain('3/3');
    expect(plain.out).not.toContain('built content/a.md');
    expect(plain.out.endsWith('1 built, 1 skipped, 1 failed\n')).toBe(true);
    expect(plain.out.replace(/\x1b\[2K/g, '')).not.toMatch(/\x1b\[\d+m/);
    expect(plain.err).toContain('error content/c.md:4:1: bad');
    expect(run(true, true).out).toMatch(/\x1b\[3\dm/);
  });

  it('turns the bar and colours off in CI and colours off with NO_COLOR', () => {
    const saved = { CI: process.env['CI'], NO_COLOR: process.env['NO_COLOR'], tty: process.stdout.isTTY };
    try {
      Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
      delete process.env['CI'];
      delete process.env['NO_COLOR'];
      expect(detectOutput()).toMatchObject({ tty: true, color: true });
      process.env['NO_COLOR'] = '1';
      expect(detectOutput()).toMatchObject({ tty: true, color: false });
      process.env['CI'] = 'true';
      expect(detectOutput()).toMatchObject({ tty: false, color: false });
    } finally {
      Object.defineProperty(process.stdout, 'isTTY', { value: saved.tty, configurable: true });
      for (const k of ['CI', 'NO_COLOR'] as const) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });
});

describe('warnings as data', () => {
  // the JSON report took `file:line:column: reason` strings apart again: a file name with `:` or
  // a brief other than the warning's file lost the place (review D1)
  const warning = { file: 'content/a:b.md', line: 7, column: 2, message: 'link "x:1:2" is dropped', severity: 'warning', ruleId: 'unsafe-link' } as const;
  const brief: BriefResult = { source: 'content/a:b.md', status: 'built', outputs: [], built: ['html'], skipped: [], warnings: [warning] };

  it('reach the JSON report field by field, rule id included', () => {
    const report = buildReport({ briefs: [brief], ok: true, built: 1, skipped: 0, failed: 0 });
    expect(report.briefs[0]!.warnings).toEqual([{ file: 'content/a:b.md', line: 7, column: 2, ruleId: 'unsafe-link', reason: 'link "x:1:2" is dropped' }]);
    expect(githubAnnotations(report)).toBe('::warning file=content/a%3Ab.md,line=7,col=2::link "x:1:2" is dropped\n');
  });

  it('are printed as file:line:column: message, a place left out when unknown', () => {
    expect(formatWarning(warning)).toBe('content/a:b.md:7:2: link "x:1:2" is dropped');
    expect(formatWarning({ ...warning, line: null, column: null })).toBe('content/a:b.md: link "x:1:2" is dropped');
    let err = '';
    const p = buildProgress({ out: { write: () => true, isTTY: false }, err: { write: (s: string) => (err += s) }, tty: false, color: false });
    p.onProgress({ type: 'brief', brief: { ...brief, warnings: [warning, { ...warning, severity: 'info' }] }, done: 1, total: 1 });
    expect(err).toBe('warning content/a:b.md:7:2: link "x:1:2" is dropped\ninfo content/a:b.md:7:2: link "x:1:2" is dropped\n');
  });
});
