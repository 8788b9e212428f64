/**
 * Issue 14, items 7–9: one bidi isolation rule for the three writers (`shared/isolates.ts`), code
 * always left to right, footnote marks as isolates in the paragraph's direction. Each defect is
 * checked on the layer (the shared rule, the PDF line layer, the HTML tree, the DOCX XML) and end
 * to end with real readers: pdftotext -bbox for the PDF, Chromium's boxes for the HTML, and
 * LibreOffice's PDF export of the DOCX read back by pdftotext -bbox. The three must show the same
 * visual order.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { parse } from '../src/parse/index.js';
import { bidiParagraph } from '../src/writers/pdf/layout/paragraph.js';
import { markerFont } from '../src/writers/shared/list-marker.js';
import { layoutBidiLine, type BidiInline } from '../src/writers/pdf/layout/line-layout.js';
import { isolateRuns } from '../src/writers/shared/isolates.js';
import type { TextRun } from '../src/writers/shared/inline-runs.js';
import { CHROMIUM, hasCommand, needClient, pdftotext, sofficeToPdf, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

/** The isolates of a paragraph by the shared rule: their texts, one string per isolate, with its direction. */
function isolates(runs: TextRun[], dir: 'ltr' | 'rtl'): string[] {
  const out: { id: number; text: string; dir: string }[] = [];
  for (const p of isolateRuns(runs, dir)) {
    if (!p.isolate) continue;
    const last = out[out.length - 1];
    if (last?.id === p.isolate.id) last.text += p.text;
    else out.push({ id: p.isolate.id, text: p.text, dir: p.isolate.dir });
  }
  return out.map((i) => `${i.dir}:${i.text}`);
}

describe('the shared isolation rule (shared/isolates.ts)', () => {
  it('cuts a stretch against the paragraph where the style changes: "**BDFL:** BDFL" is two isolates', () => {
    expect(isolates([{ text: 'BDFL:', bold: true }, { text: ' BDFL اختصار لعبارة' }], 'rtl')).toEqual(['ltr:BDFL', 'ltr:BDFL']);
    // without a style change the words stay one stretch, as before
    expect(isolates([{ text: 'مثال BDFL: BDFL اختصار' }], 'rtl')).toEqual(['ltr:BDFL: BDFL']);
  });

  it('keeps a number after white space with the styled words before it, and one word styled in two parts whole', () => {
    expect(isolates([{ text: 'نستخدم ' }, { text: 'Python', bold: true }, { text: ' 3.12 في العمل' }], 'rtl')).toEqual(['ltr:Python 3.12']);
    expect(isolates([{ text: 'نستخدم ' }, { text: 'Py', bold: true }, { text: 'thon في العمل' }], 'rtl')).toEqual(['ltr:Python']);
  });

  it('makes inline code and link text its own isolates: `B` [Quicksort] are two items', () => {
    expect(isolates([{ text: 'B', code: true }, { text: ' ' }, { text: 'Quicksort', link: 'https://example.com/q' }, { text: ' - عمليات التنفيذ' }], 'rtl')).toEqual(['ltr:B', 'ltr:Quicksort']);
  });

  it('makes a footnote mark an isolate in the paragraph direction, never part of the word or number before it', () => {
    expect(isolates([{ text: 'برنامج Zotero' }, { text: '3', footnote: 3 }, { text: ' لتنظيم' }], 'rtl')).toEqual(['ltr:Zotero', 'rtl:3']);
    expect(isolates([{ text: 'عام 2023.' }, { text: '2', footnote: 2 }, { text: ' بدأ' }], 'rtl')).toEqual(['rtl:2']);
    expect(isolates([{ text: 'The Zotero' }, { text: '3', footnote: 3 }], 'ltr')).toEqual(['ltr:3']);
  });

  it('nests the right-to-left stretches of inline code inside its left-to-right isolate', () => {
    const pieces = isolateRuns([{ text: 'استخدم ' }, { text: 'say("سلام") + 1', code: true }], 'rtl');
    expect(pieces.filter((p) => p.nested).map((p) => [p.text, p.nested!.dir, p.isolate!.dir])).toEqual([['سلام', 'rtl', 'ltr']]);
  });

  it('never carries a stretch over a hard break (a line feed ends a bidi paragraph, UAX #9 P1)', () => {
    expect(isolates([{ text: 'x = "مرحبا"\nتعليق هنا' }], 'ltr')).toEqual(['rtl:مرحبا', 'rtl:تعليق هنا']);
  });
});

