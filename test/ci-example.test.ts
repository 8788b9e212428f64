/**
 * The CI recipes: the GitHub Actions workflow in examples/ci/ and the plain-shell steps in the
 * README run as written (with `npx sahifa` pointing at this checkout) on a project of briefs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BIN, brief, project } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}

/** Runs shell lines in `cwd` with `npx sahifa` replaced by this checkout's CLI and `npm ci` left out. */
function shell(lines: string, cwd: string) {
  const script = lines
    .split('\n')
    .filter((l) => !/^\s*npm ci\b/.test(l))
    .join('\n')
    .replaceAll('npx sahifa', `"${process.execPath}" "${BIN}"`);
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  delete env['SOURCE_DATE_EPOCH'];
  return spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', env, timeout: 300_000 });
}

const GOOD = { 'content/a.md': brief('الورقة الأولى', 'فقرة.'), 'content/b.md': brief('الورقة الثانية', 'فقرة أخرى.') };
const BROKEN = { ...GOOD, 'content/c.md': '---\ntitle: "ج"\nlang: ar\n---\n\n:::warning\nتوجيه غير معروف.\n:::\n' };

describe('examples/ci/github-actions.yml', () => {
  const workflow = parse(readFileSync(join(ROOT, 'examples', 'ci', 'github-actions.yml'), 'utf8')) as {
    on: Record<string, { paths: string[] }>;
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs)[0]!.steps;

  it('runs on push and pull request for content changes, checks before building, uploads PDF and DOCX', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    for (const trigger of Object.values(workflow.on)) expect(trigger.paths).toEqual(expect.arrayContaining(['content/**', 'templates/**', 'fonts/**']));
    const index = (re: RegExp) => steps.findIndex((s) => re.test(s.run ?? s.uses ?? ''));
    expect(index(/sahifa check/)).toBeGreaterThan(-1);
    expect(index(/sahifa check/)).toBeLessThan(index(/sahifa build/));
    expect(index(/actions\/cache/)).toBeLessThan(index(/sahifa build/));
    const cache = steps[index(/actions\/cache/)]!;
    expect(cache.with!['path']).toBe('output');
    const upload = steps[index(/upload-artifact/)]!;
    expect(upload.with!['path']).toContain('output/*.pdf');
    expect(upload.with!['path']).toContain('output/*.docx');
  });

  it('its sahifa steps build the briefs, and stop on a check error', () => {
    const run = steps.filter((s) => s.run?.includes('sahifa')).map((s) => s.run!).join('\n');
    const ok = project(GOOD);
    const good = shell(`set -e\n${run}`, ok);
    expect(good.status, good.stderr).toBe(0);
    expect(readdirSync(join(ok, 'output')).filter((f) => /\.(pdf|docx)$/.test(f)).sort()).toEqual(['a.docx', 'a.pdf', 'b.docx', 'b.pdf']);
    const again = shell(`set -e\n${run}`, ok);
    expect(again.stdout).toContain('0 built, 2 skipped, 0 failed');

    const bad = project(BROKEN);
    const failed = shell(`set -e\n${run}`, bad);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/^content\/c\.md:6:1: warning: unknown directive/m);
    expect(existsSync(join(bad, 'output'))).toBe(false);
  });
});

describe('README, section CI', () => {
  it('its plain-shell steps run as written', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## CI\n'));
    const block = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('set -e'));
    expect(block).toBeDefined();
    const ok = project(GOOD);
    const r = shell(block!, ok);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('output/a.pdf');
    expect(r.stdout).toContain('output/b.docx');
    expect(shell(block!, project(BROKEN)).status).toBe(1);
  });
});
