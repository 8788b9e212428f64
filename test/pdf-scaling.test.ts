/**
 * The PDF writer's cost grows linearly with the length of a paragraph and of a word, checked by
 * counting the work done (never by timing it): pdfmake's line builder looked at the whole rest of
 * the paragraph for every word, and cut a word wider than a line by shaping ever longer prefixes of
 * it. Also: a word wider than a line is cut into lines (CSS `overflow-wrap: anywhere`) and reads
 * back whole; the line builder makes pdfmake's lines; the linear UAX #9 port gives bidi-js's levels.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bidiFactory from 'bidi-js';
import LineModule from 'pdfmake/js/Line.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from '../src/parse/index.js';
import { flattenTextArray } from '../src/writers/pdf/layout/inlines.js';
import { buildNextLine, splitOverlong, type BreakInline, type BreakLine, type Clusters } from '../src/writers/pdf/layout/line-break.js';
import { shapeCount } from '../src/text/shaping.js';
import { embeddingLevels } from '../src/writers/pdf/layout/bidi/uax9.js';
import { hasCommand, needClient, pdftotext } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const skip = needClient('pdftotext', hasCommand('pdftotext'));

/** pdfmake's `Line` class. */
const Line = ((LineModule as { default?: unknown }).default ?? LineModule) as new (maxWidth: number) => BreakLine;

/** A deterministic pseudo-random number generator (32-bit LCG), [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const LETTERS = 'بتثجحخسشصضطظعغفقكمنهي'; // no lam or alef: no ligature across a cut
const VOCABULARY = ['السياسة', 'العامة', 'في', 'المنطقة', 'العربية', 'تتطلب', 'إصلاحات', 'اقتصادية', 'واجتماعية', 'عميقة', 'من', 'أجل', 'تحقيق', 'التنمية', 'المستدامة', 'للجميع'];

/** Builds a brief body to PDF in this process (the writer's own fonts and template) and returns the file's path. */
async function pdfOf(body: string, title = 't'): Promise<string> {
  const { pdfWriter } = await import('../src/writers/pdf/index.js');
  const { loadTemplate } = await import('../src/templates/load.js');
  const doc = parse(`---\ntitle: ${title}\nlang: ar\n---\n\n${body}\n`, 'x.md', { cwd: ROOT });
  const { bytes } = await pdfWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: ROOT });
  const file = join(mkdtempSync(join(tmpdir(), 'sahifa-scaling-')), 'x.pdf');
  writeFileSync(file, bytes);
  return file;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('cost of a long paragraph', () => {
  /** Inlines pdfmake's `Line.hasEnoughSpaceForInline` looked at (each call, and each inline after the first) to lay out `body`. */
  async function lookahead(body: string): Promise<number> {
    const spy = vi.spyOn((Line as unknown as { prototype: BreakLine }).prototype, 'hasEnoughSpaceForInline');
    await pdfOf(body);
    const n = spy.mock.calls.reduce((sum, [, next]) => sum + 1 + (next?.length ?? 0), 0);
    spy.mockRestore();
    return n;
  }

  it('looks at each word a bounded number of times while breaking lines, however long the paragraph', async () => {
    const rnd = random(1);
    // words, some glued to punctuation or to a bold part (no break between them)
    const paragraph = (n: number): string => Array.from({ length: n }, (_, i) => (i % 7 === 3 ? `**${VOCABULARY[i % 16]}**،` : VOCABULARY[Math.floor(rnd() * 16)]!)).join(' ');
    const small = await lookahead(paragraph(2000));
    const large = await lookahead(paragraph(4000));
    // pdfmake alone: every word sees the whole rest of the paragraph (4000 words: about 11 million)
    expect(large / small).toBeLessThan(2.5);
    expect(large).toBeLessThan(4 * 4000);
  });
});

