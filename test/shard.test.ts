/**
 * Builds past one machine: `sahifa build --shard K/N` builds a stable, balanced share of the briefs,
 * `sahifa merge` puts the shards' outputs and manifests back together (byte for byte the files of
 * one build), the sharded GitHub Actions workflow in examples/ci/ runs as written, and `build`
 * reports in JSON and as GitHub annotations.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { escapeAnnotationData, escapeAnnotationProperty, githubAnnotations, type BuildReport } from '../src/report/index.js';
import { inShard, parseShard, shardOf } from '../src/shard/index.js';
import { BIN, brief, project, sahifa } from './helpers/cli.js';
import { tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

/** Every file under `dir` (hidden ones too) → its bytes, by `/`-separated relative path. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split('\\').join('/'), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Expects two folders to hold the same files with the same bytes. */
function expectSameTree(a: string, b: string): void {
  const ta = tree(a);
  const tb = tree(b);
  expect([...tb.keys()]).toEqual([...ta.keys()]);
  for (const [path, bytes] of ta) expect(tb.get(path)!.equals(bytes), path).toBe(true);
}

/** Seven briefs, one in a subfolder. */
const BRIEFS: Record<string, string> = Object.fromEntries(
  Array.from({ length: 6 }, (_, i) => [`content/brief-${i + 1}.md`, brief(`الورقة ${i + 1}`, `فقرة الورقة رقم ${i + 1}.`)]),
);
BRIEFS['content/water/losses.md'] = brief('فاقد المياه', 'فقرة عن فاقد المياه.');

describe('shardOf', () => {
  const paths = Array.from({ length: 2000 }, (_, i) => `content/briefs/${i}.md`);

  it('is a function of the path alone: fixed values, and adding briefs moves none', () => {
    // SHA-256 of the path, first 48 bits, mod N, + 1: the same on every machine.
    expect(shardOf('content/a.md', 4)).toBe((parseInt('95290cb8e636', 16) % 4) + 1);
    expect(shardOf('content/a.md', 1)).toBe(1);
    const before = paths.slice(0, 500).map((p) => shardOf(p, 8));
    const after = paths.map((p) => shardOf(p, 8));
    expect(after.slice(0, 500)).toEqual(before);
  });

  it('is balanced: 2000 briefs over 8 shards, each within 20% of 250', () => {
    const counts = new Array<number>(8).fill(0);
    for (const p of paths) counts[shardOf(p, 8) - 1]!++;
    for (const c of counts) expect(c).toBeGreaterThan(200), expect(c).toBeLessThan(300);
    expect(paths.filter((p) => inShard(p, { index: 3, count: 8 })).length).toBe(counts[2]);
    expect(paths.every((p) => inShard(p, undefined))).toBe(true);
  });

  it('parses K/N and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['3/2', '0/2', 'x', '1/0', '2', '1/2/3', '-1/2', '1/100000']) expect(() => parseShard(bad), bad).toThrow(/shard/);
  });
});

