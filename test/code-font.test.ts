/**
 * Code in a monospace face in all three formats (issue 14, item 8): DejaVu Sans Mono from the
 * template's `mono` family and `code` role, Arabic and Hebrew in code in the body fonts (the
 * family's `excludeScripts`), code left to right in its source order. Read back with pdffonts and
 * `pdftotext -bbox` (PDF), Chromium (HTML), the DOCX's XML and LibreOffice's PDF of it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { loadTemplate } from '../src/templates/load.js';
import { familyCoverage, fontsNeeded, unicodeRange } from '../src/templates/font-files.js';
import { CHROMIUM, hasCommand, needClient, pdftotext, sofficeToPdf, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

/** The code examples of issue 14 item 8, in an Arabic brief, and inline code in a paragraph and a heading. */
const CODE_LINES = ['foo.bar(baz) + qux', '|undefined|NaN|', 'x = a[i] // تعليق عربي', 'if (n > 0) { return n; }', 'print("مرحبا")'];
const BRIEF = ['---', 'title: "شيفرة"', 'lang: ar', '---', '', '## الأمر `npm install`', '', 'وفي السطر نفسه: `loss_ratio(100, 70)` تعطي 0.3.', '', '```', ...CODE_LINES, '```', ''].join('\n');
const PLAIN = ['---', 'title: "بلا شيفرة"', 'lang: ar', '---', '', 'نص عربي بلا شيفرة.', ''].join('\n');

async function built(source: string, name: string, formats: ('html' | 'pdf' | 'docx')[]): Promise<string> {
  const dir = tempDir(`sahifa-code-${name}-`);
  writeFileSync(join(dir, `${name}.md`), source);
  const result = await build({ paths: [join(dir, `${name}.md`)], outDir: join(dir, 'out'), formats, root: ROOT, force: true, jobs: 1 });
  if (!result.ok) throw result.briefs[0]?.error ?? new Error('build failed');
  return join(dir, 'out');
}

interface Word {
  readonly text: string;
  readonly x0: number;
  readonly y0: number;
  readonly y1: number;
}

function words(pdf: string): Word[] {
  return [...pdftotext(pdf, ['-bbox']).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)<\/word>/g)].map((m) => ({
    text: m[4]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
    x0: Number(m[1]),
    y0: Number(m[2]),
    y1: Number(m[3]),
  }));
}

/** The words on the line of the first word `anchor` (or starting with it, for an anchor ending in `(`), left to right, joined by spaces. */
function lineText(all: readonly Word[], anchor: string): string {
  const a = all.find((w) => w.text === anchor || (anchor.endsWith('(') && w.text.startsWith(anchor)));
  if (!a) throw new Error(`no word ${anchor} among ${all.map((w) => w.text).join(' ')}`);
  // box centres: an Amiri word's box is taller than a DejaVu Sans Mono word's on the same baseline
  const centre = (w: Word): number => (w.y0 + w.y1) / 2;
  return all
    .filter((w) => Math.abs(centre(w) - centre(a)) < 3)
    .sort((p, q) => p.x0 - q.x0)
    .map((w) => w.text)
    .join(' ');
}

describe('template: the mono family and the code role', () => {
  it('leaves Arabic and Hebrew of DejaVu Sans Mono to the next fonts, in coverage and in unicode-range', () => {
    const loaded = loadTemplate('policy-brief', { root: ROOT });
    const mono = familyCoverage(loaded, 'mono');
    expect(mono.has(0x61)).toBe(true);
    expect(mono.has(0x7b)).toBe(true);
    // DejaVu Sans Mono's cmap has them; the family does not draw them
    for (const cp of [0x0628, 0x060c, 0x0661, 0x05d0]) expect(mono.has(cp), cp.toString(16)).toBe(false);
    const range = unicodeRange(loaded, 'mono')!;
    const ranges = range.split(', ').map((r) => r.replace('U+', '').split('-').map((h) => parseInt(h, 16)));
    const inRange = (cp: number): boolean => ranges.some(([a, b]) => cp >= a! && cp <= (b ?? a!));
    expect(inRange(0x61) && inRange(0x2500)).toBe(true);
    expect(inRange(0x0628) || inRange(0x05d0)).toBe(false);
    expect(unicodeRange(loaded, 'amiri')).toBeUndefined();
    expect(loaded.settings.code.scale).toBe(10.5 / 12);
  });

  it('needs the mono font only for a brief with code', () => {
    const loaded = loadTemplate('policy-brief', { root: ROOT });
    expect(fontsNeeded(loaded, 'نص عربي')).not.toContain('mono');
    expect(fontsNeeded(loaded, 'نص عربي x = 1', 'x = 1')).toContain('mono');
  });
});