describe('cost of a long word', () => {
  /** UTF-16 units shaped by HarfBuzz to build `body`. */
  async function shaped(body: string): Promise<number> {
    const before = shapeCount.units;
    await pdfOf(body);
    return shapeCount.units - before;
  }

  it('shapes a word wider than a line a bounded number of times, not once per prefix tried per line', async () => {
    const rnd = random(2);
    const word = (n: number): string => Array.from({ length: n }, () => LETTERS[Math.floor(rnd() * LETTERS.length)]).join('');
    const small = await shaped(`قبل ${word(4000)} بعد`);
    const large = await shaped(`قبل ${word(8000)} بعد`);
    // pdfmake alone: a binary search of whole prefixes on every line (8000 letters: about 800,000)
    expect(large / small).toBeLessThan(2.5);
    expect(large).toBeLessThan(5 * 8000);
  });
});

describe.skipIf(skip)('a word wider than a line', () => {
  it('is cut into lines that stay on the page and read back as the whole word (20,000 letters)', async () => {
    const rnd = random(3);
    const word = Array.from({ length: 20_000 }, () => LETTERS[Math.floor(rnd() * LETTERS.length)]).join('');
    const pdf = await pdfOf(`قبل ${word} بعد`, 'عنوان');
    // the text of every page without the running header and the page number, in reading order
    const body = pdftotext(pdf)
      .split(/\n|\f/)
      .map((line) => line.replace(/[\s\u200e\u200f\u202a-\u202e]/g, ''))
      .filter((line) => line && line !== 'عنوان' && !line.startsWith('صفحة'))
      .join('');
    expect(body).toBe(`قبل${word}بعد`);
    const boxes = [...pdftotext(pdf, ['-bbox']).matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThan(200);
    for (const [xMin, xMax] of boxes) {
      expect(xMin).toBeGreaterThanOrEqual(0);
      expect(xMax).toBeLessThanOrEqual(595.28); // A4
    }
  });
});

/** A synthetic font: 6 pt per letter, combining marks 0, and 2 pt more for each edge of a piece shaped alone (its joining forms). */
const font = {
  widthOfString: (text: string): number => [...text].reduce((w, c) => w + (/\p{M}/u.test(c) ? 0 : /\s/.test(c) ? 3 : 6), 0) + (text.trim() ? 4 : 0),
};
function clustersOf(text: string): Clusters {
  const starts: number[] = [];
  const widths: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (/\p{M}/u.test(text[i]!)) continue;
    starts.push(i);
    widths.push(/\s/.test(text[i]!) ? 3 : 6);
  }
  return { starts, widths };
}
function inline(text: string, extra: Partial<BreakInline> = {}): BreakInline {
  const trailing = /\s+$/.exec(text)?.[0] ?? '';
  return { text, width: font.widthOfString(text), trailingCut: trailing ? font.widthOfString(trailing) : 0, leadingCut: 0, font, fontSize: 1000, ...extra };
}

describe('splitOverlong (overflow-wrap: anywhere)', () => {
  it('cuts at cluster boundaries into pieces that fit, the first in the room left, each other in a whole line', () => {
    // a letter with a mark (fatha) is one cluster
    const text = 'بَ'.repeat(40) + 'ت'.repeat(40) + ' ';
    const word = inline(text, { noNewLine: true, lineEnd: true });
    const line = new Line(100);
    line.addInline(inline('في '));
    const room = line.getAvailableWidth();
    const rest = splitOverlong(word, clustersOf(text), line);
    const pieces = [word, ...rest];
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(word.width).toBeLessThanOrEqual(room);
    for (const p of pieces) {
      expect(p.width - (p.trailingCut ?? 0)).toBeLessThanOrEqual(100);
      expect(p.width).toBe(font.widthOfString(p.text)); // measured alone
      expect(p.text).not.toMatch(/^\p{M}/u);
    }
    // each piece but the last fills its line: with the next piece's first cluster it would not fit
    for (let i = 0; i < pieces.length - 1; i++) {
      const next = /^.\p{M}*/u.exec(pieces[i + 1]!.text)![0];
      expect(font.widthOfString(pieces[i]!.text + next)).toBeGreaterThan(i === 0 ? room : 100);
    }
    // only the last piece keeps the word's trailing space and its ties; the others end their line
    const last = pieces[pieces.length - 1]!;
    expect([last.noNewLine, last.lineEnd, last._sahifaBreak, last.trailingCut]).toEqual([true, true, undefined, 3]);
    for (const p of pieces.slice(0, -1)) expect([p.noNewLine, p.lineEnd, p._sahifaBreak, p.trailingCut]).toEqual([false, false, true, 0]);
  });

  it('leaves a word that fits once its trailing space hangs', () => {
    const text = 'ب'.repeat(15) + ' ';
    const word = inline(text);
    expect(splitOverlong(word, clustersOf(text), new Line(96))).toEqual([]);
    expect(word.text).toBe(text);
  });
});