describe('sahifa build --shard', () => {
  it('refuses a shard that is not K/N with 1 ≤ K ≤ N: usage error, exit 2, no stack', () => {
    const dir = project(BRIEFS);
    const reasons: Record<string, string> = {
      '3/2': 'shard 3 of 2 does not exist: K goes from 1 to 2',
      x: '"x" is not a shard: write K/N',
      '0/3': 'shard 0 of 3 does not exist',
      '1/0': 'shard count 0 is out of range',
    };
    for (const [bad, reason] of Object.entries(reasons)) {
      const r = sahifa(['build', '--shard', bad], dir);
      expect(r.code, bad).toBe(2);
      expect(r.err, bad).toContain(`'--shard <K/N>' argument '${bad}' is invalid. ${reason}`);
      expect(r.err, bad).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(dir, 'output'))).toBe(false);
    const whole = sahifa(['build', '--shard', '1/1', '--format', 'html'], dir);
    expect(whole.code, whole.err).toBe(0);
    expect(whole.out).toContain('7 built, 0 skipped, 0 failed');
  });

  it('N shards as separate processes, merged, give the same files and bytes as one build; a later build skips all', () => {
    const dir = project(BRIEFS);
    const single = sahifa(['build', '--out', 'single', '--report', 'json'], dir);
    expect(single.code, single.err).toBe(0);
    const all = (JSON.parse(single.out) as BuildReport).briefs.map((b) => b.source).sort();
    expect(all).toHaveLength(7);

    const N = 3;
    const shares: string[][] = [];
    for (let k = 1; k <= N; k++) {
      const r = sahifa(['build', '--shard', `${k}/${N}`, '--out', `shard-${k}`, '--report', 'json'], dir);
      expect(r.code, r.err).toBe(0);
      const report = JSON.parse(r.out) as BuildReport;
      shares.push(report.briefs.map((b) => b.source));
      for (const b of report.briefs) expect(shardOf(b.source, N)).toBe(k);
    }
    // Every brief in exactly one shard.
    expect(shares.flat().sort()).toEqual(all);
    const outs = shares.map((_, i) => `shard-${i + 1}`).filter((d) => existsSync(join(dir, d)));

    const merged = sahifa(['merge', ...outs, '--out', 'merged'], dir);
    expect(merged.code, merged.err).toBe(0);
    expect(merged.out).toContain('7 briefs');
    expectSameTree(join(dir, 'single'), join(dir, 'merged'));
    const again = sahifa(['build', '--out', 'merged'], dir);
    expect(again.out).toContain('0 built, 7 skipped, 0 failed');

    // Merging again into the same folder writes nothing new.
    const twice = sahifa(['merge', ...outs, 'merged', '--out', 'merged'], dir);
    expect(twice.code, twice.err).toBe(0);
    expect(twice.out).toContain('(0 written)');
  });
});

