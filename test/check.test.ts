/**
 * `sahifa check`: each broken brief in test/fixtures/bad/ is reported at the line and column of
 * its problem, in the human (one `file:line:column: severity: reason [rule]` line each) and JSON
 * reports, and the command exits 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, checkReport, type CheckReport } from '../src/check/index.js';
import { brief, project, sahifa } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';

const BAD = join(ROOT, 'test', 'fixtures', 'bad');

/** Line and column (1-based, UTF-16 code units as unist counts) of the `occurrence`-th `needle` in a fixture. */
function at(name: string, needle: string, occurrence = 0): { line: number; column: number } {
  const text = readFileSync(join(BAD, name), 'utf8');
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not in ${name}`);
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/** What each fixture must report: rule, severity, place. */
const EXPECTED: Record<string, { ruleId: string; severity: 'error' | 'warning'; line: number; column: number }[]> = {
  // An unquoted title holding ": " is a nested mapping: YAML fails where the value starts.
  'bad-yaml.md': [{ ruleId: 'yaml', severity: 'error', ...at('bad-yaml.md', 'كازاخستان') }],
  // what `build` works around is a warning in `check` too (one rule; --strict fails on it)
  'unknown-directive.md': [{ ruleId: 'unknown-directive', severity: 'warning', ...at('unknown-directive.md', ':::warning') }],
  'missing-image.md': [
    { ruleId: 'missing-file', severity: 'warning', ...at('missing-image.md', '![') },
    { ruleId: 'missing-file', severity: 'warning', ...at('missing-image.md', '[الملحق]') },
  ],
  'heading-jump.md': [{ ruleId: 'heading-increment', severity: 'warning', ...at('heading-jump.md', '####') }],
  // build prints such a character as a box, with a warning: a warning here too (one rule)
  'uncovered-character.md': [
    { ruleId: 'uncovered-character', severity: 'warning', ...at('uncovered-character.md', '中') },
    { ruleId: 'uncovered-character', severity: 'warning', ...at('uncovered-character.md', '🚀') },
    { ruleId: 'uncovered-character', severity: 'warning', ...at('uncovered-character.md', '⮕') },
  ],
  'mixed-digits.md': [{ ruleId: 'mixed-digits', severity: 'warning', ...at('mixed-digits.md', '٣٠') }],
};

/** Places that must stay silent: a known directive, a web link, a heading one level down. */
const CLEAN: Record<string, { line: number }[]> = {
  'unknown-directive.md': [at('unknown-directive.md', ':::note')],
  'heading-jump.md': [at('heading-jump.md', '### عنوان')],
};

describe('sahifa check on test/fixtures/bad', () => {
  it('reports every problem at its line and column in JSON, and exits 1', () => {
    const r = sahifa(['check', 'test/fixtures/bad', '--format', 'json'], ROOT);
    expect(r.code, r.err).toBe(1);
    const report = JSON.parse(r.out) as CheckReport;
    expect(report.ok).toBe(false);
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const file = report.files.find((f) => f.path === `test/fixtures/bad/${name}`);
      expect(file, name).toBeDefined();
      const got = file!.messages.map((m) => ({ ruleId: m.ruleId, severity: m.severity, line: m.line, column: m.column }));
      for (const e of expected) expect(got, name).toContainEqual(e);
      for (const m of file!.messages) expect(m.source, name).toBe('sahifa');
    }
    for (const [name, quiet] of Object.entries(CLEAN)) {
      const file = report.files.find((f) => f.path === `test/fixtures/bad/${name}`)!;
      for (const q of quiet) expect(file.messages.filter((m) => m.line === q.line), `${name}:${q.line}`).toEqual([]);
    }
    // A missing image is reported once (the rule's error), not also as the parser's warning.
    const imageLine = at('missing-image.md', '![').line;
    expect(report.files.find((f) => f.path.endsWith('missing-image.md'))!.messages.filter((m) => m.line === imageLine).map((m) => m.ruleId)).toEqual(['missing-file']);
    // Only the local link is missing, not the https one.
    const links = report.files.find((f) => f.path.endsWith('missing-image.md'))!.messages.filter((m) => m.ruleId === 'missing-file');
    expect(links.map((m) => m.reason).join('\n')).not.toContain('example.org');
    expect(report.errors).toBe(report.files.flatMap((f) => f.messages).filter((m) => m.severity === 'error').length);
  });

  it('prints the same problems in the human report, every line starting with file:line:column, without colours when piped', () => {
    const r = sahifa(['check', 'test/fixtures/bad'], ROOT);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/\x1b\[/);
    const lines = r.out.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^test\/fixtures\/bad\/[^:]+\.md:\d+:\d+: (error|warning): \S/);
    for (const [name, expected] of Object.entries(EXPECTED)) {
      for (const e of expected) {
        expect(lines, `${name} ${e.ruleId}`).toContainEqual(expect.stringMatching(new RegExp(`^test/fixtures/bad/${name}:${e.line}:${e.column}: ${e.severity}: .* \\[${e.ruleId}\\]$`)));
      }
    }
    expect(r.err).toMatch(/^\d+ errors?, \d+ warnings? in \d+ files?$/m);
  });

  it('exits 0 on warnings alone, and 1 with --strict', () => {
    expect(sahifa(['check', 'test/fixtures/bad/heading-jump.md'], ROOT).code).toBe(0);
    expect(sahifa(['check', 'test/fixtures/bad/heading-jump.md', '--strict'], ROOT).code).toBe(1);
    expect(sahifa(['check', 'test/fixtures/bad/heading-jump.md', '--format', 'xml'], ROOT).code).toBe(2);
  });
});

describe('check() library API', () => {
  it('finds no problem in the sample briefs', async () => {
    const result = await check({ root: ROOT, paths: ['content'] });
    const report = checkReport(result);
    expect(report.files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line}:${m.column} ${m.reason}`))).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('writes nothing, reports an unknown template at the brief’s template key, and a bad local link only when missing', async () => {
    const dir = project({
      'content/a.md': brief('أ', 'انظر [الملحق](annex.pdf) و[الشكل](images/chart%201.png).').replace('lang: ar', 'lang: ar\ntemplate: nope'),
      'content/annex.pdf': '%PDF-1.4\n',
      'content/images/chart 1.png': 'png',
    });
    const result = await check({ root: dir });
    expect(existsSync(join(dir, 'output'))).toBe(false);
    const messages = result.files[0]!.messages.map((m) => ({ ruleId: m.ruleId, line: m.line, column: m.column }));
    expect(messages).toEqual([{ ruleId: 'template', line: 4, column: 1 }]);
    expect(result.errors).toBe(1);
  });

  it('knows a directive name for its kind, as the build does: `::figure` is a leaf, `:::figure` no container', async () => {
    const dir = project({
      'content/d.md': brief('أ', '::figure[مخطط]{src="images/chart.png"}\n\n:::figure\nنص\n:::\n\n:::note\nملاحظة\n:::\n\n::note\n'),
    });
    const { copyFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'content', 'images'));
    copyFileSync(join(ROOT, 'content', 'images', 'water-loss-chart.png'), join(dir, 'content', 'images', 'chart.png'));
    const result = await check({ root: dir });
    const unknown = result.files[0]!.messages.filter((m) => m.ruleId === 'unknown-directive').map((m) => m.reason.split(' (')[0]);
    expect(unknown).toEqual(['unknown directive `:::figure`', 'unknown directive `::note`']);
    // and the parser's own warnings for the same two are covered by the rule (reported once)
    expect(result.files[0]!.messages.filter((m) => m.ruleId === 'directive')).toEqual([]);
  });

  it('lists the container directives the parser maps to components', async () => {
    const { CONTAINER_COMPONENTS } = await import('../src/parse/plugins/directives.js');
    const { KNOWN_CONTAINER_DIRECTIVES } = await import('../src/model/directives.js');
    expect(Object.keys(CONTAINER_COMPONENTS).sort()).toEqual([...KNOWN_CONTAINER_DIRECTIVES].sort());
  });
});

