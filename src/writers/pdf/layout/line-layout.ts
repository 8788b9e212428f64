/**
 * Stage "commit" of the PDF RTL layer (Typst's line.rs `commit()`): one broken line, in logical
 * order, becomes a line in visual order with every inline's x set, aligned and justified.
 * No pdfmake imports: works on any objects shaped like pdfmake's `Line` and inlines.
 */
import { kashidaPosition, TATWEEL } from './kashida.js';
import { visualOrder } from './bidi/reorder.js';

/** Logical alignment of a paragraph: start/end resolve against the paragraph direction. */
export type LogicalAlign = 'start' | 'end' | 'center' | 'justify';

/** The fields of a pdfmake inline this layer reads or writes. Widths in pt. */
export interface BidiInline {
  text: string;
  /** Advance width of `text` in pt, whitespace included. */
  width: number;
  /** Width in pt of the logical leading whitespace (pdfmake `leadingCut`). */
  leadingCut?: number;
  /** Width in pt of the logical trailing whitespace (pdfmake `trailingCut`). */
  trailingCut?: number;
  /** x offset in pt from the line's x (written here). */
  x?: number;
  /** Extra space in pt added before this inline by justification (read by pdfmake's decorations). */
  justifyShift?: number;
  /** UAX #9 embedding level of this inline (set by `levels.ts` through the text object). */
  _bidiLevel?: number;
  /** Paragraph embedding level: 0 LTR, 1 RTL. */
  _paraLevel?: number;
  /** Logical alignment of the paragraph. */
  _align?: LogicalAlign;
  /** Justify with kashida (tatweel) before widening spaces (template `paragraph.justify`). */
  _kashida?: boolean;
  /** The pdfkit font of the inline, to measure text after tatweel is inserted (pt at `fontSize`). */
  font?: { widthOfString(text: string, size: number, features?: unknown): number };
  fontSize?: number;
  fontFeatures?: unknown;
}

/** The fields of a pdfmake `Line` this layer reads or writes. */
export interface BidiLine {
  x: number;
  inlines: BidiInline[];
  newLineForced?: boolean;
  lastLineInParagraph?: boolean;
}

/**
 * Lays out one line of a paragraph that went through the RTL layer:
 * 1. visual order by UAX #9 L2 over the inlines' levels (whitespace at the line's logical end is
 *    hidden, which is what L1 asks for);
 *    (each inline is then shaped by HarfBuzz in its own direction, which also mirrors brackets in
 *    RTL runs, UAX #9 L4: see `text/font-layout.ts`);
 * 2. x of every inline recomputed left to right; the logical line-start and line-end whitespace
 *    take no room;
 * 3. alignment: `start`/`end` resolved against the paragraph direction; `justify` spreads the
 *    free space over the inter-word gaps, except on the last line of the paragraph and before a
 *    forced break, which are start-aligned.
 *
 * Replaces `line.inlines` with a new array of the same inline objects in visual order, their `x`
 * and `justifyShift` set (and, for kashida, `text` and `width`). Each inline belongs to this one
 * line: pdfmake measures a paragraph's inlines anew for every layout pass and places a line once
 * (a line moved to the next page is aligned only there), and the keep-with-next dry run breaks
 * copies. Copying them here (about 35 properties each) was a tenth of the layout time.
 *
 * @param line the line as built by pdfmake (logical order, x relative to the line)
 * @param availableWidth width of the column in pt
 */
