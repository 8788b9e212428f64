/**
 * The PDF layer shapes a paragraph's words by runs, with context, as a browser does
 * (word-shaping.ts): checked glyph by glyph against HarfBuzz shaping the whole text. Each case is
 * a defect of shaping word by word (issue 14): joining broken at a style change inside a word,
 * kerning across a space lost, ZWNJ drawn, neutral characters in the wrong script, tatweel torn
 * from its letter, italic never slanted.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunFeatures, runFeatures } from '../src/writers/pdf/protocol.js';
import { resolveScripts } from '../src/writers/pdf/text/script-runs.js';
import { shapeRun } from '../src/text/shaping.js';
import { fontLayout, shapeWords, type WordInline } from '../src/writers/pdf/text/word-shaping.js';
import { isolatedSpans } from '../src/writers/shared/isolates.js';
import { hasCommand, needClient, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const face = (file: string): { font: { stream: { buffer: Uint8Array } } } => ({ font: { stream: { buffer: new Uint8Array(readFileSync(join(ROOT, 'fonts', file))) } } });
const REGULAR = face('amiri/Amiri-Regular.ttf');
const BOLD = face('amiri/Amiri-Bold.ttf');
const SIZE = 12;

/** Words as pdfmake's TextBreaker cuts them, each with its font; shaped together. */
function shaped(words: [text: string, font: typeof REGULAR][], dir: 'ltr' | 'rtl', lang = 'ar'): WordInline[] {
  const features = runFeatures({ dir, lang });
  const inlines: WordInline[] = words.map(([text, font]) => ({ text, font, fontSize: SIZE, fontFeatures: features }));
  shapeWords(inlines, inlines.map(() => ({ preserveLeading: false, preserveTrailing: false })));
  return inlines;
}
const glyphIds = (w: WordInline): number[] => fontLayout(w.font as typeof REGULAR, w.text, w.fontFeatures)!.glyphs.map((g) => g.id);
/** Glyph ids HarfBuzz gives the whole text in one font, in visual order. */
const whole = (font: typeof REGULAR, text: string, dir: 'ltr' | 'rtl', script?: string): number[] =>
  shapeRun(font.font.stream.buffer, text, dir, 'ar', { start: 0, end: text.length, ...(script ? { script } : {}) }).glyphs.map((g) => g.id);

describe('joining across a style change inside a word', () => {
  it('keeps the initial form of ك in **ك**تب (it was drawn isolated)', () => {
    const [, bold] = shaped([['الفعل ', REGULAR], ['ك', BOLD], ['تب ', REGULAR]], 'rtl');
    // the bold ك in the form the bold face gives it inside كتب
    const inWord = whole(BOLD, 'كتب', 'rtl');
    expect(glyphIds(bold!)).toEqual([inWord[inWord.length - 1]]);
    expect(glyphIds(bold!)).not.toEqual(whole(BOLD, 'ك', 'rtl'));
  });

  it('keeps the medial forms of م**درس**ة: م initial, ة final', () => {
    const [m, mid, end] = shaped([['م', REGULAR], ['درس', BOLD], ['ة', REGULAR]], 'rtl');
    const all = whole(REGULAR, 'مدرسة', 'rtl');
    expect(glyphIds(m!)).toEqual([all[all.length - 1]]);
    expect(glyphIds(end!)).toEqual([all[0]]);
    expect(glyphIds(m!)).not.toEqual(whole(REGULAR, 'م', 'rtl'));
    expect(glyphIds(mid!)).toEqual(whole(BOLD, 'مدرسة', 'rtl').slice(1, -1));
  });

  it('keeps lam-alef joined when the lam is bold (**ل**ا): the lam in its initial form', () => {
    const [lam, alef] = shaped([['ل', BOLD], ['ا', REGULAR]], 'rtl');
    expect(glyphIds(lam!)).not.toEqual(whole(BOLD, 'ل', 'rtl'));
    expect(glyphIds(alef!)).not.toEqual(whole(REGULAR, 'ا', 'rtl'));
  });
});

