/**
 * Unit tests of the PDF RTL layer, run by run in visual order. Widths are synthetic (5 pt per
 * UTF-16 unit) so expected x positions can be read off the strings.
 */
import { describe, expect, it } from 'vitest';
import { bidiParagraph } from '../src/writers/pdf/layout/paragraph.js';
import { layoutBidiLine, type BidiInline, type BidiLine } from '../src/writers/pdf/layout/line-layout.js';
import { applyL1, visualLine, visualOrder } from '../src/writers/pdf/layout/bidi/reorder.js';
import type { TextRun } from '../src/writers/shared/inline-runs.js';
import bidiFactory from 'bidi-js';
import fc from 'fast-check';
import { LRI, PDI, RLI, splitByLevel, type LeveledText, type StyledText } from '../src/writers/pdf/layout/bidi/levels.js';
import { embeddingLevels } from '../src/writers/pdf/layout/bidi/uax9.js';

const W = 5;

/** Splits pdfmake-style: each text object into words that keep their trailing spaces. */
function words(runs: TextRun[], dir: 'rtl' | 'ltr', align: 'start' | 'justify' = 'start'): BidiInline[] {
  return bidiParagraph(runs, { dir, align, lang: 'ar' }).flatMap(({ font: _family, ...obj }) =>
    (obj.text.match(/[^ ]+ *| +/g) ?? []).map((text) => ({
      ...obj,
      text,
      width: text.length * W,
      leadingCut: (/^ +/.exec(text)?.[0].length ?? 0) * W,
      trailingCut: (/ +$/.exec(text)?.[0].length ?? 0) * W,
    })),
  );
}

/** Lays out one line and returns the drawn inlines left to right. */
function layout(inlines: BidiInline[], width = 1000, last = true): BidiLine {
  const line: BidiLine = { x: 0, inlines, lastLineInParagraph: last };
  layoutBidiLine(line, width);
  return line;
}

/** The inlines left to right (each is shaped in its own direction later): the line's words in visual order. */
function drawn(line: BidiLine): string[] {
  return line.inlines.map((i) => i.text.trim()).filter(Boolean);
}

describe('visualOrder (UAX #9 L2)', () => {
  it('reverses runs from the highest level down to the lowest odd level', () => {
    // logical: R R L L R  at levels 1 1 2 2 1  → visual: 4, 2 3, 1 0
    expect(visualOrder([1, 1, 2, 2, 1])).toEqual([4, 2, 3, 1, 0]);
    expect(visualOrder([0, 0, 1, 1, 0])).toEqual([0, 1, 3, 2, 4]);
    expect(visualOrder([0, 0, 0])).toEqual([0, 1, 2]);
  });
});

describe('applyL1', () => {
  it('resets trailing whitespace and whitespace before a segment separator to the paragraph level', () => {
    expect(applyL1('ab  ', [2, 2, 2, 2], 1)).toEqual([2, 2, 1, 1]);
    expect(applyL1('a \tb', [2, 2, 2, 2], 1)).toEqual([2, 1, 1, 2]);
  });
});