/** Lays out one line of the PDF layer (5 pt per UTF-16 unit) and returns its words left to right. */
function pdfLine(runs: TextRun[], dir: 'ltr' | 'rtl'): { text: string; bold?: boolean }[] {
  const inlines: BidiInline[] = bidiParagraph(runs, { dir, align: 'start', lang: 'ar' }).flatMap(({ font: _family, ...obj }) =>
    (obj.text.match(/[^ ]+ *| +/g) ?? []).map((text) => ({ ...obj, text, width: text.length * 5, leadingCut: 0, trailingCut: (/ +$/.exec(text)?.[0].length ?? 0) * 5 })),
  );
  const line = { x: 0, inlines, lastLineInParagraph: true };
  layoutBidiLine(line, 2000);
  return line.inlines.map((i) => ({ text: i.text.replace(/[\u2066-\u2069]/g, '').trim(), ...((i as { bold?: boolean }).bold ? { bold: true } : {}) })).filter((w) => w.text);
}

describe('PDF layer: order of a line', () => {
  it('draws the bold label of "**BDFL:** BDFL اختصار" first, on the right', () => {
    expect(pdfLine([{ text: 'BDFL:', bold: true }, { text: ' BDFL اختصار' }], 'rtl')).toEqual([{ text: 'اختصار' }, { text: 'BDFL' }, { text: ':', bold: true }, { text: 'BDFL', bold: true }]);
  });

  it('draws a footnote mark on the reading side of the word it follows, raised', () => {
    const line = pdfLine([{ text: 'برنامج Zotero' }, { text: '3', footnote: 3 }, { text: ' لتنظيم' }], 'rtl');
    expect(line.map((w) => w.text)).toEqual(['لتنظيم', '3', 'Zotero', 'برنامج']);
    expect(bidiParagraph([{ text: 'برنامج Zotero' }, { text: '3', footnote: 3 }], { dir: 'rtl', align: 'start', lang: 'ar' }).filter((o) => o.sup).map((o) => o.text)).toEqual(['3']);
    // "2023.²", not the number 2023.2
    expect(pdfLine([{ text: 'عام 2023.' }, { text: '2', footnote: 2 }, { text: ' بدأ' }], 'rtl').map((w) => w.text)).toEqual(['بدأ', '2', '.', '2023', 'عام']);
  });

  it('keeps a line of code left to right with its Arabic string and comment in place', () => {
    expect(pdfLine([{ text: 'x = "مرحبا" // تعليق' }], 'ltr').map((w) => w.text)).toEqual(['x', '=', '"', 'مرحبا', '"', '//', 'تعليق']);
  });

  it('keeps inline code left to right inside Arabic, its Arabic string in place', () => {
    expect(pdfLine([{ text: 'استخدم ' }, { text: 'say("سلام") + 1', code: true }], 'rtl').map((w) => w.text)).toEqual(['say("', 'سلام', '")', '+', '1', 'استخدم']);
  });
});

describe('parser: code blocks', () => {
  it('are left to right even when most of their words are Arabic comments', () => {
    const doc = parse(['---', 'title: ت', 'lang: ar', '---', '', '```', '// تعليق عربي طويل يشرح ما يفعله هذا السطر', 'foo.bar(baz) + qux', '```', ''].join('\n'), join('content', 'code.md'), { cwd: ROOT });
    const code = doc.tree.children.find((n) => n.type === 'code');
    expect(code?.data?.dir).toBe('ltr');
  });
});

// ---------------------------------------------------------------------------------------------
// End to end: one brief, three formats, three readers.

const BRIEF = [
  '---',
  'title: "ترتيب الكلمات"',
  'lang: ar',
  '---',
  '',
  '**BDFL:** BDFL اختصار لعبارة "المستبد الخيّر مدى الحياة".',
  '',
  '**GNU:** Linux نظام تشغيل حر.',
  '',
  '* `B` [Quicksort](https://example.com/q) - عمليات التنفيذ في المكان',
  '',
  'نستخدم **Python** 3.12 في العمل.',
  '',
  'برنامج Zotero[^z] لتنظيم المراجع.',
  '',
  'في عام 2023.[^y] بدأ المشروع.',
  '',
  '```',
  '// تعليق عربي طويل يشرح ما يفعله هذا السطر من الكود',
  'foo.bar(baz) + qux',
  '|undefined|NaN|',
  'x = "مرحبا" // تعليق',
  '```',
  '',
  '[^z]: برنامج مفتوح المصدر.',
  '[^y]: سنة البدء.',
  '',
].join('\n');

/** A piece of text drawn on a page: a word, a number or one punctuation character, with its box. */
interface Token {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
}
const ARABIC = /\p{Script=Arabic}/u;
const TOKEN = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;

