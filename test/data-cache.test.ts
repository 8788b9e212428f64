/**
 * The data cache of the bundle (src/startup/data-cache.ts) and what is kept in it: a template's
 * checked YAML by its bytes, a font's coverage by its path and stamp. An entry is never used for
 * other input bytes, an edited file, another build of sahifa (its identity) or damaged data.
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_CACHE_KEY, MAX_ENTRIES, readData, writeData, type DataCacheHome } from '../src/startup/data-cache.js';
import { fontCoverage, subsetFontBytes } from '../src/templates/font-files.js';
import { readTemplateFile } from '../src/templates/load.js';
import { tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const globals = globalThis as Record<symbol, unknown>;
afterEach(() => {
  delete globals[DATA_CACHE_KEY];
});

describe('data cache', () => {
  it('gives back what was stored, only for the same kind, input bytes and build identity', () => {
    const home: DataCacheHome = { dir: join(tempDir(), 'cache'), id: 'build-a' };
    const value = { a: [1, 2, undefined], b: new Uint32Array([0x627, 0x644]) };
    expect(readData('k', 'input', home)).toBeUndefined();
    writeData('k', Buffer.from('input'), value, home);
    expect(readData('k', Buffer.from('input'), home)).toEqual(value);
    expect(readData('k', 'input', home)).toEqual(value); // the same bytes as a string
    expect(readData('k', 'input!', home)).toBeUndefined();
    expect(readData('other', 'input', home)).toBeUndefined();
    // another build of sahifa (or Node): its own identity
    expect(readData('k', 'input', { ...home, id: 'build-b' })).toBeUndefined();
    // outside the bundle (no home): off
    expect(readData('k', 'input')).toBeUndefined();
  });

  it('treats a damaged entry as missing', () => {
    const home: DataCacheHome = { dir: join(tempDir(), 'cache'), id: 'build-a' };
    writeData('k', 'input', { ok: true }, home);
    const [name] = readdirSync(home.dir);
    const file = join(home.dir, name!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1]! ^= 0xff;
    writeFileSync(file, bytes);
    expect(readData('k', 'input', home)).toBeUndefined();
    writeFileSync(file, bytes.subarray(0, 10));
    expect(readData('k', 'input', home)).toBeUndefined();
  });

  it('keeps at most MAX_ENTRIES entries, the newest', () => {
    const home: DataCacheHome = { dir: join(tempDir(), 'cache'), id: 'build-a' };
    for (let i = 0; i <= MAX_ENTRIES; i++) writeData('k', `input ${i}`, i, home);
    const left = readdirSync(home.dir).length;
    expect(left).toBeLessThanOrEqual(MAX_ENTRIES);
    expect(left).toBeGreaterThan(MAX_ENTRIES / 2);
    expect(readData('k', `input ${MAX_ENTRIES}`, home)).toBe(MAX_ENTRIES);
  });

  it('skips writing where the folder cannot be made', () => {
    const blocker = join(tempDir(), 'file');
    writeFileSync(blocker, '');
    const home: DataCacheHome = { dir: join(blocker, 'cache'), id: 'x' };
    expect(() => writeData('k', 'input', 1, home)).not.toThrow();
    expect(readData('k', 'input', home)).toBeUndefined();
  });
});

describe('what the data cache keeps', () => {
  it('a font edited in place is covered by its new cmap, not the stored one', () => {
    globals[DATA_CACHE_KEY] = { dir: join(tempDir(), 'cache'), id: 'test' } satisfies DataCacheHome;
    const font = join(tempDir(), 'Body.ttf');
    copyFileSync(join(ROOT, 'fonts', 'amiri', 'Amiri-Regular.ttf'), font);
    const amiri = fontCoverage(font);
    expect(amiri.has(0x0627)).toBe(true); // ا
    expect(amiri.has(0x0416)).toBe(false); // Ж: Amiri has no Cyrillic
    expect(readdirSync((globals[DATA_CACHE_KEY] as DataCacheHome).dir).filter((f) => f.startsWith('cmap-'))).toHaveLength(1);
    // the same path, other bytes (a new stamp): read again, not taken from the process or the disk
    copyFileSync(join(ROOT, 'fonts', 'dejavu-sans', 'DejaVuSans.ttf'), font);
    const dejavu = fontCoverage(font);
    expect(dejavu.has(0x0416)).toBe(true);
    expect(dejavu.size).not.toBe(amiri.size);
  });

  it('a font subset is used again only for the same font bytes, characters and format', async () => {
    const home: DataCacheHome = { dir: join(tempDir(), 'cache'), id: 'test' };
    globals[DATA_CACHE_KEY] = home;
    const subsets = (): string[] => readdirSync(home.dir).filter((f) => f.startsWith('subset-'));
    const amiri = readFileSync(join(ROOT, 'fonts', 'amiri', 'Amiri-Regular.ttf'));
    const first = await subsetFontBytes(amiri, 'سلام', 'sfnt');
    expect(subsets()).toHaveLength(1);
    // the second call reads the stored entry: the same bytes, no new entry
    const again = await subsetFontBytes(amiri, 'سلام', 'sfnt');
    expect(again.equals(first)).toBe(true);
    expect(subsets()).toHaveLength(1);
    await subsetFontBytes(amiri, 'سلامٌ', 'sfnt');
    await subsetFontBytes(amiri, 'سلام', 'woff');
    expect(subsets()).toHaveLength(3);
    // an edited font (other bytes) is subset again, never given the stored subset
    const edited = Buffer.from(amiri);
    edited[edited.length - 1]! ^= 1;
    await subsetFontBytes(edited, 'سلام', 'sfnt');
    expect(subsets()).toHaveLength(4);
  });

  it("a template's checked YAML is used again for the same bytes, and an edited template is read again with its errors placed", () => {
    globals[DATA_CACHE_KEY] = { dir: join(tempDir(), 'cache'), id: 'test' } satisfies DataCacheHome;
    const root = tempDir();
    const file = join(root, 'template.yaml');
    const yaml = readFileSync(join(ROOT, 'templates', 'policy-brief', 'template.yaml'), 'utf8');
    writeFileSync(file, yaml);
    copyFileSync(join(ROOT, 'templates', 'policy-brief', 'logo.png'), join(root, 'logo.png'));
    const first = readTemplateFile(file, [ROOT]);
    expect(readdirSync((globals[DATA_CACHE_KEY] as DataCacheHome).dir).filter((f) => f.startsWith('template-'))).toHaveLength(1);
    expect(readTemplateFile(file, [ROOT]).template).toEqual(first.template);
    expect(first.template.colours['accent']).toBe('#0d5c63');
    writeFileSync(file, yaml.replace('accent: "#0d5c63"', 'accent: "#123456"'));
    expect(readTemplateFile(file, [ROOT]).template.colours['accent']).toBe('#123456');
    // a check after the schema's fails at its line, from a stored template too
    const line = yaml.split('\n').findIndex((l) => l.includes('bulletColour:')) + 1;
    expect(line).toBeGreaterThan(0);
    const bad = yaml.replace('bulletColour: accent', 'bulletColour: nosuchcolour');
    writeFileSync(file, bad);
    const message = (): string => {
      try {
        readTemplateFile(file, [ROOT]);
        return '';
      } catch (err) {
        return String(err);
      }
    };
    const uncached = message();
    expect(uncached).toContain(`:${line}:`);
    expect(uncached).toContain('colour "nosuchcolour" is not defined');
    expect(message()).toBe(uncached);
  });
});
