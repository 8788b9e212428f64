/**
 * Stage "prepare" of the PDF RTL layer (Typst's prepare.rs): UAX #9 embedding levels for a whole
 * paragraph (bidi-js's algorithm, in linear time: `uax9.ts`), then the paragraph's styled runs
 * split wherever the level changes.
 * Mirroring (UAX #9 L4) happens later, per line (`line-layout.ts`): line breaking (UAX #14) must see
 * the logical characters, or a mirrored "(" would be taken for a closing bracket that may not start
 * a line.
 */
import bidiFactory from 'bidi-js';
import type { Dir } from '../../../../model/direction.js';
import { embeddingLevels } from './uax9.js';

const bidi = bidiFactory();

/** Left-to-Right / Right-to-Left / Pop Directional Isolate (UAX #9 X5a–X6a). */
export const LRI = '\u2066';
export const RLI = '\u2067';
export const PDI = '\u2069';

/** Bidi format characters that are never drawn (they steer levels only): LRM, RLM, LRE…RLO, LRI…PDI. */
const isFormatChar = (c: number): boolean => c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

/** A run of text with a style (any object); `text` in logical order. */
export interface StyledText<S> {
  readonly text: string;
  readonly style: S;
  /**
   * Makes the run part of a bidi isolate (LRI/RLI … PDI): URLs, inline code, Latin words in Arabic
   * keep their own order whatever surrounds them. Consecutive runs with the same `id` share one
   * isolate.
   */
  readonly isolate?: { readonly id: number; readonly dir: Dir } | undefined;
  /** An isolate inside `isolate` (a right-to-left stretch in inline code); ignored without `isolate`. */
  readonly nested?: { readonly id: number; readonly dir: Dir } | undefined;
}

/** A piece of a paragraph with one style and one embedding level, ready for pdfmake. */
export interface LeveledText<S> {
  /** Text in logical order (not mirrored). */
  readonly text: string;
  readonly style: S;
  /** UAX #9 resolved embedding level (even: LTR, odd: RTL). */
  readonly level: number;
  /** The id of the isolate the text is in, if any. */
  readonly isolate?: number;
}

/**
 * Resolves levels on the whole paragraph (inline markup never cuts the algorithm) and splits
 * runs at level changes.
 *
 * @param runs the paragraph's runs in logical order
 * @param dir paragraph direction (UAX #9 rule P3 is overridden: level 0 or 1)
 * @returns pieces in logical order; isolate markers are used for level resolution and dropped
 */
export function splitByLevel<S>(runs: readonly StyledText<S>[], dir: Dir): LeveledText<S>[] {
  let text = '';
  const spans: { start: number; end: number; run: StyledText<S> }[] = [];
  let open: number | undefined;
  let inner: number | undefined;
  for (const run of runs) {
    const nested = run.isolate ? run.nested : undefined;
    if (inner !== undefined && (run.isolate?.id !== open || nested?.id !== inner)) {
      text += PDI;
      inner = undefined;
    }
    if (open !== undefined && run.isolate?.id !== open) {
      text += PDI;
      open = undefined;
    }
    if (run.isolate && open === undefined) {
      text += run.isolate.dir === 'rtl' ? RLI : LRI;
      open = run.isolate.id;
    }
    if (nested && inner === undefined) {
      text += nested.dir === 'rtl' ? RLI : LRI;
      inner = nested.id;
    }
    const start = text.length;
    text += run.text;
    spans.push({ start, end: text.length, run });
  }
  if (inner !== undefined) text += PDI;
  if (open !== undefined) text += PDI;
  const { levels } = embeddingLevels(text, dir);
  const out: LeveledText<S>[] = [];
  for (const { start, end, run } of spans) {
    // pieces of equal level, taken as slices between format characters (which are dropped
    // without cutting a piece)
    let piece = '';
    let pieceLevel = -1;
    let from = -1; // start of the slice not yet added to `piece`, -1 when none
    const flush = (): void => {
      if (piece) out.push({ text: piece, style: run.style, level: pieceLevel, ...(run.isolate ? { isolate: run.isolate.id } : {}) });
      piece = '';
    };
    for (let i = start; i < end; i++) {
      if (isFormatChar(text.charCodeAt(i))) {
        if (from >= 0) piece += text.slice(from, i);
        from = -1;
        continue;
      }
      const level = levels[i]!;
      if (level !== pieceLevel) {
        if (from >= 0) piece += text.slice(from, i);
        flush();
        pieceLevel = level;
        from = i;
      } else if (from < 0) from = i;
    }
    if (from >= 0) piece += text.slice(from, end);
    flush();
  }
  return out;
}

/**
 * Text of a right-to-left run with every mirrorable character replaced by its mirror
 * (UAX #9 rule L4, Bidi_Mirroring_Glyph): "(" ↔ ")", "«" ↔ "»", "<" ↔ ">"…
 */
export function mirrorText(text: string): string {
  let out = '';
  for (const ch of text) out += bidi.getMirroredCharacter(ch) ?? ch;
  return out;
}
