/**
 * Front matter: validation, warnings with places, language guessing.
 */
import { describe, expect, it } from 'vitest';
import { guessLang } from '../src/model/front-matter.js';
import { parse } from '../src/parse/index.js';

describe('front matter', () => {
  it('warns about unknown keys at their line and ignores them', () => {
    const doc = parse('---\ntitle: t\nlang: ar\nlayout: post\n---\n\nنص\n', 'a.md');
    expect(doc.messages.map((m) => `${m.line}:${m.column} ${m.reason}`)).toEqual(['4:1 unknown front-matter key `layout` (ignored)']);
    expect(doc.meta.title).toBe('t');
  });

  it('merges Pandoc/Jekyll `author` into authors', () => {
    const doc = parse('---\ntitle: t\nlang: en\nauthor: Dan Abramov, Sophie Alpert, and Andrew Clark\n---\n', 'a.md');
    expect(doc.meta.authors).toEqual(['Dan Abramov', 'Sophie Alpert', 'Andrew Clark']);
  });

  it('builds a brief with no front matter, guessing its language, with warnings', () => {
    const doc = parse('# ریسک‌های امنیت برنامه\n\nهکرها می‌توانند از مسیرهای مختلف به برنامه شما نفوذ کنند.\n', 'fa.md');
    expect(doc.meta.lang).toBe('fa');
    expect(doc.meta.dir).toBe('rtl');
    expect(doc.meta.title).toBeUndefined();
    expect(doc.messages.map((m) => m.reason).join('\n')).toContain('no front matter');
  });

  it('reads no TOML front matter but says so', () => {
    const doc = parse('+++\nversion = "2.1"\n+++\n\nنص عربي\n', 't.md');
    expect(doc.messages[0]!.reason).toContain('TOML');
    expect(doc.meta.lang).toBe('ar');
  });

  it('guesses languages from their letters', () => {
    expect(guessLang('שלום עולם, זהו מסמך')).toBe('he');
    expect(guessLang('یہ ایک دستاویز ہے جو اردو میں لکھی گئی ہے')).toBe('ur');
    expect(guessLang('این یک سند فارسی است که برای آزمایش نوشته شده است')).toBe('fa');
    expect(guessLang('هذه وثيقة عربية كتبت للاختبار')).toBe('ar');
    expect(guessLang('An English document')).toBe('en');
  });
});

describe('characters no font covers', () => {
  it('are warned about with their line and column when building', async () => {
    const { build } = await import('../src/build.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'sahifa-cover-'));
    writeFileSync(join(dir, 'b.md'), '---\ntitle: ت\nlang: ar\n---\n\nنص فيه رمز ☃ هنا\n');
    const r = await build({ root: dir, paths: ['b.md'], outDir: join(dir, 'out'), formats: ['html'] });
    expect(r.ok).toBe(true);
    expect(r.briefs[0]!.warnings).toContain('b.md:6:12: character «☃» (U+2603) has no glyph in Amiri, Noto Serif Hebrew: it prints as a box');
  });
});

describe('block direction', () => {
  it('counts printed letters only, not the URLs inside raw HTML tags', () => {
    const doc = parse('---\ntitle: ت\nlang: ar\n---\n\nالمدة:: 00:30:01<br><a href="https://www.youtube.com/watch?v=NyLdD8wk2XIabcdefghijklmnopqrstuvwxyz">00:00</a> مقدمة\n', 'a.md');
    expect(doc.tree.children[0]!.data?.dir).toBe('rtl');
  });
});