/**
 * Tokens of `pdftotext -bbox` words. pdftotext gives a word's characters left to right as drawn
 * (an Arabic word reversed), so a word is cut into tokens with boxes in proportion to their
 * length, and an Arabic token is turned back to reading order to be named.
 */
function pdfTokens(pdf: string): Token[] {
  const out: Token[] = [];
  for (const m of pdftotext(pdf, ['-bbox']).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)<\/word>/g)) {
    const word = m[4]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
    const [x0, y, x1] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const unit = (x1 - x0) / Math.max(1, word.length);
    for (const t of word.matchAll(TOKEN)) {
      const text = ARABIC.test(t[0]) ? [...t[0]].reverse().join('') : t[0];
      out.push({ text, x0: x0 + t.index * unit, x1: x0 + (t.index + t[0].length) * unit, y });
    }
  }
  return out;
}

/** Tokens of the page's text nodes as Chromium lays them out (one range per token). */
async function chromiumTokens(html: string): Promise<Token[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--headless'] });
  try {
    const page = await browser.newPage();
    await page.goto(`file://${html}`);
    return await page.evaluate((source) => {
      const re = new RegExp(source, 'gu');
      const out: { text: string; x0: number; x1: number; y: number }[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        for (const m of n.data.matchAll(re)) {
          const r = document.createRange();
          r.setStart(n, m.index);
          r.setEnd(n, m.index + m[0].length);
          const b = r.getBoundingClientRect();
          if (b.width > 0) out.push({ text: m[0], x0: b.left, x1: b.right, y: b.top });
        }
      }
      return out;
    }, TOKEN.source);
  } finally {
    await browser.close();
  }
}

/** The tokens on the line of the first token `anchor` (raised footnote marks included), left to right. */
function lineOf(tokens: readonly Token[], anchor: string): Token[] {
  const a = tokens.find((t) => t.text === anchor);
  if (!a) throw new Error(`no ${anchor} among ${tokens.map((t) => t.text).join(' ')}`);
  return tokens.filter((t) => Math.abs(t.y - a.y) < 6).sort((p, q) => p.x0 - q.x0);
}
/** x of the first token `text` on a line. */
function xOf(line: readonly Token[], text: string): number {
  const t = line.find((k) => k.text === text);
  if (!t) throw new Error(`no ${text} on the line ${line.map((k) => k.text).join(' ')}`);
  return t.x0;
}

const skipPdf = needClient('pdftotext', hasCommand('pdftotext'));
const skipChromium = needClient('chromium', CHROMIUM !== undefined);
const skipOffice = needClient('LibreOffice (soffice) and pdftotext', hasCommand('soffice', ['--version']) && hasCommand('pdftotext'));

describe('one visual order in the three formats, read by real readers', () => {
  let out = '';
  const readers: Record<'pdf' | 'html' | 'docx', () => Promise<Token[]>> = {
    pdf: async () => pdfTokens(join(out, 'order.pdf')),
    html: async () => chromiumTokens(join(out, 'order.html')),
    docx: async () => pdfTokens(sofficeToPdf(join(out, 'order.docx'), tempDir())),
  };
  const skip = { pdf: skipPdf, html: skipChromium, docx: skipOffice };
  beforeAll(async () => {
    const dir = tempDir();
    const file = join(dir, 'order.md');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, BRIEF);
    out = join(dir, 'out');
    const result = await build({ root: ROOT, paths: [file], outDir: out, force: true, jobs: 1 });
    if (result.briefs[0]?.error) throw result.briefs[0].error;
  });

  describe.each(['pdf', 'html', 'docx'] as const)('%s', (format) => {
    let tokens: Token[] = [];
    beforeAll(async () => {
      if (!skip[format]) tokens = await readers[format]();
    });

    it.skipIf(skip[format])('item 7: a styled label is read first, on the right ("**BDFL:** BDFL", "**GNU:** Linux")', () => {
      const line = lineOf(tokens, 'GNU');
      expect(xOf(line, 'GNU')).toBeGreaterThan(xOf(line, 'Linux'));
      // the colon hugs the bold BDFL on its right, a space away from the plain one on its left
      const bdfl = lineOf(tokens, 'BDFL').filter((t) => t.text === 'BDFL' || t.text === ':');
      expect(bdfl.map((t) => t.text)).toEqual(['BDFL', ':', 'BDFL']);
      const [left, colon, right] = bdfl as [Token, Token, Token];
      expect(right.x0 - colon.x1).toBeLessThan(colon.x0 - left.x1);
    });

    it.skipIf(skip[format])('item 7: `B` [Quicksort] are two items of an RTL list: B first, on the right', () => {
      const line = lineOf(tokens, 'Quicksort');
      expect(xOf(line, 'B')).toBeGreaterThan(xOf(line, 'Quicksort'));
      expect(xOf(line, '-')).toBeLessThan(xOf(line, 'Quicksort'));
    });

    it.skipIf(skip[format])('item 7: a number after a styled name stays with it ("**Python** 3.12")', () => {
      const line = lineOf(tokens, 'Python');
      expect(xOf(line, 'Python')).toBeLessThan(xOf(line, '3'));
    });

    it.skipIf(skip[format])('item 8: a code block reads left to right, line by line, Arabic string and comment in place', () => {
      const texts = (anchor: string): string[] => lineOf(tokens, anchor).map((t) => t.text);
      expect(texts('foo')).toEqual(['foo', '.', 'bar', '(', 'baz', ')', '+', 'qux']);
      expect(texts('undefined')).toEqual(['|', 'undefined', '|', 'NaN', '|']);
      expect(texts('مرحبا')).toEqual(['x', '=', '"', 'مرحبا', '"', '/', '/', 'تعليق']);
      // the code block is on the left margin (LTR), the paragraphs around it on the right
      expect(xOf(lineOf(tokens, 'foo'), 'foo')).toBeLessThan(xOf(lineOf(tokens, 'Quicksort'), '-'));
    });

    it.skipIf(skip[format])('item 9: a footnote mark follows its word on the reading side (left in RTL), never joins a number', () => {
      const zotero = lineOf(tokens, 'Zotero');
      expect(xOf(zotero, '1')).toBeLessThan(xOf(zotero, 'Zotero'));
      const year = lineOf(tokens, '2023');
      // "2023." then the raised 2 on its left: not the number 2023.2
      const after = xOf(year, 'بدأ');
      expect(year.filter((t) => /^[\d.]+$/.test(t.text) && t.x0 > after).map((t) => t.text)).toEqual(['2', '.', '2023']);
    });
  });
});

