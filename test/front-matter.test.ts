/**
 * Front matter: validation, warnings with places, language guessing.
 */
import type { Table } from 'mdast';
import { describe, expect, it } from 'vitest';
import { blockDirection } from '../src/model/direction.js';
import { guessLang, resolveDigits } from '../src/model/front-matter.js';
import { parse } from '../src/parse/index.js';

describe('front matter', () => {
  it('warns about unknown keys at their line and ignores them', () => {
    const doc = parse('---\ntitle: t\nlang: ar\nlayout: post\n---\n\nنص\n', 'a.md');
    expect(doc.messages.map((m) => `${m.line}:${m.column} ${m.reason}`)).toEqual(['4:1 unknown front-matter key `layout` (ignored)']);
    expect(doc.meta.title).toBe('t');
  });

  it('ignores a key left empty, with a warning at its line (Jekyll and Hugo briefs have them)', () => {
    // review: `series:` with no value stopped the build ("received null")
    const doc = parse('---\ntitle: t\nlang: ar\nseries:\nnumber:\n---\n\nنص\n', 'a.md');
    expect(doc.messages.map((m) => `${m.line}:${m.column} ${m.reason}`)).toEqual(['4:1 front-matter key `series` is empty (ignored)', '5:1 front-matter key `number` is empty (ignored)']);
    expect(doc.meta.series).toBeUndefined();
    expect(doc.meta.title).toBe('t');
  });

  it('says what a key expects when its value is wrong, at its line (not zod\u2019s "Invalid input")', () => {
    const fail = (yaml: string): string => {
      try {
        parse(`---\ntitle: t\nlang: ar\n${yaml}\n---\n\nنص\n`, 'a.md');
      } catch (err) {
        return String((err as Error).message);
      }
      return 'no error';
    };
    expect(fail('number: [1, 2]')).toBe('a.md:4:1: front matter key `number`: expected a whole number or text, e.g. 7');
    expect(fail('date: [2025]')).toContain('a.md:4:1: front matter key `date`: expected a date such as 2025-06-15, or text');
    expect(fail('authors: [{nom: x}]')).toContain('expected a name, or {name, affiliation}');
  });

  it('merges Pandoc/Jekyll `author` into authors', () => {
    const doc = parse('---\ntitle: t\nlang: en\nauthor: Dan Abramov, Sophie Alpert, and Andrew Clark\n---\n\nText.\n', 'a.md');
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

describe('digits', () => {
  it('reads `arab` as the digits of the language: Extended Arabic-Indic in Persian and Urdu', () => {
    expect(['ar', 'ar-EG', 'fa', 'fa-IR', 'ur', 'ps', 'he', 'en'].map((lang) => resolveDigits('arab', lang))).toEqual(['arab', 'arab', 'arabext', 'arabext', 'arabext', 'arabext', 'arab', 'arab']);
    expect(resolveDigits('arabext', 'ar')).toBe('arabext');
    expect(resolveDigits('latn', 'fa')).toBe('latn');
  });

  it('resolves the front matter once, for every writer', () => {
    const meta = (fm: string) => parse(`---\ntitle: "ت"\n${fm}\n---\n\nنص.\n`, 'brief.md').meta;
    expect(meta('lang: fa\ndigits: arab').digits).toBe('arabext');
    expect(meta('lang: ar\ndigits: arab').digits).toBe('arab');
    expect(meta('lang: ar\ndigits: arabext').digits).toBe('arabext');
    expect(meta('lang: ar').digits).toBe('latn');
  });
});

describe('characters no font covers', () => {
  it('are warned about with their line and column when building', async () => {
    const { build } = await import('../src/build.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'sahifa-cover-'));
    writeFileSync(join(dir, 'b.md'), '---\ntitle: ت\nlang: ar\n---\n\nنص فيه رمز ⮕ هنا\n');
    const r = await build({ root: dir, paths: ['b.md'], outDir: join(dir, 'out'), formats: ['html'] });
    expect(r.ok).toBe(true);
    expect(r.briefs[0]!.warnings).toContainEqual({ file: 'b.md', line: 6, column: 12, message: 'character «⮕» (U+2B95) has no glyph in Amiri, Noto Serif Hebrew, DejaVu Sans: it prints as a box', severity: 'warning', ruleId: 'font-coverage' });
  });
});

describe('block direction', () => {
  it('counts printed letters only, not the URLs inside raw HTML tags', () => {
    const doc = parse('---\ntitle: ت\nlang: ar\n---\n\nالمدة:: 00:30:01<br><a href="https://www.youtube.com/watch?v=NyLdD8wk2XIabcdefghijklmnopqrstuvwxyz">00:00</a> مقدمة\n', 'a.md');
    expect(doc.tree.children[0]!.data?.dir).toBe('rtl');
  });

  it('lets words vote, not letters: an Arabic line with a URL or a long slug stays right to left', () => {
    // ar-blog-sakhr-history: 33 Latin letters in the URL against 22 Arabic ones, 5 Arabic words
    expect(blockDirection('رابط تحميل مجموعة برامج الأسرة: https://www.aboharon.com/2017/04/windows-95-arabic.html', 'rtl')).toBe('rtl');
    // ar-react-blog-canaries: the heading's id comment is one word
    const doc = parse('---\ntitle: ت\nlang: ar\n---\n\n## كيفية تطوير ميزات React عادةً {/*how-react-features-are-usually-developed*/}\n', 'a.md');
    expect(doc.tree.children[0]!.data?.dir).toBe('rtl');
    // fa-owasp-2025-security-risks: three Persian words, three English ones: the brief's direction
    expect(blockDirection('ریسک‌های امنیت برنامه (Application Security Risks)', 'rtl')).toBe('rtl');
  });

  it('still sets English sentences, lists of English names and bare URLs left to right', () => {
    expect(blockDirection('There is no such a thing as good writing only good rewriting.', 'rtl')).toBe('ltr');
    expect(blockDirection('CWE-22 Improper Limitation of a Pathname to a Restricted Directory', 'rtl')).toBe('ltr');
    expect(blockDirection('https://example.com/app/accountInfo?acct=notmyacct', 'rtl')).toBe('ltr');
    expect(blockDirection('نستخدم Python 3.12 في العمل', 'rtl')).toBe('rtl');
    expect(blockDirection('The term شورى means consultation', 'rtl')).toBe('ltr');
    expect(blockDirection('نص عربي قصير', 'ltr')).toBe('rtl');
  });

  it('judges a table cell that holds only an HTML image by the image alt text it prints', () => {
    // ur-first-contributions-readme: header cells are <a><img alt="GitHub Desktop"></a>
    const doc = parse('---\ntitle: ت\nlang: ur\n---\n\n| <a href="x.md"><img alt="GitHub Desktop" src="https://example.com/d.svg"></a> | <img alt="GitKraken" src="k.png"> |\n|---|---|\n| [GitHub Desktop](x.md) | [GitKraken](k.md) |\n', 'a.md');
    const table = doc.tree.children[0] as Table;
    expect(table.children[0]!.children.map((c) => c.data?.dir)).toEqual(['ltr', 'ltr']);
    expect(table.data?.dir).toBe('ltr');
  });
});