describe('kerning and shaping across spaces', () => {
  it('gives the words of a line the advances HarfBuzz gives the whole line (Amiri kerns ة + space + ك)', () => {
    const text = 'يذهب الطلاب إلى المدرسة كل صباح';
    const words = text.split(/(?<= )/).map((w): [string, typeof REGULAR] => [w, REGULAR]);
    const inlines = shaped(words, 'rtl');
    const sum = inlines.reduce((n, w) => n + w.width!, 0);
    const run = shapeRun(REGULAR.font.stream.buffer, text, 'rtl', 'ar');
    const upem = 1000; // Amiri
    expect(sum).toBeCloseTo((run.glyphs.reduce((n, g) => n + g.xAdvance, 0) / upem) * SIZE, 6);
    // word by word the line is wider: the kerning across the space after المدرسة is lost
    const alone = words.reduce((n, [w]) => n + shapeRun(REGULAR.font.stream.buffer, w, 'rtl', 'ar').glyphs.reduce((a, g) => a + g.xAdvance, 0), 0);
    expect((alone / upem) * SIZE).toBeGreaterThan(sum + 0.5);
  });
});

describe('ZWNJ and ZWJ', () => {
  it('shapes می‌توانند as HarfBuzz does: ی final before the ZWNJ, which has no advance', () => {
    const [word] = shaped([['می‌توانند', REGULAR]], 'rtl', 'fa');
    const layout = fontLayout(REGULAR, word!.text, word!.fontFeatures)!;
    expect(layout.glyphs.map((g) => g.id)).toEqual(whole(REGULAR, 'می‌توانند', 'rtl'));
    const zwnj = layout.glyphs.findIndex((g) => g.codePoints.includes(0x200c));
    expect(layout.positions[zwnj]!.xAdvance).toBe(0);
    // without the ZWNJ the ی would join the ت: another glyph
    expect(layout.glyphs.map((g) => g.id)).not.toEqual(whole(REGULAR, 'میتوانند', 'rtl'));
  });
});

describe('script of neutral characters (UAX #24)', () => {
  it('resolves digits and punctuation to the script around them', () => {
    const scripts = resolveScripts('in 2024. عام 2024.');
    expect(scripts.slice(0, 8).every((s) => s === 'Latn')).toBe(true);
    expect(scripts.slice(9).every((s) => s === 'Arab')).toBe(true);
    // leading neutrals take the first script that follows; a closing bracket its opening one's
    expect(resolveScripts('(1) كلمة')[0]).toBe('Arab');
    expect(resolveScripts('a (ب) c')[4]).toBe('Latn');
  });

  it('draws the period of "in 2024." in English as Latin, not in Amiri’s Arabic form', () => {
    const words = 'The city recorded 51.2 °C in 2024.'.split(/(?<= )/).map((w): [string, typeof REGULAR] => [w, REGULAR]);
    const inlines = shaped(words, 'ltr', 'en');
    const last = glyphIds(inlines[inlines.length - 1]!);
    const latinPeriod = whole(REGULAR, '.', 'ltr', 'Latn')[0];
    const arabicPeriod = whole(REGULAR, '.', 'ltr', 'Arab')[0];
    expect(latinPeriod).not.toBe(arabicPeriod);
    expect(last[last.length - 1]).toBe(latinPeriod);
  });
});

describe('isolates and script fallbacks', () => {
  it('stops joining context at an isolate edge, as a browser does (its text holds LRI…PDI)', () => {
    const features = runFeatures({ dir: 'rtl', lang: 'ar' });
    const inlines: WordInline[] = [
      { text: 'م', font: REGULAR, fontSize: SIZE, fontFeatures: features },
      { text: 'درس', font: REGULAR, fontSize: SIZE, fontFeatures: features, _isolate: 1 },
      { text: 'ة', font: REGULAR, fontSize: SIZE, fontFeatures: features },
    ];
    shapeWords(inlines, inlines.map(() => ({ preserveLeading: false, preserveTrailing: false })));
    expect(glyphIds(inlines[0]!)).toEqual(whole(REGULAR, 'م', 'rtl'));
    expect(glyphIds(inlines[1]!)).toEqual(whole(REGULAR, 'درس', 'rtl'));
  });

  it('continues the script of a closing bracket after it, and takes the language script for text of none', () => {
    const text = 'في آخر الجملة (React).';
    const scripts = resolveScripts(text);
    expect(scripts[text.length - 1]).toBe('Arab');
    expect(resolveScripts('1.', 'Latn')).toEqual(['Latn', 'Latn']);
    expect(resolveScripts('1.')).toEqual(['', '']);
  });

  it('keeps a Persian word with ZWNJ in one isolate, and a digit ending a Latin word out of the Arabic isolate', () => {
    const text = 'امتیاز Impact نرمال‌شده از CVSSv2 و v3';
    const spans = isolatedSpans(text, 'ltr').map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual(['امتیاز', 'نرمال‌شده از', 'و']);
  });
});

