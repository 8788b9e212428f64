/**
 * HarfBuzz shaping as the PDF writer uses it, checked by glyph: mirroring in RTL runs (UAX #9 L4),
 * digit order, Arabic joining.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shapeRun } from '../src/text/shaping.js';
import { ROOT } from './helpers/seed.js';

const AMIRI = new Uint8Array(readFileSync(join(ROOT, 'fonts', 'amiri', 'Amiri-Regular.ttf')));
const ids = (text: string, dir: 'ltr' | 'rtl'): number[] => shapeRun(AMIRI, text, dir).glyphs.map((g) => g.id);

describe('shapeRun (harfbuzzjs)', () => {
  it('mirrors brackets and guillemets in RTL runs', () => {
    expect(ids('(', 'rtl')).toEqual(ids(')', 'ltr'));
    expect(ids(')', 'rtl')).toEqual(ids('(', 'ltr'));
    expect(ids('«', 'rtl')).toEqual(ids('»', 'ltr'));
    expect(ids('(', 'ltr')).not.toEqual(ids(')', 'ltr'));
  });

  it('lays out digits left to right in an LTR run, and returns RTL glyphs in visual order', () => {
    const one = ids('١', 'ltr')[0];
    const two = ids('٢', 'ltr')[0];
    expect(ids('١٢', 'ltr')).toEqual([one, two]);
    const latin = ids('ab', 'ltr');
    expect(ids('ab', 'rtl')).toEqual([...latin].reverse());
  });

  it('joins Arabic letters: a letter takes a different glyph alone and inside a word', () => {
    const alone = ids('ب', 'rtl')[0];
    const inWord = ids('ببب', 'rtl');
    expect(inWord).toHaveLength(3);
    expect(inWord).not.toContain(alone);
  });
});