describe('PDF: code in DejaVu Sans Mono', () => {
  it('embeds DejaVuSansMono and draws the code examples left to right in source order', async () => {
    if (needClient('poppler (pdftotext, pdffonts)', hasCommand('pdffonts'))) return;
    const pdf = join(await built(BRIEF, 'code', ['pdf']), 'code.pdf');
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+DejaVuSansMono\s/);
    expect(fonts).toMatch(/\+Amiri-Regular\s/);
    const all = words(pdf);
    for (const line of CODE_LINES.filter((l) => !/\p{Script=Arabic}/u.test(l))) expect(lineText(all, line.split(' ')[0]!)).toBe(line);
    expect(lineText(all, 'a[i]')).toMatch(/^x = a\[i\] \/\/ /);
    expect(lineText(all, 'print(')).toMatch(/^print\("/);
  });

  it('sets the code lines one line height apart, an Arabic comment (in Amiri) or not', async () => {
    if (needClient('poppler (pdftotext)', hasCommand('pdftotext'))) return;
    const pdf = join(await built(BRIEF, 'pitch', ['pdf']), 'pitch.pdf');
    const all = words(pdf);
    // the baselines (yMax of the Latin word boxes, one font and size) of consecutive code lines
    const base = ['foo.bar(baz)', '|undefined|NaN|', 'x', 'if', 'print('].map((a) => all.find((w) => w.text === a || (a.endsWith('(') && w.text.startsWith(a)))!.y1);
    for (let i = 1; i < base.length; i++) expect(base[i]! - base[i - 1]!, `code line ${i + 1}`).toBeCloseTo(10.5 * 1.5, 2);
  });
});

describe('HTML: code in DejaVu Sans Mono', () => {
  it('ships the mono font only with code, and Chromium draws code in it at 10.5 pt', async () => {
    const plain = await built(PLAIN, 'plain', ['html']);
    expect(readdirSync(join(plain, 'fonts')).some((f) => f.startsWith('DejaVuSansMono'))).toBe(false);
    const out = await built(BRIEF, 'page', ['html']);
    const html = readFileSync(join(out, 'page.html'), 'utf8');
    expect(html).toMatch(/font-family: "DejaVu Sans Mono";\s*src: url\("fonts\/DejaVuSansMono.ttf"\)[^}]*unicode-range: U\+0020-/);
    if (needClient('chromium', CHROMIUM !== undefined)) return;
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--headless'] });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(out, 'page.html')).href);
      await page.evaluate(() => document.fonts.ready);
      const seen = await page.evaluate(() => {
        const style = (sel: string): { family: string; size: string } => {
          const s = getComputedStyle(document.querySelector(sel)!);
          return { family: s.fontFamily, size: s.fontSize };
        };
        return { p: style('main p code'), h: style('main h2 code'), pre: style('main pre code'), loaded: Array.from(document.fonts as unknown as Iterable<FontFace>).some((f) => f.family.replace(/"/g, '') === 'DejaVu Sans Mono' && f.status === 'loaded') };
      });
      for (const s of [seen.p, seen.h, seen.pre]) expect(s.family).toMatch(/^"DejaVu Sans Mono", Amiri/);
      expect(seen.p.size).toBe('14px'); // 10.5 pt
      expect(seen.pre.size).toBe('14px');
      expect(parseFloat(seen.h.size)).toBeCloseTo((16 * 10.5) / 12 / 0.75, 3); // 14 pt in a 16 pt heading
      expect(seen.loaded).toBe(true);
      // what Chromium prints: the mono face for the code, Amiri for the Arabic comment
      const printed = join(out, 'chromium.pdf');
      await page.pdf({ path: printed, format: 'A4' });
      if (needClient('poppler (pdffonts)', hasCommand('pdffonts'))) return;
      const fonts = execFileSync('pdffonts', [printed], { encoding: 'utf8' });
      expect(fonts).toMatch(/\+DejaVuSansMono\s/);
      expect(fonts).not.toMatch(/Liberation|Courier|Nimbus/);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('DOCX: code in DejaVu Sans Mono', () => {
  it('sets code runs in the mono family (ascii, hAnsi) and the body font (cs), embeds it, and LibreOffice draws it', async () => {
    const plain = unzipSync(readFileSync(join(await built(PLAIN, 'plain', ['docx']), 'plain.docx')));
    expect(strFromU8(plain['word/fontTable.xml']!)).not.toContain('DejaVu Sans Mono');
    const out = await built(BRIEF, 'doc', ['docx']);
    const parts = unzipSync(readFileSync(join(out, 'doc.docx')));
    const xml = (name: string): string => strFromU8(parts[name]!);
    for (const id of ['SourceCode', 'VerbatimChar']) {
      const style = new RegExp(`<w:style [^>]*w:styleId="${id}".*?</w:style>`, 's').exec(xml('word/styles.xml'))?.[0];
      expect(style).toContain('<w:rFonts w:ascii="DejaVu Sans Mono" w:cs="Amiri" w:hAnsi="DejaVu Sans Mono"/>');
      expect(style).toContain('<w:sz w:val="21"/>');
    }
    // inline code runs and the code block's paragraph use them
    for (const code of ['loss_ratio(100, 70)', 'foo.bar(baz) + qux']) {
      expect(xml('word/document.xml')).toContain(`<w:rStyle w:val="VerbatimChar"/><w:lang w:bidi="ar-SA"/></w:rPr><w:t xml:space="preserve">${code}</w:t>`);
    }
    expect(xml('word/document.xml')).toContain('<w:pStyle w:val="SourceCode"/>');
    expect(xml('word/fontTable.xml')).toMatch(/<w:font w:name="DejaVu Sans Mono">(?:(?!<\/w:font>).)*<w:embedRegular /s);
    if (needClient('LibreOffice (soffice)', hasCommand('soffice', ['--version'])) || needClient('poppler (pdffonts)', hasCommand('pdffonts'))) return;
    const pdf = sofficeToPdf(join(out, 'doc.docx'), tempDir('sahifa-code-lo-'));
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+DejaVuSansMono\s/);
    const all = words(pdf);
    expect(lineText(all, 'foo.bar(baz)')).toBe('foo.bar(baz) + qux');
  }, 240_000);
});
