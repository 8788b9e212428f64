/**
 * Which stretches of text must be bidi isolates, shared by the HTML writer (`<bdi>`) and the PDF
 * layer (LRI/RLI … PDI), so both outputs order mixed text the same way: URLs and e-mail addresses
 * (always left to right), and a run of the direction
 * opposite to its paragraph (Latin words in Arabic, possibly led by a number as in "5 km" or
 * "1. Contributors", or Arabic words in English), across spaces and joining punctuation when a
 * letter or digit follows ("Abraham Accords 2020", "km/h", "e-mail"). Runs without a strong letter
 * (plain numbers) are left to UAX #9, which orders them correctly.
 */
import { URL_OR_EMAIL, type Dir } from '../../model/direction.js';

/** Scripts whose letters are strong right-to-left (UAX #9 R/AL), as in `model/direction.ts`. */
const RTL_SCRIPTS = '\\p{Script=Arabic}\\p{Script=Hebrew}\\p{Script=Syriac}\\p{Script=Thaana}\\p{Script=Nko}\\p{Script=Adlam}\\p{Script=Samaritan}\\p{Script=Mandaic}\\p{Script=Hanifi_Rohingya}';
/** Arabic-script digits and number signs: not letters, never start or carry a run. */
const ARABIC_NUMBERS = '\\u0660-\\u0669\\u06F0-\\u06F9\\u066A-\\u066C\\u06DD';
/** One strong letter of each direction. */
const STRONG: Record<Dir, string> = {
  // tatweel (U+0640, Script=Common, bidi class AL) is Lm but belongs to the Arabic letter before it
  ltr: `(?:(?![${RTL_SCRIPTS}\\u0640])\\p{L})`,
  rtl: `(?:(?![${ARABIC_NUMBERS}])[${RTL_SCRIPTS}])`,
};

function runPattern(dir: Dir): RegExp {
  const s = STRONG[dir];
  // letters, marks, digits, and inside a word tatweel (بـ) and the joiners ZWNJ/ZWJ (Persian
  // «نرمال‌شده» is one word: cut at its ZWNJ, each half was isolated alone)
  const word = `(?:${s}|\\p{M}|\\p{N}|[\\u0640\\u200c\\u200d])`;
  // a leading number ("5 km") only when it is a number of its own, not the end of a word (CVSSv2 و)
  return new RegExp(`(?:(?<![\\p{L}\\p{M}\\p{N}])\\p{N}[\\p{N}.,]*\\s?)?${s}${word}*(?:[\\s.,'’/:&+_@#%\\-–]+(?=${s}|\\p{N})${word}+)*`, 'gu');
}
const RUNS: Record<Dir, RegExp> = { ltr: runPattern('ltr'), rtl: runPattern('rtl') };

/** The direction opposite to `dir`. */
export const oppositeDir = (dir: Dir): Dir => (dir === 'rtl' ? 'ltr' : 'rtl');

/**
 * The stretches of `text` that run against the paragraph direction `ctx` and must be isolated.
 *
 * @returns UTF-16 ranges `[start, end)` in order, each with the direction of its content
 */
export function isolatedSpans(text: string, ctx: Dir): { start: number; end: number; dir: Dir }[] {
  const spans: { start: number; end: number; dir: Dir }[] = [];
  for (const m of text.matchAll(URL_OR_EMAIL)) {
    const url = m[0].replace(/[.,;:!?)\]»”'"،؛]+$/u, '');
    spans.push({ start: m.index, end: m.index + url.length, dir: 'ltr' });
  }
  const dir = oppositeDir(ctx);
  // the URL spans are disjoint and in order, as are the runs: one pass over both
  const urls = spans.length;
  let u = 0;
  for (const m of text.matchAll(RUNS[dir])) {
    const start = m.index;
    const end = start + m[0].length;
    while (u < urls && spans[u]!.end <= start) u++;
    if (u === urls || end <= spans[u]!.start) spans.push({ start, end, dir });
  }
  return spans.sort((a, b) => a.start - b.start);
}