describe('tatweel before a Latin word', () => {
  it('keeps بـ whole: the isolate of the Latin run starts at the Latin letter', () => {
    const text = 'قال إن المعيار بـ NIST CSF 2.0 مهم';
    const span = isolatedSpans(text, 'rtl').find((s) => s.dir === 'ltr')!;
    expect(text.slice(span.start, span.end)).toBe('NIST CSF 2.0');
    const api = 'نستخدم الـAPI هنا';
    const s2 = isolatedSpans(api, 'rtl').find((s) => s.dir === 'ltr')!;
    expect(api.slice(s2.start, s2.end)).toBe('API');
  });
});

describe('italic', () => {
  it('carries the slant in the run marker', () => {
    expect(parseRunFeatures(runFeatures({ dir: 'rtl', lang: 'ar', slant: true }))?.slant).toBe(true);
    expect(parseRunFeatures(runFeatures({ dir: 'rtl', lang: 'ar' }))?.slant).toBeUndefined();
  });

  const skip = needClient('qpdf', hasCommand('qpdf', ['--version']));
  it.skipIf(skip)('draws *Arabic* in Amiri Slanted and *Hebrew* (no italic face) with a synthetic oblique', async () => {
    const { parse } = await import('../src/parse/index.js');
    const { pdfWriter } = await import('../src/writers/pdf/index.js');
    const { loadTemplate } = await import('../src/templates/load.js');
    const md = '---\ntitle: "ت"\nlang: ar\n---\n\nنص *مائل* و *נטוי* هنا.\n';
    const doc = parse(md, 'brief.md');
    const { bytes } = await pdfWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: ROOT });
    const dir = tempDir();
    const file = join(dir, 'b.pdf');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, bytes);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/Amiri-Slanted|Amiri-Italic/);
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, join(dir, 'q.pdf')]);
    const content = readFileSync(join(dir, 'q.pdf'), 'latin1');
    // the Hebrew word's text matrix shears x by y/4, as Chromium's synthetic italic
    expect(content).toMatch(/1 0 0\.25 1 [\d.]+ [\d.]+ Tm/);
  });
});

describe('footnotes: two-way links and marks sized alike', () => {
  const skip = needClient('qpdf', hasCommand('qpdf', ['--version']));
  it.skipIf(skip)('the PDF mark links to its note and the note’s ↩ back to the mark (named destinations fn-N, fnref-N)', async () => {
    const { parse } = await import('../src/parse/index.js');
    const { pdfWriter } = await import('../src/writers/pdf/index.js');
    const { loadTemplate } = await import('../src/templates/load.js');
    const { writeFileSync } = await import('node:fs');
    const doc = parse('---\ntitle: "ت"\nlang: ar\n---\n\nبرنامج Zotero[^1] لتنظيم المراجع.\n\n[^1]: حاشية قصيرة.\n', 'brief.md');
    const { bytes } = await pdfWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: ROOT });
    const dir = tempDir();
    writeFileSync(join(dir, 'b.pdf'), bytes);
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', join(dir, 'b.pdf'), join(dir, 'q.pdf')]);
    const pdf = readFileSync(join(dir, 'q.pdf'), 'latin1');
    // both destinations exist, and a link goes to each
    expect(pdf).toMatch(/\(fn-1\)\s*\[/);
    expect(pdf).toMatch(/\(fnref-1\)\s*\[/);
    expect(pdf).toMatch(/\/D \(fn-1\)/);
    expect(pdf).toMatch(/\/D \(fnref-1\)/);
  });

  it('the HTML raises and sizes a footnote mark as the PDF does, and boxes name the whole font stack', async () => {
    const { componentCss } = await import('../src/writers/html/css.js');
    const { loadTemplate } = await import('../src/templates/load.js');
    const css = componentCss(loadTemplate('policy-brief', { root: ROOT }).template);
    expect(css).toMatch(/sup \{[^}]*font-size: 0\.58em;[^}]*vertical-align: 0\.75em/);
    expect(css).toMatch(/section\.footnotes p, section\.footnotes li \{\s*font-family: "Amiri", "Noto Serif Hebrew", "DejaVu Sans"/);
  });
});
