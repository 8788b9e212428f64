/**
 * Kashida justification: positions by the alreq priorities, and a justified PDF line stretched
 * with tatweel in Arabic words only, never in the last line of a paragraph.
 */
import { describe, expect, it } from 'vitest';
import { kashidaPosition, TATWEEL } from '../src/writers/pdf/layout/kashida.js';
import { layoutBidiLine, stretchWithKashida, type BidiInline } from '../src/writers/pdf/layout/line-layout.js';

describe('kashidaPosition', () => {
  it('prefers the place after an initial or medial Seen or Sad', () => {
    const w = 'مستقبل';
    expect(w.slice(0, kashidaPosition(w))).toBe('مس');
  });
  it('then the place before a final Teh Marbuta', () => {
    const w = 'مكتبة';
    expect(w.slice(0, kashidaPosition(w))).toBe('مكتب');
  });
  it('keeps marks with their letter', () => {
    const w = 'مُحَمَّد';
    const at = kashidaPosition(w);
    expect(at).toBeGreaterThan(0);
    expect(/\p{M}/u.test(w[at] ?? '')).toBe(false);
  });
  it('never places one after a letter that does not join to the left, nor in Latin', () => {
    expect(kashidaPosition('دار')).toBe(-1);
    expect(kashidaPosition('ورد')).toBe(-1);
    expect(kashidaPosition('Python')).toBe(-1);
    expect(kashidaPosition('2020')).toBe(-1);
  });
});

describe('stretchWithKashida', () => {
  // a font where every character is 5 pt wide
  const font = { widthOfString: (t: string) => [...t].length * 5 };
  const inline = (text: string, level: number): BidiInline => ({ text, width: [...text].length * 5, _bidiLevel: level, font, fontSize: 10 });

  it('spreads tatweel over the Arabic words and leaves Latin alone', () => {
    const words = [inline('مستقبل ', 1), inline('Python ', 2), inline('الشراكة ', 1)];
    stretchWithKashida(words, 12);
    expect(words[1]!.text).toBe('Python ');
    const added = words.map((w) => [...w.text].filter((c) => c === TATWEEL).length);
    expect(added[0]! + added[2]!).toBe(2);
    expect(added[0]).toBe(1);
    expect(words[0]!.width).toBe([...words[0]!.text].length * 5);
  });

  it('adds nothing when no tatweel fits', () => {
    const words = [inline('مستقبل', 1)];
    stretchWithKashida(words, 4);
    expect(words[0]!.text).toBe('مستقبل');
  });
});

describe('layoutBidiLine with kashida', () => {
  const font = { widthOfString: (t: string) => [...t].length * 5 };
  const line = (last: boolean) => ({
    x: 0,
    lastLineInParagraph: last,
    inlines: ['مستقبل ', 'الشراكة'].map((text) => ({ text, width: [...text].length * 5, trailingCut: text.endsWith(' ') ? 5 : 0, _bidiLevel: 1, _paraLevel: 1, _align: 'justify' as const, _kashida: true, font, fontSize: 10 })),
  });

  it('stretches a justified line that is not the last', () => {
    const l = line(false);
    layoutBidiLine(l, 200);
    expect(l.inlines.some((i) => i.text.includes(TATWEEL))).toBe(true);
  });

  it('never stretches the last line of a paragraph', () => {
    const l = line(true);
    layoutBidiLine(l, 200);
    expect(l.inlines.some((i) => i.text.includes(TATWEEL))).toBe(false);
  });
});
