/**
 * What a long-running process (`sahifa watch`, the worker threads of a batch, the library API)
 * keeps between builds, and that keeping it changes no output: HarfBuzz layouts and encoded font
 * subsets shared by every document that uses a font, and file hashes kept while a file's stamp is unchanged. (Warm builds
 * of the sample briefs giving the bytes of a fresh process: test/reproducible.test.ts.)
 */
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { FileHasher, sha256 } from '../src/manifest/index.js';
import { subsetEncodes } from '../src/writers/pdf/bidi/install.js';
import { shapeCount } from '../src/writers/pdf/bidi/shaping.js';
import { tempDir } from './helpers/clients.js';
import { ROOT, SEED_MD } from './helpers/seed.js';

describe('HarfBuzz layouts and font subsets kept across documents', () => {
  it('shapes only the edited words and encodes no font subset again when a brief is built again in the same process, with the same bytes as a fresh build', async () => {
    const dir = tempDir();
    const brief = join(dir, 'brief.md');
    const text = readFileSync(SEED_MD, 'utf8');
    writeFileSync(brief, text);
    const pdf = async (): Promise<{ bytes: Buffer; shaped: number; encoded: number; reused: number }> => {
      const out = tempDir();
      const before = { runs: shapeCount.runs, ...subsetEncodes };
      const r = await build({ root: dir, paths: [brief], outDir: out, formats: ['pdf'], force: true });
      expect(r.ok).toBe(true);
      return { bytes: readFileSync(join(out, 'brief.pdf')), shaped: shapeCount.runs - before.runs, encoded: subsetEncodes.encoded - before.encoded, reused: subsetEncodes.reused - before.reused };
    };
    const first = await pdf();
    const again = await pdf();
    expect(first.shaped).toBeGreaterThan(300);
    // (each document still shapes a space per text role for its word spacing: styles.ts)
    expect(again.shaped).toBeLessThan(10);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    // the font subsets too: same glyphs in the same order, encoded once
    expect(first.encoded).toBeGreaterThanOrEqual(2); // Amiri regular and bold
    expect(again.encoded).toBe(0);
    expect(again.reused).toBe(first.encoded + first.reused);
    // one word changed: a few runs shaped again, not the whole brief
    expect(text).toContain('الأخيرة');
    writeFileSync(brief, text.replace('الأخيرة', 'الحالية'));
    const edited = await pdf();
    expect(edited.shaped).toBeGreaterThan(0);
    expect(edited.shaped).toBeLessThan(first.shaped / 20);
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