/** pdfmake 0.3.11's `LayoutBuilder.buildNextLine`, as the reference. */
function pdfmakeNextLine(inlines: BreakInline[], width: number): BreakLine | null {
  const widthOfText = (text: string, i: BreakInline): number => i.font!.widthOfString(text, i.fontSize!, i.fontFeatures) + (i.characterSpacing || 0) * (text.length - 1);
  const findMaxFitLength = (text: string, maxWidth: number, measure: (t: string) => number): number => {
    let low = 1;
    let high = text.length;
    let bestFit = 1;
    while (low <= high) {
      const mid = Math.floor((low + high) / 2);
      if (measure(text.substring(0, mid)) <= maxWidth) {
        bestFit = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return bestFit;
  };
  if (inlines.length === 0) return null;
  const line = new Line(width);
  let isForceContinue = false;
  while (inlines.length > 0 && (line.hasEnoughSpaceForInline(inlines[0]!, inlines.slice(1)) || isForceContinue)) {
    let isHardWrap = false;
    const next = inlines.shift()!;
    if (!next.noWrap && next.text.length > 1 && next.width > line.getAvailableWidth()) {
      const maxChars = findMaxFitLength(next.text, line.getAvailableWidth(), (t) => widthOfText(t, next));
      if (maxChars < next.text.length) {
        const rest = { ...next, text: next.text.substr(maxChars) };
        next.text = next.text.substr(0, maxChars);
        rest.width = widthOfText(rest.text, rest);
        next.width = widthOfText(next.text, next);
        inlines.unshift(rest);
        isHardWrap = true;
      }
    }
    line.addInline(next);
    isForceContinue = !!next.noNewLine && !isHardWrap;
  }
  line.lastLineInParagraph = inlines.length === 0;
  return line;
}

describe('buildNextLine', () => {
  const hooks = { newLine: (w: number): BreakLine => new Line(w), clusters: (): undefined => undefined };

  it('makes the lines pdfmake makes: glued chains (also of more than 64 inlines), forced breaks, cut words', () => {
    const latin = { widthOfString: (text: string): number => 3 * text.length };
    for (let round = 0; round < 40; round++) {
      const width = 60 + 7 * round;
      const make = (): BreakInline[] => {
        const r = random(round + 100);
        const out: BreakInline[] = [];
        for (let i = 0; i < 600; i++) {
          // mostly short words, sometimes one wider than the line; one chain of 200 glued inlines in some rounds
          const glued = round % 5 === 0 && i > 100 && i < 300 ? true : r() < 0.2;
          const text = String.fromCharCode(97 + (i % 26)).repeat(r() < 0.03 ? 150 : 1 + Math.floor(r() * 9)) + (glued ? '' : ' ');
          out.push({ text, width: 3 * text.length, trailingCut: glued ? 0 : 3, leadingCut: 0, noNewLine: glued, lineEnd: r() < 0.02, font: latin, fontSize: 10 });
        }
        return out;
      };
      const expected: string[][] = [];
      for (let inlines = make(), l = pdfmakeNextLine(inlines, width); l; l = pdfmakeNextLine(inlines, width)) expected.push([...l.inlines.map((i) => i.text), String(l.lastLineInParagraph)]);
      const got: string[][] = [];
      const node = { _inlines: make() };
      for (let l = buildNextLine(node, width, hooks); l; l = buildNextLine(node, width, hooks)) got.push([...l.inlines.map((i) => i.text), String(l.lastLineInParagraph)]);
      expect(got).toEqual(expected);
    }
  });

  it('takes inlines put back at the front of the node (pdfmake reflows a line after a column break)', () => {
    const node = { _inlines: ['a', 'b', 'c', 'd'].map((t) => ({ text: t, width: 10, trailingCut: 0, leadingCut: 0 }) as BreakInline) };
    const first = buildNextLine(node, 25, hooks)!;
    expect(first.inlines.map((i) => i.text)).toEqual(['a', 'b']);
    node._inlines.unshift(...first.inlines);
    expect(buildNextLine(node, 45, hooks)!.inlines.map((i) => i.text)).toEqual(['a', 'b', 'c', 'd']);
    expect(buildNextLine(node, 45, hooks)).toBeNull();
  });
});

describe('flattenTextArray', () => {
  /** pdfmake 0.3.11's flattening, the reference. */
  const reference = (array: unknown): unknown[] => {
    const flatten = (list: unknown[]): unknown[] =>
      list.reduce<unknown[]>((prev, cur) => {
        const text = (cur as { text?: unknown }).text;
        const current = Array.isArray(text) ? flatten(text) : cur;
        const more = ([] as unknown[]).concat(current).some(Array.isArray);
        return prev.concat(more ? flatten(current as unknown[]) : current);
      }, []);
    return flatten(Array.isArray(array) ? array : [array]);
  };

  it('gives pdfmake’s result for nested text objects and arrays', () => {
    const a = { text: 'a' };
    const b = { text: 'b', bold: true };
    const cases: unknown[] = [
      'x',
      a,
      [a, b, 'c'],
      [{ text: [a, { text: [b, 'c'] }] }, 'd'],
      [[a, [b]], 'c'],
      [[a, { text: [b] }], [[['deep']]]],
      { text: [a, [b, { text: ['c'] }]] },
    ];
    for (const c of cases) expect(flattenTextArray(c)).toEqual(reference(c));
  });
});

describe('embeddingLevels (UAX #9 in linear time)', () => {
  const bidi = bidiFactory();
  const same = (text: string): void => {
    for (const dir of [undefined, 'ltr', 'rtl'] as const) {
      const want = bidi.getEmbeddingLevels(text, dir);
      const got = embeddingLevels(text, dir);
      expect([...got.levels], `${JSON.stringify(text)} ${dir}`).toEqual([...want.levels]);
      expect(got.paragraphs).toEqual(want.paragraphs);
    }
  };

  it('gives bidi-js’s levels for random text of every bidi class', () => {
    const palette = ['a', 'b', 'א', 'ب', 'ت', '1', '2', '٠', '۱', '+', '-', '$', '%', ',', '.', ':', '\u0300', '\u064e', '\u200d', '\n', '\u2029', '\t', ' ', ' ', '!', '(', ')', '[', ']', '\u2329', '\u232a', '\u3008', '\u3009', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '😀'];
    const rnd = random(5);
    for (let round = 0; round < 600; round++) {
      const length = 1 + Math.floor(rnd() * (round < 500 ? 40 : 800));
      same(Array.from({ length }, () => palette[Math.floor(rnd() * palette.length)]).join(''));
    }
  });

  it('gives them for the texts bidi-js takes quadratic time over', () => {
    same('\u2066a\u2069ب'.repeat(300)); // Latin words isolated in Arabic
    same('ب ' + '1 '.repeat(500)); // numbers after an Arabic letter
    same('1,'.repeat(500));
    same('نص ' + ' \t'.repeat(500) + ' نص'); // tabs
    same('\u2068'.repeat(300) + 'a' + '\u2069'.repeat(100)); // nested FSI
    same('(' + 'ب ('.repeat(70) + 'a' + ')'.repeat(71)); // more than 63 open brackets
  });
});
