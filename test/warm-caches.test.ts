/**
 * What a long-running process (`sahifa watch`, the worker threads of a batch, the library API)
 * keeps between builds, and that keeping it changes no output: HarfBuzz layouts and encoded font
 * subsets shared by every document that uses a font, and file hashes kept while a file's stamp is unchanged. (Warm builds
 * of the sample briefs giving the bytes of a fresh process: test/reproducible.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { FileHasher, sha256 } from '../src/manifest/index.js';
import { subsetEncodes } from '../src/writers/pdf/text/subset-cache.js';
import { shapeCount } from '../src/text/shaping.js';
import { hasCommand, needClient, tempDir } from './helpers/clients.js';
import { ROOT, SEED_MD } from './helpers/seed.js';

describe('HarfBuzz layouts and font subsets kept across documents', () => {
  it('shapes only the edited words and encodes no font subset again when a brief is built again in the same process, with the same bytes as a fresh build', async () => {
    const dir = tempDir();
    const brief = join(dir, 'brief.md');
    const text = readFileSync(SEED_MD, 'utf8');
    writeFileSync(brief, text);
    const pdf = async (): Promise<{ bytes: Buffer; shaped: number; encoded: number; reused: number }> => {
      const out = tempDir();
      const before = { units: shapeCount.units, ...subsetEncodes };
      const r = await build({ root: dir, paths: [brief], outDir: out, formats: ['pdf'], force: true });
      expect(r.ok).toBe(true);
      return { bytes: readFileSync(join(out, 'brief.pdf')), shaped: shapeCount.units - before.units, encoded: subsetEncodes.encoded - before.encoded, reused: subsetEncodes.reused - before.reused };
    };
    const first = await pdf();
    const again = await pdf();
    // UTF-16 units shaped: paragraphs are shaped whole (word-shaping.ts), about 4,000 in the seed
    expect(first.shaped).toBeGreaterThan(3000);
    // (each document still shapes a space per text role for its word spacing: styles.ts)
    expect(again.shaped).toBeLessThan(20);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    // the font subsets too: same glyphs in the same order, encoded once
    expect(first.encoded).toBeGreaterThanOrEqual(2); // Amiri regular and bold
    expect(again.encoded).toBe(0);
    expect(again.reused).toBe(first.encoded + first.reused);
    // one word changed: its paragraph shaped again, not the whole brief
    expect(text).toContain('الأخيرة');
    writeFileSync(brief, text.replace('الأخيرة', 'الحالية'));
    const edited = await pdf();
    expect(edited.shaped).toBeGreaterThan(0);
    expect(edited.shaped).toBeLessThan(first.shaped / 10);
    expect(edited.bytes.equals(first.bytes)).toBe(false);
  });
});

describe('file hashes kept across builds', () => {
  it('hashes a file again when its bytes change, even with the same size and modification time', async () => {
    const file = join(tempDir(), 'font.bin');
    writeFileSync(file, 'aaaa');
    expect(await new FileHasher().hash(file)).toBe(sha256('aaaa'));
    expect(await new FileHasher().hash(file)).toBe(sha256('aaaa'));
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'bbbb');
    utimesSync(file, atime, mtime);
    expect(await new FileHasher().hash(file)).toBe(sha256('bbbb'));
  });

  it('gives null for a file that is gone, and the hash again once it is back', async () => {
    const file = join(tempDir(), 'logo.png');
    writeFileSync(file, 'x');
    expect(await new FileHasher().hash(file)).toBe(sha256('x'));
    rmSync(file);
    expect(await new FileHasher().hash(file)).toBeNull();
    writeFileSync(file, 'x');
    expect(await new FileHasher().hash(file)).toBe(sha256('x'));
  });
});

describe('outputs kept when a build would write the same bytes again', () => {
  it('leaves a font asset this process wrote alone, and writes it again once someone changed or removed it', async () => {
    const out = tempDir();
    const html = async (): Promise<void> => {
      const r = await build({ root: ROOT, paths: [SEED_MD], outDir: out, formats: ['html'], force: true });
      expect(r.ok).toBe(true);
    };
    const font = join(out, 'fonts', 'Amiri-Regular.ttf');
    const source = readFileSync(join(ROOT, 'fonts', 'amiri', 'Amiri-Regular.ttf'));
    await html();
    const first = statSync(font, { bigint: true });
    await html();
    const second = statSync(font, { bigint: true });
    expect([second.ino, second.mtimeNs, second.ctimeNs]).toEqual([first.ino, first.mtimeNs, first.ctimeNs]);
    // changed by hand (same size): written again
    const damaged = Buffer.from(source);
    damaged[100] = damaged[100]! ^ 0xff;
    writeFileSync(font, damaged);
    await html();
    expect(readFileSync(font).equals(source)).toBe(true);
    // removed: written again
    rmSync(font);
    await html();
    expect(readFileSync(font).equals(source)).toBe(true);
  });
});

describe('font files read once while unchanged', () => {
  it('gives the same bytes object while the file is unchanged, and the new bytes once it is replaced', async () => {
    const { fontBytes } = await import('../src/templates/font-files.js');
    const file = join(tempDir(), 'face.ttf');
    writeFileSync(file, 'first');
    const a = fontBytes(file);
    expect(fontBytes(file)).toBe(a);
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'other');
    utimesSync(file, atime, mtime);
    expect(fontBytes(file).toString()).toBe('other');
  });
});

describe('templates and fonts that change within one process', () => {
  const skipPoppler = needClient('pdffonts', hasCommand('pdffonts'));
  /** The base names of the fonts a PDF embeds, as poppler's pdffonts lists them (subset tag dropped). */
  const embedded = (pdf: string): string[] =>
    execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((l) => l.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')).sort();
  const brief = (root: string, name: string, template: string): string => {
    const file = join(root, 'content', `${name}.md`);
    mkdirSync(dirname(file), { recursive: true });
    const seed = readFileSync(SEED_MD, 'utf8');
    expect(seed).toMatch(/^template: policy-brief$/m);
    writeFileSync(file, seed.replace(/^template: policy-brief$/m, `template: ${template}`));
    return file;
  };
  const PLEX = join(ROOT, 'fonts', 'ibm-plex-sans-arabic', 'IBMPlexSansArabic-Regular.ttf');

  it.skipIf(skipPoppler)('embeds each template’s own font when two templates use one font key for different files (pdffonts)', async () => {
    const root = tempDir();
    cpSync(join(ROOT, 'templates', 'policy-brief'), join(root, 'templates', 'house'), { recursive: true });
    const yaml = readFileSync(join(ROOT, 'templates', 'policy-brief', 'template.yaml'), 'utf8');
    expect(yaml).toContain('regular: amiri/Amiri-Regular.ttf');
    writeFileSync(join(root, 'templates', 'house', 'template.yaml'), yaml.replace('regular: amiri/Amiri-Regular.ttf', 'regular: ibm-plex-sans-arabic/IBMPlexSansArabic-Regular.ttf'));
    const paths = [brief(root, 'k1', 'policy-brief'), brief(root, 'k2', 'house'), brief(root, 'k3', 'policy-brief')];
    const out = join(root, 'out');
    const first = await build({ root, paths, outDir: out, formats: ['pdf'], jobs: 1 });
    expect(first.ok, first.briefs.map((b) => b.error?.message).join('\n')).toBe(true);
    expect(embedded(join(out, 'k1.pdf'))).toContain('Amiri-Regular');
    expect(embedded(join(out, 'k2.pdf'))).toContain('IBMPlexSansArabic-Regular');
    expect(embedded(join(out, 'k2.pdf'))).not.toContain('Amiri-Regular');
    expect(embedded(join(out, 'k3.pdf'))).toContain('Amiri-Regular');
    expect(embedded(join(out, 'k3.pdf'))).not.toContain('IBMPlexSansArabic-Regular');
  });

  it.skipIf(skipPoppler)('embeds a template font replaced between two builds (as during watch), not the old one', async () => {
    const root = tempDir();
    cpSync(join(ROOT, 'templates', 'policy-brief'), join(root, 'templates', 'policy-brief'), { recursive: true });
    cpSync(join(ROOT, 'fonts'), join(root, 'fonts'), { recursive: true });
    const paths = [brief(root, 'k', 'policy-brief')];
    const out = join(root, 'out');
    expect((await build({ root, paths, outDir: out, formats: ['pdf', 'html', 'docx'] })).ok).toBe(true);
    expect(embedded(join(out, 'k.pdf'))).toContain('Amiri-Regular');
    copyFileSync(PLEX, join(root, 'fonts', 'amiri', 'Amiri-Regular.ttf'));
    expect((await build({ root, paths, outDir: out, formats: ['pdf', 'html', 'docx'] })).briefs[0]!.status).toBe('built');
    expect(embedded(join(out, 'k.pdf'))).toContain('IBMPlexSansArabic-Regular');
    expect(readFileSync(join(out, 'fonts', 'Amiri-Regular.ttf')).equals(readFileSync(PLEX))).toBe(true);
  });

  it('uses a template edited between two builds, and rebuilds what it changes', async () => {
    const root = tempDir();
    cpSync(join(ROOT, 'templates', 'policy-brief'), join(root, 'templates', 'policy-brief'), { recursive: true });
    const paths = [brief(root, 'k', 'policy-brief')];
    const out = join(root, 'out');
    expect((await build({ root, paths, outDir: out, formats: ['html'] })).ok).toBe(true);
    expect(readFileSync(join(out, 'k.html'), 'utf8')).toContain('#0d5c63');
    const file = join(root, 'templates', 'policy-brief', 'template.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('accent: "#0d5c63"', 'accent: "#ff0000"'));
    expect((await build({ root, paths, outDir: out, formats: ['html'] })).briefs[0]!.status).toBe('built');
    const html = readFileSync(join(out, 'k.html'), 'utf8');
    expect(html).toContain('#ff0000');
    expect(html).not.toContain('#0d5c63');
  });
});