describe('sahifa merge', () => {
  it('refuses the same file with different bytes, naming it and both folders, and writes nothing', () => {
    const dir = project({ 'a/x.html': 'one', 'a/same.txt': 's', 'b/x.html': 'two', 'b/same.txt': 's', 'b/only.txt': 'o' });
    const r = sahifa(['merge', 'a', 'b', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error x.html: different bytes in a and b');
    expect(r.err).not.toContain('same.txt');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('refuses two different manifest records of one brief', () => {
    // a real record (manifests are validated when read), then the same with another source hash
    const dir = project({ 'content/a.md': brief('ورقة', 'فقرة.') });
    expect(sahifa(['build', 'content', '--out', 'a', '--format', 'html'], dir).code).toBe(0);
    const manifest = readFileSync(join(dir, 'a', '.sahifa-manifest.json'), 'utf8');
    const source = (JSON.parse(manifest) as { briefs: Record<string, { html: { inputs: { source: { sha256: string } } } }> }).briefs['content/a.md']!.html.inputs.source.sha256;
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', '.sahifa-manifest.json'), manifest.replace(source, 'f'.repeat(64)));
    const r = sahifa(['merge', 'a', 'b', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error .sahifa-manifest.json: the html record of content/a.md differs between a and b');
  });

  it('a missing folder or a symbolic link inside one: exit 1, one line naming it', () => {
    const dir = project({ 'a/x.html': 'x' });
    const missing = sahifa(['merge', 'a', 'nope', '--out', 'out'], dir);
    expect(missing.code).toBe(1);
    expect(missing.err.trim()).toBe('error nope: no such folder');
    const secret = join(tempDir(), 'secret.txt');
    writeFileSync(secret, 'SECRET');
    symlinkSync(secret, join(dir, 'a', 'link.txt'));
    const linked = sahifa(['merge', 'a', '--out', 'out'], dir);
    expect(linked.code).toBe(1);
    expect(linked.err.trim()).toBe('error a/link.txt: is a symbolic link: an output folder to merge holds only files and folders');
    expect(existsSync(join(dir, 'out', 'link.txt'))).toBe(false);
  });
});

describe('sahifa build --report json and GitHub annotations', () => {
  const files = {
    'content/a.md': '---\ntitle: "ورقة"\nlayout: post\nlang: ar\n---\n\n## مقدمة\n\nفقرة.\n',
    'content/c,d.md': '---\ntitle: كازاخستان تنضم: خطأ\nlang: ar\n---\n\nنص.\n',
  };

  it('prints one JSON object: each brief, its outputs, warnings and errors with file, line and column', () => {
    const dir = project(files);
    const r = sahifa(['build', '--format', 'html', '--report', 'json'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as BuildReport;
    expect(report).toMatchObject({ ok: false, built: 1, skipped: 0, failed: 1 });
    const [a, c] = report.briefs;
    expect(a).toMatchObject({ source: 'content/a.md', status: 'built', outputs: expect.arrayContaining(['output/a.html']), built: ['html'], errors: [] });
    expect(a!.warnings).toEqual([{ file: 'content/a.md', line: 3, column: 1, ruleId: 'front-matter', reason: 'unknown front-matter key `layout` (ignored)' }]);
    expect(c).toMatchObject({ source: 'content/c,d.md', status: 'failed', outputs: [] });
    expect(c!.errors).toEqual([{ file: 'content/c,d.md', line: 2, column: 8, ruleId: 'yaml', reason: expect.stringMatching(/^invalid YAML/) }]);
  });

  it('under GITHUB_ACTIONS=true prints ::error and ::warning commands with escaped file, line and col', () => {
    const dir = project(files);
    const r = sahifa(['build', '--format', 'html'], dir, { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^::warning file=content\/a\.md,line=3,col=1::unknown front-matter key `layout` \(ignored\)$/m);
    expect(r.out).toMatch(/^::error file=content\/c%2Cd\.md,line=2,col=8::invalid YAML/m);
    const plain = sahifa(['build', '--format', 'html'], dir);
    expect(plain.out).not.toContain('::');
    // With --report json, stdout stays one JSON object; the commands go to stderr.
    const json = sahifa(['build', '--format', 'html', '--report', 'json'], dir, { GITHUB_ACTIONS: 'true' });
    expect(() => JSON.parse(json.out)).not.toThrow();
    expect(json.err).toMatch(/^::error file=content\/c%2Cd\.md,line=2,col=8::/m);
  });

  it('lists every front-matter error found at once, in the JSON report and as annotations (only the first was)', () => {
    const dir = project({ 'content/b.md': '---\ntitle: "ورقة"\ntoc: maybe\ndigits: roman\nlang: ar\n---\n\nنص.\n' });
    const r = sahifa(['build', '--format', 'html', '--report', 'json'], dir, { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as BuildReport;
    expect(report.briefs[0]!.errors.map((m) => [m.line, m.column, m.ruleId])).toEqual([
      [3, 1, 'front-matter'],
      [4, 1, 'front-matter'],
    ]);
    expect(r.err.match(/^::error file=content\/b\.md,line=\d+,col=1::front matter key/gm)).toHaveLength(2);
  });

  it('escapes annotation data (%, CR, LF) and properties (also : and ,)', () => {
    expect(escapeAnnotationData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeAnnotationProperty('C:\\x,y%\n')).toBe('C%3A\\x%2Cy%25%0A');
    const report: BuildReport = {
      ok: false, built: 0, skipped: 0, failed: 1,
      briefs: [{ source: 'a:b.md', status: 'failed', outputs: [], built: [], skipped: [], warnings: [], errors: [{ file: 'a:b.md', line: null, column: null, ruleId: 'x', reason: 'two\nlines' }] }],
    };
    expect(githubAnnotations(report)).toBe('::error file=a%3Ab.md::two%0Alines\n');
  });
});

/** A step of a workflow job. */
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean | number>;
}
interface Job {
  needs?: string | string[];
  strategy?: { matrix: { shard: number[] } };
  steps: Step[];
}

/** Runs a job's `run` steps that call sahifa, in `cwd`, with `${{ … }}` values substituted. */
function runSteps(steps: Step[], cwd: string, values: Record<string, string>): ReturnType<typeof spawnSync> {
  const script = steps
    .filter((s) => s.run?.includes('sahifa'))
    .map((s) => s.run!)
    .join('\n')
    .replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_m, key: string) => {
      if (!(key in values)) throw new Error(`no value for ${key}`);
      return values[key]!;
    })
    .replaceAll('npx sahifa', `"${process.execPath}" "${BIN}"`);
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  delete env['SOURCE_DATE_EPOCH'];
  delete env['GITHUB_ACTIONS'];
  return spawnSync('bash', ['-c', `set -e\n${script}`], { cwd, encoding: 'utf8', env, timeout: 300_000 });
}

describe('examples/ci/github-actions-sharded.yml', () => {
  const workflow = parse(readFileSync(join(ROOT, 'examples', 'ci', 'github-actions-sharded.yml'), 'utf8')) as { on: Record<string, { paths: string[] }>; jobs: Record<string, Job> };

  it('checks once, builds a matrix of shards that each upload output/ with its manifest, then downloads, merges and uploads once', () => {
    const { check, build, publish } = workflow.jobs;
    expect(check!.steps.some((s) => /sahifa check/.test(s.run ?? ''))).toBe(true);
    expect(build!.needs).toBe('check');
    expect(build!.strategy!.matrix.shard.length).toBeGreaterThan(1);
    const buildStep = build!.steps.find((s) => /sahifa build/.test(s.run ?? ''))!;
    expect(buildStep.run).toContain('--shard ${{ matrix.shard }}/${{ strategy.job-total }}');
    const cache = build!.steps.find((s) => s.uses?.startsWith('actions/cache'))!;
    expect(cache.with!['key']).toContain('${{ matrix.shard }}-of-${{ strategy.job-total }}');
    const upload = build!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.with).toMatchObject({ path: 'output/', 'include-hidden-files': true, name: 'briefs-shard-${{ matrix.shard }}' });
    expect(publish!.needs).toBe('build');
    const download = publish!.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
    expect(download.with).toMatchObject({ pattern: 'briefs-shard-*', path: 'shards' });
    const index = (re: RegExp) => publish!.steps.findIndex((s) => re.test(s.run ?? s.uses ?? ''));
    expect(index(/download-artifact/)).toBeLessThan(index(/sahifa merge/));
    expect(index(/sahifa merge/)).toBeLessThan(index(/upload-artifact/));
  });

  it('its shards, run as separate checkouts and merged as its publish job does, give the files of one build', () => {
    const { build, publish } = workflow.jobs;
    const shards = build!.strategy!.matrix.shard;
    const upload = build!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    const download = publish!.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
    const publishDir = project({});
    const artifacts = join(publishDir, String(download.with!['path']));
    mkdirSync(artifacts);
    for (const k of shards) {
      // A fresh checkout per matrix job.
      const checkout = project(BRIEFS);
      const values = { 'matrix.shard': String(k), 'strategy.job-total': String(shards.length) };
      const r = runSteps(build!.steps, checkout, values);
      expect(r.status, String(r.stderr)).toBe(0);
      // upload-artifact of `output/` (hidden files included), download into path/<artifact name>.
      const from = join(checkout, String(upload.with!['path']));
      if (!existsSync(from)) continue; // a shard without briefs uploads nothing
      cpSync(from, join(artifacts, String(upload.with!['name']).replace('${{ matrix.shard }}', String(k))), { recursive: true });
    }
    const merged = runSteps(publish!.steps, publishDir, {});
    expect(merged.status, String(merged.stderr)).toBe(0);

    const single = project(BRIEFS);
    expect(sahifa(['build', 'content', '--out', 'output'], single).code).toBe(0);
    expectSameTree(join(single, 'output'), join(publishDir, 'output'));
    rmSync(publishDir, { recursive: true, force: true });
  });
});
