/**
 * Incremental builds: the manifest in the output folder records what each output was made from;
 * `sahifa build` rebuilds a brief only when its source, its images, its template or its fonts
 * changed, or when an output is missing or was changed on disk. Several briefs build in worker
 * threads and one brief's failure does not stop the others.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { MANIFEST_NAME, type Manifest } from '../src/manifest/index.js';
import { brief, project, sahifa } from './helpers/cli.js';
import { solidPng } from './helpers/images.js';
import { ROOT } from './helpers/seed.js';

/** Inode and bytes of a file: a rebuilt output is a new file (written to a temporary file and renamed). */
function snap(path: string): { ino: number; bytes: Buffer } {
  return { ino: statSync(path).ino, bytes: readFileSync(path) };
}

/** A valid 1×1 PNG of one colour. */
const png = (r: number, g: number, b: number): Buffer => solidPng(1, 1, [r, g, b]);

const A = brief('الورقة الأولى', 'فقرة الورقة الأولى.');
const B = brief('الورقة الثانية', 'فقرة الورقة الثانية.');

describe('incremental sahifa build', () => {
  it('rebuilds only the brief that changed; a template or font change rebuilds both; a missing output is rebuilt', () => {
    const dir = project({ 'content/a.md': A, 'content/b.md': B });
    const out = (name: string): string => join(dir, 'output', name);
    const run = (...extra: string[]) => sahifa(['build', '--format', 'html,pdf', ...extra], dir);

    let r = run();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('2 built, 0 skipped, 0 failed');
    const manifest = JSON.parse(readFileSync(out(MANIFEST_NAME), 'utf8')) as Manifest;
    expect(Object.keys(manifest.briefs).sort()).toEqual(['content/a.md', 'content/b.md']);
    const rec = manifest.briefs['content/a.md']!.pdf!;
    expect(rec.inputs.source.path).toBe('content/a.md');
    expect(rec.inputs.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.inputs.template.path).toMatch(/templates\/policy-brief\/template\.yaml$/);
    expect(rec.inputs.fonts.length).toBeGreaterThan(0);
    // the brief has no image; the template's logo is an input of every brief that uses it
    expect(rec.inputs.images.map((i) => i.path)).toEqual([join(ROOT, 'templates', 'policy-brief', 'logo.png')]);
    expect(Object.keys(rec.outputs)).toEqual(['a.pdf']);

    // Nothing changed: nothing is written.
    const before = { a: snap(out('a.pdf')), b: snap(out('b.pdf')), bh: snap(out('b.html')) };
    r = run();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('skipped content/a.md (unchanged)');
    expect(r.out).toContain('0 built, 2 skipped, 0 failed');
    expect(snap(out('a.pdf')).ino).toBe(before.a.ino);

    // Edit a: only a is rebuilt; b's files are the very same files.
    writeFileSync(join(dir, 'content', 'a.md'), A.replace('فقرة الورقة الأولى.', 'فقرة معدلة في الورقة الأولى.'));
    r = run();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^built content\/a\.md → /m);
    expect(r.out).toContain('skipped content/b.md (unchanged)');
    expect(r.out).toContain('1 built, 1 skipped, 0 failed');
    expect(readFileSync(out('a.html'), 'utf8')).toContain('فقرة معدلة');
    expect(snap(out('a.pdf')).bytes.equals(before.a.bytes)).toBe(false);
    expect(snap(out('b.pdf'))).toEqual(before.b);
    expect(snap(out('b.html'))).toEqual(before.bh);

    // A project template (it shadows the packaged one) with another accent colour: both rebuilt.
    mkdirSync(join(dir, 'templates', 'policy-brief'), { recursive: true });
    const template = readFileSync(join(ROOT, 'templates', 'policy-brief', 'template.yaml'), 'utf8');
    expect(template).toContain('accent: "#0d5c63"');
    writeFileSync(join(dir, 'templates', 'policy-brief', 'template.yaml'), template.replace('accent: "#0d5c63"', 'accent: "#8a1538"'));
    // a template folder travels with its logo
    writeFileSync(join(dir, 'templates', 'policy-brief', 'logo.png'), readFileSync(join(ROOT, 'templates', 'policy-brief', 'logo.png')));
    r = run();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('2 built, 0 skipped, 0 failed');
    expect(readFileSync(out('b.html'), 'utf8')).toContain('#8a1538');

    // An output deleted (or edited) on disk is rebuilt, alone.
    rmSync(out('b.html'));
    writeFileSync(out('a.pdf'), 'tampered');
    r = run();
    expect(r.out).toContain('2 built, 0 skipped, 0 failed');
    expect(readFileSync(out('a.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const afterRepair = snap(out('b.pdf'));
    r = run();
    expect(r.out).toContain('0 built, 2 skipped, 0 failed');

    // A font file of the template changes (a project fonts/ folder shadows the packaged fonts).
    const packaged = manifest.briefs['content/a.md']!.pdf!.inputs.fonts[0]!;
    const fontRel = packaged.path.slice(packaged.path.lastIndexOf('fonts/'));
    mkdirSync(join(dir, fontRel, '..'), { recursive: true });
    writeFileSync(join(dir, fontRel), Buffer.concat([readFileSync(join(ROOT, fontRel)), Buffer.alloc(4)]));
    r = run();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('2 built, 0 skipped, 0 failed');
    const fontNow = (JSON.parse(readFileSync(out(MANIFEST_NAME), 'utf8')) as Manifest).briefs['content/b.md']!.pdf!.inputs.fonts[0]!;
    expect(fontNow.path).toBe(fontRel);
    expect(fontNow.sha256).not.toBe(packaged.sha256);
    expect(snap(out('b.pdf')).ino).not.toBe(afterRepair.ino);

    // --force rebuilds everything.
    r = run('--force');
    expect(r.out).toContain('2 built, 0 skipped, 0 failed');
  });

  it('rebuilds a brief when an image it includes changes', async () => {
    const dir = project({ 'content/a.md': `${A}\n![مخطط](images/chart.png)\n`, 'content/b.md': B });
    mkdirSync(join(dir, 'content', 'images'));
    writeFileSync(join(dir, 'content', 'images', 'chart.png'), png(200, 30, 30));
    const opts = { root: dir, formats: ['html'] as const, jobs: 1 };
    let r = await build(opts);
    expect(r.briefs.map((b) => [b.source, b.status, b.error?.message])).toEqual([
      ['content/a.md', 'built', undefined],
      ['content/b.md', 'built', undefined],
    ]);
    const manifest = JSON.parse(readFileSync(join(dir, 'output', MANIFEST_NAME), 'utf8')) as Manifest;
    expect(manifest.briefs['content/a.md']!.html!.inputs.images.map((i) => i.path)).toEqual(['content/images/chart.png', join(ROOT, 'templates', 'policy-brief', 'logo.png')]);
    r = await build(opts);
    expect(r.briefs.map((b) => b.status)).toEqual(['skipped', 'skipped']);
    writeFileSync(join(dir, 'content', 'images', 'chart.png'), png(30, 30, 200));
    r = await build(opts);
    expect(r.briefs.map((b) => b.status)).toEqual(['built', 'skipped']);
    expect(r.briefs[0]!.built).toEqual(['html']);
  });

  it('builds briefs in parallel; a broken brief fails alone and the exit code says so', () => {
    const dir = project({
      'content/a.md': A,
      'content/b.md': B,
      'content/c.md': '---\ntitle: "ج"\nlang: ar\ndigits: roman\n---\n\nنص.\n',
    });
    const r = sahifa(['build', '--format', 'html,docx', '--jobs', '2'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('content/c.md:4:1: front matter key `digits`');
    expect(r.out).toMatch(/^built content\/a\.md → .*a\.html.*a\.docx/m);
    expect(r.out).toMatch(/^built content\/b\.md → /m);
    expect(r.out).toContain('2 built, 0 skipped, 1 failed');
    expect(readFileSync(join(dir, 'output', 'b.docx')).subarray(0, 2).toString()).toBe('PK');
    // The failed brief is tried again next time; the good ones are skipped.
    const again = sahifa(['build', '--format', 'html,docx'], dir);
    expect(again.code).toBe(1);
    expect(again.out).toContain('0 built, 2 skipped, 1 failed');
    expect(sahifa(['build', '--jobs', '0'], dir).code).toBe(2);
  });
});
