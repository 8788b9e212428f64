/**
 * UAX #9 rule L2 on one line: pure functions, no pdfmake.
 */

/**
 * Visual order of the items of one line (UAX #9 L2): "From the highest level found in the text to
 * the lowest odd level on each line, reverse any contiguous sequence of characters that are at that
 * level or higher."
 *
 * @param levels the resolved level of each item, in logical order (after rule L1)
 * @returns logical indices in visual order, left to right
 */
export function visualOrder(levels: ArrayLike<number>): number[] {
  const order = Array.from({ length: levels.length }, (_, i) => i);
  let max = 0;
  let minOdd = Infinity;
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i]!;
    if (l > max) max = l;
    if (l % 2 === 1 && l < minOdd) minOdd = l;
  }
  for (let level = max; level >= minOdd && level > 0; level--) {
    let i = 0;
    while (i < order.length) {
      if (levels[order[i]!]! >= level) {
        let j = i;
        while (j + 1 < order.length && levels[order[j + 1]!]! >= level) j++;
        // reverse order[i..j] in place (a spread of a long line's items would overflow the stack)
        for (let a = i, b = j; a < b; a++, b--) [order[a], order[b]] = [order[b]!, order[a]!];
        i = j + 1;
      } else i++;
    }
  }
  return order;
}

import bidiFactory from 'bidi-js';
import { embeddingLevels } from './uax9.js';

const bidi = bidiFactory();

/** Bidi classes that L1 resets when they trail a line or precede a separator (WS, isolates, BN, explicit embeddings). */
const L1_RESET = new Set(['WS', 'FSI', 'LRI', 'RLI', 'PDI', 'BN', 'LRE', 'RLE', 'LRO', 'RLO', 'PDF']);

/**
 * Applies UAX #9 rule L1 to the levels of one line: segment separators (S), paragraph separators
 * (B), any sequence of whitespace or isolate/format characters before them, and such a sequence
 * at the end of the line take the paragraph level.
 *
 * @param text the line in logical order
 * @param levels resolved levels per UTF-16 code unit (copied, not changed)
 * @param paragraphLevel 0 (LTR) or 1 (RTL)
 */
export function applyL1(text: string, levels: ArrayLike<number>, paragraphLevel: number): number[] {
  const out = Array.from(levels);
  let trailing = true;
  for (let i = text.length - 1; i >= 0; i--) {
    const type = bidi.getBidiCharTypeName(text[i]!);
    if (type === 'S' || type === 'B') {
      out[i] = paragraphLevel;
      trailing = true;
    } else if (trailing && L1_RESET.has(type)) out[i] = paragraphLevel;
    else trailing = false;
  }
  return out;
}

/** Bidi classes removed by UAX #9 rule X9 (never displayed, no level of their own). */
const X9_REMOVED = new Set(['LRE', 'RLE', 'LRO', 'RLO', 'PDF', 'BN']);

/** The visual order of one line, for tests and debugging. Indices are UTF-16 code units. */
export interface VisualLine {
  /** Resolved level per code unit after rule L1; `null` for characters removed by X9. */
  readonly levels: readonly (number | null)[];
  /** Logical indices left to right (X9-removed characters left out), UAX #9 rule L2. */
  readonly order: readonly number[];
  /** The paragraph embedding level (0 or 1). */
  readonly paragraphLevel: number;
}

/**
 * Runs UAX #9 on `text` as one line: levels (`uax9.ts`, bidi-js's rules P2–I2), then L1 and L2.
 *
 * @param dir paragraph direction; `auto` applies rules P2/P3 (first strong character)
 */
export function visualLine(text: string, dir: 'ltr' | 'rtl' | 'auto'): VisualLine {
  const result = embeddingLevels(text, dir === 'auto' ? undefined : dir);
  const paragraphLevel = result.paragraphs[0]?.level ?? (dir === 'rtl' ? 1 : 0);
  const l1 = applyL1(text, result.levels, paragraphLevel);
  const kept: number[] = [];
  const levels = l1.map((level, i) => {
    if (X9_REMOVED.has(bidi.getBidiCharTypeName(text[i]!))) return null;
    kept.push(i);
    return level;
  });
  const order = visualOrder(kept.map((i) => levels[i]!)).map((k) => kept[k]!);
  return { levels, order, paragraphLevel };
}