describe('DOCX: marks Word honours instead of isolates', () => {
  let doc = '';
  beforeAll(async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'order.md'), BRIEF);
    const result = await build({ root: ROOT, paths: [join(dir, 'order.md')], outDir: join(dir, 'out'), formats: ['docx'], force: true, jobs: 1 });
    if (result.briefs[0]?.error) throw result.briefs[0].error;
    doc = strFromU8(unzipSync(readFileSync(join(dir, 'out', 'order.docx')))['word/document.xml']!);
  });
  const paragraphs = (): string[] => doc.match(/<w:p\b[\s\S]*?<\/w:p>/g) ?? [];
  const text = (p: string): string => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) => m[1]?.replace(/&quot;/g, '"') ?? `[^${m[2]}]`).join('');

  it('bounds each isolate with the paragraph\'s strong mark outside and its own inside', () => {
    const p = paragraphs().find((x) => text(x).includes('BDFL'))!;
    expect(text(p).startsWith('\u200f\u200eBDFL\u200e\u200f: \u200f\u200eBDFL\u200e\u200f اختصار')).toBe(true);
  });

  it('puts right-to-left marks around a footnote reference in an RTL paragraph', () => {
    const p = paragraphs().find((x) => text(x).includes('Zotero'))!;
    expect(text(p)).toMatch(/\u200eZotero\u200e\u200f\u200f\[\^\d+\]\u200f/);
  });

  it('writes code blocks as LTR paragraphs (no w:bidi), their Arabic between marks', () => {
    const code = paragraphs().filter((x) => text(x).includes('foo.bar'));
    expect(code).toHaveLength(1);
    expect(code[0]).not.toContain('<w:bidi/>');
    expect(text(code[0]!)).toContain('x = "\u200e\u200fمرحبا\u200f\u200e" // \u200e\u200fتعليق\u200f\u200e');
  });
});

// ---------------------------------------------------------------------------------------------
// Item 10: list markers in a Hebrew brief.

describe('list markers: the font of the list\'s script (item 10)', () => {
  const stack = [
    { family: 'amiri', covers: new Set([0x2022, 0x2e, 0x31, 0x627, 0x628]) },
    { family: 'hebrew', covers: new Set([0x2022, 0x2e, 0x31, 0x5d0, 0x5d1]) },
    { family: 'symbols', covers: new Set([0x2022, 0x41]) },
  ];

  it('takes the first font of the stack that covers the language\'s script and the marker', () => {
    expect(markerFont(stack, 'he', '•')).toBe(1);
    expect(markerFont(stack, 'he-IL', '1.')).toBe(1);
    expect(markerFont(stack, 'ar', '•')).toBe(0);
    expect(markerFont(stack, 'en', '•')).toBe(2);
    // a font of the script without the marker's character is passed over
    expect(markerFont([stack[0]!, { family: 'hebrew', covers: new Set([0x5d0]) }], 'he', '•')).toBe(0);
  });
});

