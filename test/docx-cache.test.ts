/**
 * The DOCX writer's in-process caches (src/writers/docx/cache.ts): they are hit on a rebuild, they
 * stay within their bounds, and a DOCX built with them is byte for byte the one built without.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { BoundedCache, clearDocxCaches, docxCacheStats, fontPart, formattedOnce, xorFontKey } from '../src/writers/docx/cache.js';
import { writeDocx } from '../src/writers/docx/index.js';
import { tempDir } from './helpers/clients.js';
import { ROOT, SEED_MD } from './helpers/seed.js';

async function docxOf(markdown: string): Promise<Buffer> {
  const doc = parse(markdown, 'test.md');
  const template = loadTemplate(doc.meta.template ?? 'policy-brief', { root: ROOT });
  return Buffer.from(await writeDocx({ doc, template, created: new Date('2025-01-02T00:00:00Z'), outDir: tempDir() }));
}

/** The DOCX of `markdown` built with every cache empty. */
async function coldDocxOf(markdown: string): Promise<Buffer> {
  clearDocxCaches();
  return docxOf(markdown);
}

const SEED = readFileSync(SEED_MD, 'utf8');
const ENGLISH = '---\ntitle: Water losses\nlang: en\ndate: 2025-06-15\n---\n\n## Findings\n\n- One point.\n- Another, with a [link](https://example.org).\n\nText with a note.[^1]\n\n[^1]: The note.\n';

describe('DOCX caches', () => {
  it('are hit when the same brief is rebuilt, and the bytes stay the same', async () => {
    const cold = await coldDocxOf(SEED);
    const first = docxCacheStats();
    expect(first.fonts.hits).toBe(0);
    expect(first.fonts.misses).toBeGreaterThan(0);
    expect(first.formatted.misses).toBe(2); // styles and theme
    const warm = await docxOf(SEED);
    const second = docxCacheStats();
    expect(second.fonts.hits).toBe(first.fonts.misses); // every face from the cache
    expect(second.fonts.misses).toBe(first.fonts.misses);
    expect(second.formatted.hits).toBeGreaterThanOrEqual(2);
    expect(second.deflated.hits - first.deflated.hits).toBeGreaterThan(10);
    expect(second.deflated.misses).toBe(first.deflated.misses); // nothing new to deflate
    expect(warm.equals(cold)).toBe(true);
  });

  it('keep briefs of other languages and contents apart: built alternately, each is its cold build', async () => {
    const coldSeed = await coldDocxOf(SEED);
    const coldEnglish = await coldDocxOf(ENGLISH);
    expect(coldEnglish.equals(coldSeed)).toBe(false);
    clearDocxCaches();
    for (let i = 0; i < 2; i++) {
      expect((await docxOf(SEED)).equals(coldSeed)).toBe(true);
      expect((await docxOf(ENGLISH)).equals(coldEnglish)).toBe(true);
    }
    expect(docxCacheStats().formatted.hits).toBeGreaterThan(0);
  });
});

describe('fontPart', () => {
  it('obfuscates with a key from the SHA-256 of the font, once per bytes object', () => {
    clearDocxCaches();
    const plain = new Uint8Array(100).map((_, i) => i);
    const part = fontPart(plain);
    const hex = createHash('sha256').update(plain).digest('hex').toUpperCase();
    expect(part.guid).toBe(`{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`);
    expect(Buffer.from(xorFontKey(part.odttf, part.guid)).equals(Buffer.from(plain))).toBe(true);
    expect(Buffer.from(part.odttf.subarray(32)).equals(Buffer.from(plain.subarray(32)))).toBe(true);
    expect(fontPart(plain)).toBe(part);
    expect(docxCacheStats().fonts).toEqual({ hits: 1, misses: 1 });
  });

  it('leaves the font it is given as it was, also a Buffer (shared with the PDF writer)', () => {
    clearDocxCaches();
    const plain = Buffer.from(new Uint8Array(64).map((_, i) => 255 - i));
    const copy = Buffer.from(plain);
    const part = fontPart(plain);
    expect(plain.equals(copy)).toBe(true);
    expect(Buffer.from(part.odttf).equals(copy)).toBe(false);
  });
});

describe('formattedOnce', () => {
  it('formats the first component of a key and gives later ones a frozen copy of its XML object', () => {
    clearDocxCaches();
    let calls = 0;
    const component = () => ({ prepForXml: (_context: object) => ({ 'w:styles': [{ n: ++calls }] }) });
    const a = component();
    const b = component();
    formattedOnce(a, 'test:key');
    formattedOnce(b, 'test:key');
    expect(a.prepForXml({})).toEqual({ 'w:styles': [{ n: 1 }] });
    const again = b.prepForXml({});
    expect(again).toEqual({ 'w:styles': [{ n: 1 }] });
    expect(calls).toBe(1);
    expect(Object.isFrozen((again as { 'w:styles': object[] })['w:styles'][0])).toBe(true);
    const c = component();
    formattedOnce(c, 'test:other');
    expect(c.prepForXml({})).toEqual({ 'w:styles': [{ n: 2 }] });
  });
});

describe('BoundedCache', () => {
  it('forgets the least recently used entries beyond its entry and weight bounds', () => {
    const cache = new BoundedCache<string, string>(3, 10, (k, v) => k.length + v.length);
    cache.set('a', '1');
    cache.set('b', '2');
    cache.set('c', '3');
    expect(cache.get('a')).toBe('1'); // a is now the most recent
    cache.set('d', '4'); // over 3 entries: b goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toEqual({ entries: 3, weight: 6 });
    cache.set('e', '12345'); // weight 6 + 6 > 10: c, the oldest, goes
    expect(cache.size).toEqual({ entries: 3, weight: 10 });
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('d')).toBe('4');
    cache.set('huge', 'x'.repeat(20)); // heavier than the bound on its own: not kept
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size.weight).toBeLessThanOrEqual(10);
    expect(cache.hits).toBe(2);
    expect(cache.misses).toBe(3);
  });
});