describe('layoutBidiLine: Arabic lines checked run by run', () => {
  it('keeps a European number left to right inside Arabic', () => {
    const line = layout(words([{ text: 'بعد أكثر من 33 عاماً' }], 'rtl'));
    expect(drawn(line)).toEqual(['عاماً', '33', 'من', 'أكثر', 'بعد']);
    // right-aligned: the logical first word ends at the right edge
    const lastInline = line.inlines[line.inlines.length - 1]!;
    expect(line.x + lastInline.x! + lastInline.width).toBeCloseTo(1000, 5);
  });

  it('keeps an English product name with its version in order inside Arabic', () => {
    const line = layout(words([{ text: 'نستخدم Python 3.12 في العمل' }], 'rtl'));
    expect(drawn(line)).toEqual(['العمل', 'في', 'Python', '3.12', 'نستخدم']);
  });

  it('keeps the year inside (1992-الحاضر) left to right and the brackets with their words', () => {
    const line = layout(words([{ text: 'العلاقات الثنائية (1992-الحاضر)' }], 'rtl'));
    // A browser shows, left to right: "(الحاضر-1992) الثنائية العلاقات" (brackets mirrored by the
    // shaper, see shaping tests); the inlines come in that order, each in logical order.
    expect(drawn(line)).toEqual(['-الحاضر)', '1992', '(', 'الثنائية', 'العلاقات']);
    expect(line.inlines.map((i) => i._bidiLevel)).toEqual([1, 2, 1, 1, 1]);
  });

  it('keeps Arabic-Indic digits as one left-to-right run', () => {
    const line = layout(words([{ text: 'عام ١٩٩٢ م' }], 'rtl'));
    expect(drawn(line)).toEqual(['م', '١٩٩٢', 'عام']);
    expect(line.inlines.find((i) => i.text === '١٩٩٢')?._bidiLevel).toBe(2);
  });

  it('lays out a bold word in the middle of an Arabic sentence in place', () => {
    const line = layout(words([{ text: 'هذا ' }, { text: 'مهم', bold: true }, { text: ' جداً' }], 'rtl'));
    expect(drawn(line)).toEqual(['جداً', 'مهم', 'هذا']);
    expect(line.inlines.find((i) => i.text.includes('مهم'))).toMatchObject({ bold: true });
  });

  it('justifies every line but the last, spreading space over the word gaps only', () => {
    const inlines = words([{ text: 'في عام 2020 أعلنت' }], 'rtl', 'justify');
    const line = layout(inlines, 300, false);
    const first = line.inlines[0]!;
    const last = line.inlines[line.inlines.length - 1]!;
    expect(line.x + first.x!).toBeCloseTo(0, 5);
    expect(line.x + last.x! + last.width).toBeCloseTo(300, 5);
  });

  it('stretches the space after inline code once, as every other space (ar-react-blog-canaries)', () => {
    // the space after `use` starts the next text object: an inline of its own, whose two edges were
    // both counted as gaps, so it took two shares of the free space (19.3 pt against 11.4 pt, and
    // pdftotext then split the line around the code)
    const inlines = words([{ text: 'مثل ' }, { text: 'use', code: true }, { text: ' وبعض الواجهات' }], 'rtl', 'justify');
    const line = layout(inlines, 400, false);
    // three spaces in the line (after مثل, after use, after وبعض): three equal shares
    const shares = line.inlines.map((i) => i.justifyShift ?? 0).filter((x) => x > 0);
    expect(shares).toHaveLength(3);
    for (const x of shares) expect(x).toBeCloseTo(shares[0]!, 5);
  });

  it('keeps an HTML dir="ltr" span as one left-to-right isolate, whatever its numbers and hyphens', () => {
    // ar-semver-2.0.0: without the isolate UAX #9 leaves the first "1.0.0-" at the RTL level, and
    // it is drawn at the far end of the versions
    const versions = '1.0.0-alpha, 1.0.0-alpha.1, 1.0.0-0.3.7';
    const isolated = layout(words([{ text: 'أمثلة: ' }, { text: versions, isolate: { id: 1, dir: 'ltr' } }], 'rtl'));
    expect(drawn(isolated)).toEqual(['1.0.0-alpha,', '1.0.0-alpha.1,', '1.0.0-0.3.7', 'أمثلة:']);
    const bare = layout(words([{ text: `أمثلة: ${versions}` }], 'rtl'));
    expect(drawn(bare).join(' ')).not.toContain(versions);
  });

  it('does not reorder an English sentence in an LTR paragraph', () => {
    const line = layout(words([{ text: 'The year 2020 was hard' }], 'ltr'));
    expect(drawn(line)).toEqual(['The', 'year', '2020', 'was', 'hard']);
    expect(line.x).toBe(0);
  });
});

/**
 * Oracle: the characters of a laid-out line, read left to right (each inline's characters reversed
 * when its level is odd, since the shaper draws it right to left), must equal the UAX #9 visual
 * order of the whole line from `visualLine`, which passes all of BidiCharacterTest.txt.
 */
function visualChars(line: BidiLine): string {
  return line.inlines.map((i) => (((i._bidiLevel ?? 0) & 1) === 1 ? [...i.text].reverse().join('') : i.text)).join('');
}
function referenceChars(text: string, dir: 'ltr' | 'rtl'): string {
  return visualLine(text, dir).order.map((i) => text[i]).join('');
}
const squeeze = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('layoutBidiLine agrees with the UAX #9 reference order', () => {
  const cases: [string, 'ltr' | 'rtl', string][] = [
    ['product name with version', 'rtl', 'أطلقت الشركة Python 3.12 رسمياً'],
    ['URL', 'rtl', 'زوروا الموقع https://example.org/path?q=1 للمزيد'],
    ['European percentage', 'rtl', 'ارتفع المؤشر 25% هذا العام'],
    ['Arabic-Indic percentage', 'rtl', 'ارتفع المؤشر ٢٥٪ هذا العام'],
    ['slashed date', 'rtl', 'صدر القرار في 2024/10/05 رسمياً'],
    ['Arabic-Indic year', 'rtl', 'في عام ١٩٩٢ أقيمت العلاقات'],
    ['nested quotes', 'rtl', 'قال «إن "الاتفاق" مهم» أمس'],
    ['Arabic phrase in an English paragraph', 'ltr', 'The term اتفاقيات إبراهيم means the Abraham Accords.'],
    ['parentheses with a year range', 'rtl', 'العلاقات الثنائية (1992-الحاضر)'],
    ['footnote mark after an Arabic word', 'rtl', 'كما ورد في التقرير[1] السابق'],
  ];
  for (const [name, dir, text] of cases) {
    it(name, () => {
      const line = layout(words([{ text }], dir));
      expect(squeeze(visualChars(line))).toBe(squeeze(referenceChars(text, dir)));
    });
  }

  it('a line that wraps in the middle of a Latin run: each line in reference order', () => {
    const text = 'تستخدم الوزارة نظام Open Data Portal Version Two لنشر البيانات';
    const all = words([{ text }], 'rtl');
    const cut = all.findIndex((i) => i.text.startsWith('Portal'));
    for (const part of [all.slice(0, cut), all.slice(cut)]) {
      const lineText = part.map((i) => i.text).join('');
      const line = layout(part.map((i) => ({ ...i })), 1000, false);
      expect(squeeze(visualChars(line))).toBe(squeeze(referenceChars(lineText.trimEnd(), 'rtl')));
    }
  });
});

