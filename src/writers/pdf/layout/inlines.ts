/**
 * A text node's words, measured (the `TextInlines.buildInlines` hook of `install.ts`): pdfmake
 * 0.3.11's `buildInlines`, with its flattening of the text array in linear time
 * ({@link flattenTextArray}; pdfmake's copies the result so far for each text object, O(n²) in a
 * paragraph of many runs), and each text object tagged with {@link SOURCE} for `measure.ts`.
 * No pdfmake imports: pdfmake's text breaker and measure are passed in.
 */
import { SOURCE } from './measure.js';

/**
 * pdfmake's flattening of a text array (`TextInlines.js` `flattenTextArray`), with the same result
 * in linear time: an item whose `text` is an array is replaced by that array flattened, an array
 * item by its elements (flattened when it holds arrays), anything else kept.
 */
export function flattenTextArray(array: unknown): unknown[] {
  const flatten = (list: readonly unknown[], out: unknown[] = []): unknown[] => {
    for (const cur of list) {
      const text = (cur as { text?: unknown }).text;
      const current = Array.isArray(text) ? flatten(text) : cur;
      if (!Array.isArray(current)) out.push(current);
      else if (current.some(Array.isArray)) flatten(current, out);
      else for (const item of current) out.push(item);
    }
    return out;
  };
  return flatten(Array.isArray(array) ? array : [array]);
}

export interface MeasuredInline {
  width: number;
  leadingCut: number;
  trailingCut: number;
  lineEnd?: boolean;
}

/** What {@link buildInlines} needs of pdfmake: its text breaker, measure and style lookup. */
export interface InlinesHooks {
  /** pdfmake's `TextBreaker.getBreaks`: the text objects cut into words. */
  breaks(texts: unknown[], styleContextStack: unknown): object[];
  /** pdfmake's `TextInlines.measure` (the hooked one). */
  measure(items: object[], styleContextStack: unknown): MeasuredInline[];
  /** Whether the text node's style says `noWrap`. */
  noWrap(styleContextStack: unknown): boolean;
}

/** Tags handed out to text objects ({@link SOURCE}). */
let sources = 0;

/**
 * pdfmake 0.3.11's `buildInlines`, but for the flattening: a text node's words, measured, with
 * its min-content width (widest word, cuts taken off) and max-content width (longest line), in pt.
 */
export function buildInlines(textArray: unknown, styleContextStack: unknown, hooks: InlinesHooks): { items: MeasuredInline[]; minWidth: number; maxWidth: number } {
  const trimmed = (item: { width: number; leadingCut: number; trailingCut: number }): number => Math.max(0, item.width - item.leadingCut - item.trailingCut);
  let minWidth = 0;
  let maxWidth = 0;
  let currentLine: { width: number; leadingCut: number; trailingCut: number } | null = null;
  const flat = flattenTextArray(textArray);
  // tag each text object: its words share its style (see measure.ts)
  for (const item of flat) if (typeof item === 'object' && item !== null) (item as Record<string, unknown>)[SOURCE] = ++sources;
  const measured = hooks.measure(hooks.breaks(flat, styleContextStack), styleContextStack);
  for (const inline of measured) {
    minWidth = Math.max(minWidth, trimmed(inline));
    currentLine ??= { width: 0, leadingCut: inline.leadingCut, trailingCut: 0 };
    currentLine.width += inline.width;
    currentLine.trailingCut = inline.trailingCut;
    maxWidth = Math.max(maxWidth, trimmed(currentLine));
    if (inline.lineEnd) currentLine = null;
  }
  if (hooks.noWrap(styleContextStack)) minWidth = maxWidth;
  return { items: measured, minWidth, maxWidth };
}