describe('sahifa check: ::chart, by the same rule as the build', () => {
  it('reports a missing attribute, a file outside the project, a missing column and a spec vega rejects where the build does', async () => {
    const spec = { mark: 'bar', encoding: { x: { field: 'city', type: 'nominal' }, y: { field: 'loss', type: 'quantitative' } } };
    const cases: Record<string, string> = {
      'no-src': '::chart[أ]{spec=charts/ok.vl.json}',
      outside: '::chart[أ]{src=../../etc/passwd spec=charts/ok.vl.json}',
      column: '::chart[أ]{src=data/d.csv spec=charts/column.vl.json}',
      invalid: '::chart[أ]{src=data/d.csv spec=charts/invalid.vl.json}',
    };
    const dir = project({
      'content/data/d.csv': 'city,loss\nعمّان,42\n',
      'content/charts/ok.vl.json': JSON.stringify(spec),
      'content/charts/column.vl.json': JSON.stringify({ ...spec, encoding: { ...spec.encoding, y: { field: 'lost', type: 'quantitative' } } }),
      'content/charts/invalid.vl.json': JSON.stringify({ ...spec, encoding: { ...spec.encoding, y: { field: 'loss', type: 'quantitative', aggregate: 'nonsense' } }, transform: [{ filter: { field: 'city', oneOf: 3 } }] }),
      ...Object.fromEntries(Object.entries(cases).map(([name, md]) => [`content/${name}.md`, brief('أ', `نص.\n\n${md}\n`)])),
    });
    const result = await check({ root: dir });
    for (const name of Object.keys(cases)) {
      const file = result.files.find((f) => f.path === `content/${name}.md`)!;
      const errors = file.messages.filter((m) => m.fatal === true);
      expect(errors.map((m) => m.ruleId), name).toEqual(['chart']);
      if (name === 'invalid') expect(errors[0]!.reason).toMatch(/is not a valid Vega-Lite spec/); // drawn, not only parsed
      const built = sahifa(['build', `content/${name}.md`], dir);
      expect(built.code, name).toBe(1);
      expect(built.err + built.out, name).toContain(`content/${name}.md:${errors[0]!.line}:${errors[0]!.column}: ${errors[0]!.reason}`);
    }
  }, 120_000);
});
