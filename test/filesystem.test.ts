/**
 * The file system as it really is: briefs that are symbolic links (out of the project, broken,
 * looping), output folders that cannot be written, a reader that closes the pipe early, and bad
 * template names. Every case ends with one clear line and an exit code, never a stack trace, and
 * nothing is read from outside the project root.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOne } from '../src/build.js';
import { check } from '../src/check/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { tempDir } from './helpers/clients.js';
import { BIN, brief, project, sahifa } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';

/** A line of a Node stack trace. */
const STACK = /\n\s+at /;

/** Every file under `dir` (relative paths), hidden ones included. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** A brief outside the project that must never be read: its text carries a marker. */
const MARKER = 'SECRET-MARKER-7f3a';
function outsideFolder(): string {
  const dir = tempDir('sahifa-outside-');
  writeFileSync(join(dir, 'secret.md'), `---\ntitle: "${MARKER}"\nlang: ar\n---\n\n${MARKER} نص سري.\n`);
  return dir;
}

/** Runs `sahifa args…` under test/helpers/trace-io.mjs; returns the result and every path the process opened or read. */
function traced(args: readonly string[], cwd: string): { code: number | null; out: string; err: string; opened: string[] } {
  const trace = join(tempDir('sahifa-trace-'), 'trace.jsonl');
  const r = spawnSync(process.execPath, ['--import', join(ROOT, 'test', 'helpers', 'trace-io.mjs'), BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, SAHIFA_TRACE: trace, CI: '', NO_COLOR: '' },
    timeout: 300_000,
  });
  const opened = existsSync(trace) ? readFileSync(trace, 'utf8').trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { path: string }).path) : [];
  return { code: r.status, out: r.stdout, err: r.stderr, opened };
}