describe('splitByLevel', () => {
  // the plain definition: every character that is not a bidi format character, grouped while
  // run and level stay the same
  const FORMAT = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  function reference(runs: StyledText<number>[], dir: 'ltr' | 'rtl'): LeveledText<number>[] {
    let text = '';
    const spans: { start: number; run: StyledText<number> }[] = [];
    let open: number | undefined;
    for (const run of runs) {
      if (open !== undefined && run.isolate?.id !== open) (text += PDI), (open = undefined);
      if (run.isolate && open === undefined) (text += run.isolate.dir === 'rtl' ? RLI : LRI), (open = run.isolate.id);
      spans.push({ start: text.length, run });
      text += run.text;
    }
    if (open !== undefined) text += PDI;
    const { levels } = embeddingLevels(text, dir);
    const out: LeveledText<number>[] = [];
    for (const { start, run } of spans) {
      let piece: { text: string; style: number; level: number; isolate?: number } | undefined; // pieces never cross runs
      for (let i = start; i < start + run.text.length; i++) {
        if (FORMAT.test(text[i]!)) continue;
        if (piece && piece.level === levels[i]) piece.text += text[i];
        else out.push((piece = { text: text[i]!, style: run.style, level: levels[i]!, ...(run.isolate ? { isolate: run.isolate.id } : {}) }));
      }
    }
    return out;
  }

  it('drops format characters without cutting a piece, and cuts where the level changes', () => {
    const runs = [{ text: 'نص \u200fعربي (مع) Latin\u200e words 123 ', style: 0 }, { text: 'a\u2067ب\u2069c', style: 1, isolate: { id: 7, dir: 'ltr' as const } }];
    expect(splitByLevel(runs, 'rtl')).toEqual(reference(runs, 'rtl'));
    expect(splitByLevel(runs, 'rtl').map((p) => p.text).join('')).toBe('نص عربي (مع) Latin words 123 aبc');
  });

  it('agrees with the character-by-character definition on random runs', () => {
    const alphabet = ['ب', 'ت', 'a', 'Z', '1', '٣', ' ', '(', ')', '.', '-', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    const run = fc.record({
      text: fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((cs) => cs.join('')),
      style: fc.integer({ min: 0, max: 2 }),
      isolate: fc.option(fc.record({ id: fc.integer({ min: 0, max: 2 }), dir: fc.constantFrom('ltr' as const, 'rtl' as const) }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(run, { maxLength: 6 }), fc.constantFrom('ltr' as const, 'rtl' as const), (runs, dir) => {
        expect(splitByLevel(runs, dir)).toEqual(reference(runs, dir));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('uax9 bracket pairs', () => {
  it('rests on every paired bracket having the bidi class ON (BD14–BD16 look at ON characters only)', () => {
    const bidi = bidiFactory();
    const brackets: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (bidi.openingToClosingBracket(ch) !== null || bidi.closingToOpeningBracket(ch) !== null) brackets.push(ch);
    }
    expect(brackets.length).toBeGreaterThan(100);
    expect(brackets.filter((ch) => bidi.getBidiCharTypeName(ch) !== 'ON')).toEqual([]);
  });
});

describe('the installer', () => {
  it('stays small (under 250 lines: it only checks pdfmake and assigns the hooks of hooks/), and installs once', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../src/writers/pdf/install.ts', import.meta.url), 'utf8');
    expect(source.split('\n').length).toBeLessThan(250);
    const { installBidiLayer } = await import('../src/writers/pdf/install.js');
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const proto = (require('pdfmake/js/ElementWriter.js') as { default: { prototype: Record<string, unknown> } }).default.prototype;
    installBidiLayer();
    const once = proto['alignLine'];
    installBidiLayer();
    expect(proto['alignLine']).toBe(once);
  });
});
