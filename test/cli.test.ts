/**
 * The `sahifa` command as users run it: exit codes, messages with file:line:column, and outputs
 * that a failed build never truncates or deletes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const BIN = join(ROOT, 'bin', 'sahifa.js');

function sahifa(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A project folder with one brief in content/. */
function project(brief: string, name = 'brief.md'): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'content'));
  writeFileSync(join(dir, 'content', name), brief);
  return dir;
}

const GOOD = '---\ntitle: "عنوان"\nlang: ar\n---\n\nفقرة أولى فيها 2024 ومصطلح Python.\n';

describe('sahifa CLI', () => {
  it('prints help and version, exit 0', () => {
    const help = sahifa(['--help'], ROOT);
    expect(help.code).toBe(0);
    expect(help.out).toContain('build');
    const version = sahifa(['--version'], ROOT);
    expect(version.code).toBe(0);
    expect(version.out.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    // bin/sahifa.js answers both without the CLI: the same bytes as the CLI itself (commander)
    const cli = (args: string[]) => {
      const script = `const { main } = await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'index.js'))}); process.exitCode = await main(${JSON.stringify(args)});`;
      return spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    };
    for (const args of [['--help'], ['-h'], ['--version'], ['-v']]) expect(sahifa(args, ROOT).out, args[0]).toBe(cli(args).stdout);
  });

  it('exits 2 on a usage error', () => {
    expect(sahifa(['build', '--format', 'odt'], ROOT).code).toBe(2);
    expect(sahifa(['publish'], ROOT).code).toBe(2);
    // review: an empty --out wrote the outputs (and fonts/) into the project folder itself
    const dir = project(GOOD);
    const empty = sahifa(['build', '--out', ' '], dir);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('give a folder name');
    const before = readdirSync(dir).sort();
    expect(sahifa(['build', '--out', ''], dir).code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(before); // nothing written
  });

  it('builds every brief in content/ into output/ with no arguments', () => {
    const dir = project(GOOD);
    const r = sahifa(['build', '--format', 'pdf'], dir);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'output', 'brief.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('reports bad front matter with file, line and column, exit 1, and keeps the previous output', () => {
    const dir = project(GOOD);
    expect(sahifa(['build', '--format', 'pdf'], dir).code).toBe(0);
    const before = readFileSync(join(dir, 'output', 'brief.pdf'));
    writeFileSync(join(dir, 'content', 'brief.md'), '---\ntitle: "عنوان"\nlang: ar\ndigits: roman\n---\n\nنص.\n');
    const r = sahifa(['build', '--format', 'pdf'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('content/brief.md:4:1: front matter key `digits`');
    expect(readFileSync(join(dir, 'output', 'brief.pdf')).equals(before)).toBe(true);
  });

  it('prints each of several front-matter errors on its own line, as error file:line:column', () => {
    // the errors found at once were joined by a newline that the terminal escaping printed as "\n"
    const r = sahifa(['build', '--format', 'html'], project('---\ntitle: "عنوان"\ntoc: maybe\ndigits: roman\nlang: ar\n---\n\nنص.\n'));
    expect(r.code).toBe(1);
    const errors = r.err.split('\n').filter((l) => l.startsWith('error '));
    expect(errors.map((l) => l.split(': front matter key')[0])).toEqual(['error content/brief.md:3:1', 'error content/brief.md:4:1']);
    expect(r.err).not.toContain('\\n');
  });

  it('reports broken YAML at its place, and a wrongly typed key', () => {
    const yaml = sahifa(['build'], project('---\ntitle: "a\nlang: ar\n---\n'));
    expect(yaml.code).toBe(1);
    expect(yaml.err).toMatch(/content\/brief\.md:\d+:\d+: invalid YAML/);
    const typed = sahifa(['build'], project('---\ntitle: t\nauthors: 5\n---\n'));
    expect(typed.code).toBe(1);
    expect(typed.err).toContain('content/brief.md:3:1: front matter key `authors`');
  });

  it('reports an invalid template with the template file, key and line', () => {
    const dir = project(GOOD.replace('lang: ar', 'lang: ar\ntemplate: broken'));
    mkdirSync(join(dir, 'templates', 'broken'), { recursive: true });
    const base = readFileSync(join(ROOT, 'templates', 'policy-brief', 'template.yaml'), 'utf8');
    writeFileSync(join(dir, 'templates', 'broken', 'template.yaml'), base.replace('text: "#1d2733"', 'text: "dark blue"'));
    const r = sahifa(['build'], dir);
    expect(r.code).toBe(1);
    const line = base.split('\n').findIndex((l) => l.includes('text: "#1d2733"')) + 1;
    expect(r.err).toContain(`templates/broken/template.yaml:${line}:3: template key \`colours.text\``);
  });

  it('reports a missing input path as a usage error (exit 2), in build and check', () => {
    const r = sahifa(['build', 'nope.md'], project(GOOD));
    expect(r.code).toBe(2);
    expect(r.err).toContain('nope.md: no such file or folder');
    const c = sahifa(['check', 'nope.md'], project(GOOD));
    expect(c.code).toBe(2);
    expect(c.err).toContain('nope.md: no such file or folder');
  });

  it('takes --format in any case', () => {
    const dir = project(GOOD);
    const r = sahifa(['build', '--format', 'PDF,Html'], dir);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(dir, 'output', 'brief.pdf')) && existsSync(join(dir, 'output', 'brief.html'))).toBe(true);
    expect(sahifa(['check', '--format', 'JSON'], dir).code).toBe(0);
  });
});