/** Rows (top to bottom, in pt from the crop's top) of a page region that hold ink, from a grey render. */
function inkRows(pdf: string, page: number, box: { x0: number; x1: number; y0: number; y1: number }): number[] {
  const dpi = 300;
  const px = (pt: number): number => Math.round((pt * dpi) / 72);
  const file = join(tempDir(), 'crop');
  execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-x', String(px(box.x0)), '-y', String(px(box.y0)), '-W', String(px(box.x1 - box.x0)), '-H', String(px(box.y1 - box.y0)), '-singlefile', pdf, file]);
  const bytes = readFileSync(`${file}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 40).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const data = bytes.subarray(header[0].length);
  const rows: number[] = [];
  for (let y = 0; y < h; y++) {
    let ink = false;
    for (let x = 0; x < w && !ink; x++) ink = data[y * w + x]! < 160;
    if (ink) rows.push((y * 72) / dpi);
  }
  return rows;
}

/** Words of `pdftotext -bbox` with their page. */
function pdfWords(pdf: string): { text: string; x0: number; x1: number; y0: number; y1: number; page: number }[] {
  const out: { text: string; x0: number; x1: number; y0: number; y1: number; page: number }[] = [];
  let page = 0;
  for (const line of pdftotext(pdf, ['-bbox']).split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: m[5]!, page });
  }
  return out;
}

describe.skipIf(skipPdf)('Hebrew brief → PDF: bullets (item 10)', () => {
  const lines = (n: number): string[] => Array.from({ length: n }, () => ['שורה אחת של טקסט', '']).flat();
  const items = Array.from({ length: 6 }, () => '- פריט ברשימה עם טקסט ארוך מספיק כדי לבדוק');
  let out = '';
  beforeAll(async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    // the list starts lower and lower down page 1, so that some item starts at its foot
    for (let n = 28; n <= 34; n++) writeFileSync(join(dir, `he${n}.md`), ['---', 'title: "בדיקה"', 'lang: he', '---', '', ...lines(n), ...items, ''].join('\n'));
    out = join(dir, 'out');
    const result = await build({ root: ROOT, paths: [dir], outDir: out, formats: ['pdf'], force: true, jobs: 1 });
    for (const b of result.briefs) if (b.error) throw b.error;
  });

  it('centres the bullet on the letters of its line, as a browser does with the Hebrew face\'s bullet', () => {
    const pdf = join(out, 'he28.pdf');
    const words = pdfWords(pdf);
    const bullet = words.find((w) => w.text === '•')!;
    const word = words.filter((w) => w.page === bullet.page && Math.abs(w.y1 - bullet.y1) < 8 && w.text !== '•').sort((a, b) => b.x0 - a.x0)[0]!;
    expect(word.text).toBe('טירפ'); // "פריט", the first word of the item, drawn right to left
    const band = { y0: Math.min(bullet.y0, word.y0) - 2, y1: Math.max(bullet.y1, word.y1) + 2 };
    const dot = inkRows(pdf, bullet.page, { ...band, x0: bullet.x0, x1: bullet.x1 });
    const letters = inkRows(pdf, word.page, { ...band, x0: word.x0, x1: word.x1 });
    const middle = (rows: number[]): number => (rows[0]! + rows[rows.length - 1]!) / 2;
    const height = letters[letters.length - 1]! - letters[0]!;
    expect(dot.length).toBeGreaterThan(0);
    // Amiri's bullet sat at the foot of the letters, a third of their height below their middle
    expect(Math.abs(middle(dot) - middle(letters))).toBeLessThan(0.12 * height);
  });

  it('never leaves a bullet on a page without the first line of its item, nor the line without it', () => {
    for (let n = 28; n <= 34; n++) {
      const words = pdfWords(join(out, `he${n}.pdf`));
      const bullets = words.filter((w) => w.text === '•');
      expect(bullets).toHaveLength(6);
      for (const b of bullets) {
        // a word of text on the bullet's line: same page, boxes centred within half a line
        const centre = (w: { y0: number; y1: number }): number => (w.y0 + w.y1) / 2;
        const mates = words.filter((w) => w.page === b.page && w.text !== '•' && Math.abs(centre(w) - centre(b)) < 8);
        expect(mates.length, `he${n}.pdf: bullet at page ${b.page} y ${b.y0}`).toBeGreaterThan(0);
      }
    }
  });
});