describe('a brief that is a symbolic link out of the project', () => {
  it('is refused by build and check with a placed error; nothing is read from the target; other briefs build', () => {
    const outside = outsideFolder();
    const dir = project({ 'content/good.md': brief('عنوان', 'فقرة.') });
    symlinkSync(join(outside, 'secret.md'), join(dir, 'content', 'leak.md'));

    const built = traced(['build', '--format', 'html,docx'], dir);
    expect(built.code).toBe(1);
    expect(built.err).toContain('error content/leak.md: is a symbolic link that leads outside the project folder');
    expect(built.err).not.toMatch(STACK);
    expect(built.out).toContain('built content/good.md');
    expect(files(join(dir, 'output')).filter((f) => f.startsWith('leak.'))).toEqual([]);
    for (const f of files(join(dir, 'output'))) expect(readFileSync(join(dir, 'output', f)).includes(MARKER), f).toBe(false);
    expect(built.opened.filter((p) => p.startsWith(outside))).toEqual([]);

    // named on the command line: the same refusal
    const named = traced(['build', 'content/leak.md', '--format', 'html'], dir);
    expect(named.code).toBe(1);
    expect(named.err).toContain('error content/leak.md: is a symbolic link that leads outside the project folder');
    expect(named.opened.filter((p) => p.startsWith(outside))).toEqual([]);

    const checked = traced(['check'], dir);
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/^content\/leak\.md:1:1: error: is a symbolic link that leads outside the project folder.*\[path\]$/m);
    expect(checked.out).not.toContain(MARKER);
    expect(checked.opened.filter((p) => p.startsWith(outside))).toEqual([]);
  });

  it('is refused by the library API too (buildOne, check)', async () => {
    const outside = outsideFolder();
    const dir = project({ 'content/good.md': brief('عنوان', 'فقرة.') });
    symlinkSync(join(outside, 'secret.md'), join(dir, 'content', 'leak.md'));
    await expect(buildOne({ root: dir, source: 'content/leak.md', outDir: 'output', formats: ['html'] })).rejects.toThrow('content/leak.md: is a symbolic link that leads outside the project folder');
    const result = await check({ root: dir });
    expect(result.ok).toBe(false);
    const leak = result.files.find((f) => f.path === 'content/leak.md')!;
    expect(leak.messages.map((m) => [m.ruleId, m.fatal])).toEqual([['path', true]]);
  });

  it('a brief outside the project named on the command line has its own images (its own folder is its root), not those of the folder above', () => {
    const elsewhere = tempDir('sahifa-elsewhere-');
    mkdirSync(join(elsewhere, 'briefs', 'images'), { recursive: true });
    copyFileSync(join(ROOT, 'content', 'images', 'water-loss-chart.png'), join(elsewhere, 'briefs', 'images', 'chart.png'));
    copyFileSync(join(ROOT, 'content', 'images', 'water-loss-chart.png'), join(elsewhere, 'above.png'));
    writeFileSync(join(elsewhere, 'briefs', 'own.md'), brief('صورة بجانب الورقة', '![مخطط](images/chart.png)'));
    writeFileSync(join(elsewhere, 'briefs', 'up.md'), brief('صورة فوق الورقة', '![مخطط](../above.png)'));
    const dir = project({ 'content/good.md': brief('عنوان', 'فقرة.') });
    const r = sahifa(['build', join(elsewhere, 'briefs', 'own.md'), '--format', 'html'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('image');
    expect(readFileSync(join(dir, 'output', 'own.html'), 'utf8')).toMatch(/<img [^>]*src="images\/chart-[0-9a-f]{12}\.png"/);
    // an image outside is not read: a warning, its alt text, and the brief still builds
    const up = sahifa(['build', join(elsewhere, 'briefs', 'up.md'), '--format', 'html'], dir);
    expect(up.code, up.err).toBe(0);
    expect(up.err).toMatch(/warning .*up\.md:\d+:\d+: image "\.\.\/above\.png": the path leads outside the project folder: only files inside it are read; its alt text is shown/);
  });

  it('a brief outside the project named on the command line is still built (its own folder), but a link out of that folder is not', () => {
    const elsewhere = tempDir('sahifa-elsewhere-');
    writeFileSync(join(elsewhere, 'named.md'), brief('خارج المشروع', 'فقرة.'));
    const outside = outsideFolder();
    symlinkSync(join(outside, 'secret.md'), join(elsewhere, 'link.md'));
    const dir = project({ 'content/good.md': brief('عنوان', 'فقرة.') });
    const r = sahifa(['build', join(elsewhere, 'named.md'), join(elsewhere, 'link.md'), '--format', 'html'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/built .*named\.md → output\/named\.html/);
    expect(r.err).toMatch(/error .*link\.md: is a symbolic link that leads outside its own folder/);
    expect(existsSync(join(dir, 'output', 'link.html'))).toBe(false);
  });
});

describe('broken and looping links in content/', () => {
  it('give one error line each (build and check), never a crash; the other briefs build', () => {
    const outside = outsideFolder();
    const dir = project({ 'content/good.md': brief('عنوان', 'فقرة.'), 'content/sub/inner.md': brief('داخلي', 'فقرة.') });
    const c = (name: string): string => join(dir, 'content', name);
    symlinkSync('/nonexistent-sahifa', c('dangling')); // not a brief: left out
    symlinkSync('/nonexistent-sahifa.md', c('dangling.md'));
    symlinkSync('.', c('loop')); // back to content/: searched once
    symlinkSync('loop-b.md', c('loop-a.md'));
    symlinkSync('loop-a.md', c('loop-b.md'));
    symlinkSync(outside, c('outdir')); // a folder out of the project: not searched
    symlinkSync('sub', c('alias')); // a folder link inside the project: followed

    const built = traced(['build', '--format', 'html'], dir);
    expect(built.code).toBe(1);
    expect(built.err).not.toMatch(STACK);
    expect(built.err).not.toMatch(/ENOENT|ELOOP/);
    expect(built.err).toContain('error content/dangling.md: is a symbolic link to a file that does not exist');
    expect(built.err).toContain('error content/loop-a.md: is a symbolic link that loops back on itself');
    expect(built.err).toContain('error content/loop-b.md: is a symbolic link that loops back on itself');
    expect(built.err).toContain('error content/outdir: is a symbolic link that leads outside the project folder');
    expect(built.err).not.toContain('content/dangling:');
    expect(built.out).toContain('built content/good.md');
    expect(built.out).toContain('built content/sub/inner.md'); // content/alias is the same folder: searched once, under its real name
    expect(built.out).toMatch(/2 built, 0 skipped, 4 failed/);
    expect(built.opened.filter((p) => p.startsWith(outside))).toEqual([]);

    const checked = sahifa(['check'], dir);
    expect(checked.code).toBe(1);
    expect(checked.err).not.toMatch(STACK);
    for (const name of ['dangling.md', 'loop-a.md', 'loop-b.md', 'outdir']) expect(checked.out).toContain(`content/${name}:1:1: error: `);
    expect(checked.err).toMatch(/^4 errors, 0 warnings/m);
  });

  it('a broken link named on the command line is an error of its own, not a crash', () => {
    const dir = project({ 'content/good.md': brief('عنوان', 'فقرة.') });
    symlinkSync('/nonexistent-sahifa.md', join(dir, 'content', 'gone.md'));
    const r = sahifa(['build', 'content/gone.md', 'content/good.md', '--format', 'html'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error content/gone.md: is a symbolic link to a file that does not exist\n');
    expect(r.out).toContain('built content/good.md');
  });
});

describe('outputs that cannot be written', () => {
  it('--out naming a file, or a folder inside a file: one line, exit 1, nothing built', () => {
    const dir = project({ 'content/good.md': brief('عنوان', 'فقرة.'), 'taken': 'a file' });
    const file = sahifa(['build', '--out', 'taken'], dir);
    expect(file.code).toBe(1);
    expect(file.err).toBe('error taken: the output folder is a file, not a folder: choose another one (--out)\n');
    const inside = sahifa(['build', '--out', 'taken/sub'], dir);
    expect(inside.code).toBe(1);
    expect(inside.err).toBe('error taken/sub: cannot make the output folder: taken is a file, not a folder\n');
  });

  it('a folder in the way of an output file: one line naming the output, not the temporary file, no stack', () => {
    const dir = project({ 'content/good.md': brief('عنوان', 'فقرة.') });
    mkdirSync(join(dir, 'output', 'good.html'), { recursive: true });
    const r = sahifa(['build', '--format', 'html'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error content/good.md: cannot write output/good.html: a folder of that name is in the way (EISDIR)\n');
    expect(files(join(dir, 'output')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  // root may write anywhere: as root, the CLI runs as user nobody (setpriv, util-linux) instead
  const asRoot = process.getuid?.() === 0;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  if (asRoot && !setpriv) console.log('skip: read-only output folder: running as root without setpriv to drop privileges');
  it.skipIf(asRoot && !setpriv)('a read-only output folder: permission denied, one line', () => {
    const dir = project({ 'content/good.md': brief('عنوان', 'فقرة.') });
    mkdirSync(join(dir, 'output'));
    chmodSync(join(dir, 'output'), 0o555);
    chmodSync(dir, 0o755); // readable by nobody (temporary folders are 0700)
    try {
      const r = asRoot
        ? (() => {
            const run = spawnSync(setpriv!, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, 'build', '--format', 'html'], { cwd: dir, encoding: 'utf8' });
            return { code: run.status, err: run.stderr };
          })()
        : sahifa(['build', '--format', 'html'], dir);
      expect(r.code).toBe(1);
      expect(r.err).toBe('error content/good.md: cannot write output/good.html: permission denied (EACCES)\n');
    } finally {
      chmodSync(join(dir, 'output'), 0o755);
    }
  });

  it('sahifa new into a folder that is a file: one line, no stack', () => {
    const dir = project({ 'taken': 'a file' });
    const r = sahifa(['new', 'draft', '--dir', 'taken'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error taken/draft.md: cannot create the folder taken: a file of that name is in the way (EEXIST)\n');
  });
});

describe('a reader that closes the pipe early (sahifa build | head -1)', () => {
  it('ends without an EPIPE crash; the build runs to its end', async () => {
    const dir = project(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`content/b${i}.md`, brief(`عنوان ${i}`, 'فقرة.')])));
    const env = { ...process.env };
    delete env['CI'];
    const child = spawn(process.execPath, [BIN, 'build', '--force', '--format', 'html', '--jobs', '1'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // read one line, then close the pipe
    const code = await new Promise<number | null>((ok) => child.on('close', (c) => ok(c)));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(files(join(dir, 'output')).filter((f) => f.endsWith('.html')).sort()).toEqual(['b0.html', 'b1.html', 'b2.html', 'b3.html', 'b4.html']);
  });
});

describe('template names', () => {
  it('an unknown template in a brief is reported at its front-matter key by build, as by check', () => {
    const dir = project({ 'content/x.md': '---\ntitle: "عنوان"\ntemplate: nosuch\nlang: ar\n---\n\nفقرة.\n' });
    const built = sahifa(['build', 'content/x.md'], dir);
    expect(built.code).toBe(1);
    expect(built.err).toContain(`error content/x.md:3:1: unknown template "nosuch" (looked in ${join(dir, 'templates')}, ${join(ROOT, 'templates')})`);
    const checked = sahifa(['check', 'content/x.md'], dir);
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/^content\/x\.md:3:1: error: unknown template "nosuch"/m);
  });

  it('lists each folder looked in once (a project that is sahifa itself)', () => {
    expect(() => loadTemplate('nosuch', { root: ROOT })).toThrow(`unknown template "nosuch" (looked in ${join(ROOT, 'templates')})`);
  });

  it('a bad --template is a usage error: reported once, exit 2, before any brief is read', () => {
    const dir = project({ 'content/a.md': brief('أ', 'فقرة.'), 'content/b.md': brief('ب', 'فقرة.') });
    const invalid = sahifa(['build', '-t', '../content'], dir);
    expect(invalid.code).toBe(2);
    expect(invalid.err.match(/template name "\.\.\/content" is not valid/g)).toHaveLength(1);
    expect(invalid.out).toBe('');
    const unknown = sahifa(['build', '--template', 'nosuch'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err.match(/unknown template "nosuch"/g)).toHaveLength(1);
    expect(existsSync(join(dir, 'output'))).toBe(false);
    const checked = sahifa(['check', '-t', 'nosuch'], dir);
    expect(checked.code).toBe(2);
    expect(checked.err.match(/unknown template "nosuch"/g)).toHaveLength(1);
    expect(sahifa(['build', '-t', 'memo', '--format', 'html'], dir).code).toBe(0);
  });

  it('sahifa new: an unknown template is called unknown (exit 2); a template without starter.md says so (exit 1)', () => {
    const dir = project({ 'content/starter.md': '---\ntitle: "not a starter"\n---\n' });
    const unknown = sahifa(['new', 'x', '-t', 'nosuch'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown template "nosuch"');
    const escape = sahifa(['new', 'x', '-t', '../content'], dir);
    expect(escape.code).toBe(2);
    expect(escape.err).toContain('template name "../content" is not valid');
    expect(existsSync(join(dir, 'content', 'x.md'))).toBe(false);
    mkdirSync(join(dir, 'templates', 'bare'), { recursive: true });
    writeFileSync(join(dir, 'templates', 'bare', 'template.yaml'), readFileSync(join(ROOT, 'templates', 'memo', 'template.yaml')));
    const bare = sahifa(['new', 'x', '-t', 'bare'], dir);
    expect(bare.code).toBe(1);
    expect(bare.err).toContain('template "bare" has no starter.md');
  });
});