export function layoutBidiLine(line: BidiLine, availableWidth: number): void {
  const logical = line.inlines;
  if (logical.length === 0) return;
  const paraLevel = logical[0]!._paraLevel ?? 0;
  const align = logical[0]!._align ?? 'start';
  const last = logical.length - 1;

  const order = visualOrder(logical.map((i) => i._bidiLevel ?? paraLevel));
  const visual = order.map((index) => {
    const src = logical[index]!;
    const rtl = ((src._bidiLevel ?? paraLevel) & 1) === 1;
    // Whitespace at the logical edges of the line is not drawn (pdfmake's cuts; UAX #9 L1).
    const lead = index === 0 ? (src.leadingCut ?? 0) : 0;
    const trail = index === last ? (src.trailingCut ?? 0) : 0;
    // An RTL inline shows its logical start on the right.
    const hideLeft = rtl ? trail : lead;
    const hideRight = Math.min(rtl ? lead : trail, Math.max(0, src.width - hideLeft));
    const spaceLeft = rtl ? (src.trailingCut ?? 0) : (src.leadingCut ?? 0);
    const spaceRight = rtl ? (src.leadingCut ?? 0) : (src.trailingCut ?? 0);
    return { inline: src, hideLeft, hideRight, spaceLeft: spaceLeft - hideLeft, spaceRight: spaceRight - hideRight };
  });

  const rtlPara = (paraLevel & 1) === 1;
  const lastLine = !!line.lastLineInParagraph || !!line.newLineForced;
  if (align === 'justify' && !lastLine && logical[0]!._kashida) {
    const natural = visual.reduce((w, v) => w + v.inline.width - v.hideLeft - v.hideRight, 0);
    stretchWithKashida(visual.map((v) => v.inline), availableWidth - natural);
  }

  let cursor = 0;
  for (const v of visual) {
    v.inline.x = cursor - v.hideLeft;
    v.inline.justifyShift = 0;
    cursor += v.inline.width - v.hideLeft - v.hideRight;
  }
  const lineWidth = cursor;
  const free = availableWidth - lineWidth;

  let offset = 0;
  if (align === 'justify' && !lastLine && free > 0) {
    // gaps: boundaries between visual neighbours where whitespace is drawn; a space that is an
    // inline of its own (the one after inline code or a bold word, which starts the next text
    // object) is one gap, not one on either side, as a browser stretches each space once
    const gaps: number[] = [];
    for (let i = 1; i < visual.length; i++) {
      if (!(visual[i - 1]!.spaceRight > 0.01 || visual[i]!.spaceLeft > 0.01)) continue;
      if (gaps[gaps.length - 1] === i - 1 && /^\s+$/u.test(visual[i - 1]!.inline.text)) continue;
      gaps.push(i);
    }
    if (gaps.length > 0) {
      const each = free / gaps.length;
      let shift = 0;
      let g = 0;
      for (let i = 0; i < visual.length; i++) {
        if (g < gaps.length && gaps[g] === i) {
          shift += each;
          visual[i]!.inline.justifyShift = each;
          g++;
        }
        visual[i]!.inline.x! += shift;
      }
    } else if (rtlPara) offset = free;
  } else if (align === 'center') offset = free / 2;
  else if ((align === 'end') !== rtlPara) offset = free; // end in LTR, or start/justify in RTL
  line.x += offset;
  line.inlines = visual.map((v) => v.inline);
}

/** At most this many tatweels in one word: longer stretches look like errors. */
const MAX_TATWEELS_PER_WORD = 3;
const ARABIC = /\p{Script=Arabic}/u;

/**
 * Kashida justification of one line: inserts tatweel into RTL Arabic inlines, one word at a time
 * round-robin (so the stretch is spread over the line), at each word's best alreq position
 * ({@link kashidaPosition}), while the next tatweel still fits in `free` pt. Widths are measured
 * again with the inline's font after each insertion (shaping may change them). Latin, digits
 * and words without an allowed position are left alone.
 */
export function stretchWithKashida(inlines: BidiInline[], free: number): void {
  const candidates = inlines.filter((i) => ((i._bidiLevel ?? 0) & 1) === 1 && i.font && i.fontSize && ARABIC.test(i.text) && kashidaPosition(i.text.trimEnd()) >= 0);
  const counts = new Map<BidiInline, number>();
  const base = new Map(candidates.map((i) => [i, i.text]));
  let remaining = free;
  let progress = true;
  while (progress && candidates.length) {
    progress = false;
    for (const inline of candidates) {
      const n = counts.get(inline) ?? 0;
      if (n >= MAX_TATWEELS_PER_WORD) continue;
      const original = base.get(inline)!;
      const at = kashidaPosition(original.trimEnd());
      const text = original.slice(0, at) + TATWEEL.repeat(n + 1) + original.slice(at);
      const width = inline.font!.widthOfString(text, inline.fontSize!, inline.fontFeatures);
      const grow = width - inline.width;
      if (grow <= 0 || grow > remaining) continue;
      inline.text = text;
      inline.width = width;
      remaining -= grow;
      counts.set(inline, n + 1);
      progress = true;
    }
  }
}
