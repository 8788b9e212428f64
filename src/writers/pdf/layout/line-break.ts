/**
 * Stage "break" of the PDF RTL layer: pdfmake's line builder (`LayoutBuilder.buildNextLine`, which
 * fills one line with the paragraph's next words), with the same decisions in linear time, and a
 * browser's `overflow-wrap: anywhere` for a word wider than a line.
 *
 * pdfmake's builder costs O(n²) in the length of a paragraph and of a word: for every word it
 * copies the rest of the paragraph (`_inlines.slice(1)`) and takes it off the front of an array
 * (`shift()`, which moves the rest once the array is large); and it splits a word wider than the
 * line by measuring ever longer prefixes of the whole remaining word (a binary search, every probe
 * shaped by HarfBuzz and kept in the layout cache), once per line. Here:
 * - the paragraph's words sit in a stack (next word last), taken over from `node._inlines` on the
 *   first call: O(1) per word;
 * - the width of a chain of words without a break opportunity between them (pdfmake's `noNewLine`:
 *   "**كلمة**،") is summed over at most {@link SHORT_CHAIN} words as pdfmake does, and from
 *   cached suffix sums beyond, so a long chain is not summed again for each of its words;
 * - a word wider than the line, in a run the RTL layer shapes, is cut once into line-sized pieces
 *   at grapheme cluster boundaries (HarfBuzz clusters: a letter keeps its marks, a ligature stays
 *   whole), from the advances of the word shaped once; each piece is shaped alone (as a browser
 *   reshapes at a line break) and shortened, or lengthened, when that made it wider, or narrower.
 *   Each piece but the last ends its line; only the last keeps the word's trailing space and its
 *   ties to the next word. Other text keeps pdfmake's splitting.
 * No pdfmake imports: works on objects shaped like pdfmake's `Line`, inlines and text nodes.
 */
import type { BidiInline } from './line-layout.js';

/** A pdfmake inline as the line builder sees it (widths in pt). */
export interface BreakInline extends BidiInline {
  noWrap?: boolean;
  /** No break opportunity between this inline and the next (pdfmake's TextBreaker). */
  noNewLine?: boolean;
  /** A forced line break after this inline. */
  lineEnd?: boolean;
  characterSpacing?: number;
  /** A piece of a word cut by {@link splitOverlong} that must end its line (not its last piece). */
  _sahifaBreak?: boolean;
  /** Stands for the font's ascender in {@link ascenderHeight} (pt; see `BidiTextObject._ascender`). */
  _ascender?: number;
}

/**
 * A line's ascender height in pt, where pdfmake puts its baseline (`Line.getAscenderHeight`): the
 * largest ascender (font ascender × size) of its inlines, an inline's `_ascender` standing in for
 * its font's. A code line with an Arabic comment in Amiri so keeps DejaVu Sans Mono's baseline, as
 * a CSS line box keeps its strut's whatever fallback font draws a glyph.
 */
export function ascenderHeight(inlines: readonly { font?: object; fontSize?: number; _ascender?: number }[]): number {
  let y = 0;
  for (const inline of inlines) y = Math.max(y, inline._ascender ?? (((inline.font as { ascender?: number } | undefined)?.ascender ?? 0) / 1000) * (inline.fontSize ?? 0));
  return y;
}

/** The fields and methods of a pdfmake `Line` the builder uses. */
export interface BreakLine {
  maxWidth: number;
  inlines: BreakInline[];
  newLineForced?: boolean;
  lastLineInParagraph?: boolean;
  addInline(inline: BreakInline): void;
  getAvailableWidth(): number;
  /** The line's height in pt: its tallest inline's. */
  getHeight(): number;
  hasEnoughSpaceForInline(inline: Pick<BreakInline, 'width' | 'trailingCut' | 'noNewLine'>, nextInlines?: BreakInline[]): boolean;
}

/** A pdfmake text node: its inlines (words) not laid out yet, in order. */
export interface TextNode {
  _inlines?: BreakInline[];
}

/** The grapheme clusters of an inline's text: UTF-16 start offsets ascending, advance of each in pt. */
export interface Clusters {
  readonly starts: ArrayLike<number>;
  readonly widths: ArrayLike<number>;
}

/** What the builder needs from pdfmake and the shaper. */
export interface LineBuilderHooks {
  /** A new empty pdfmake `Line` of this width. */
  newLine(maxWidth: number): BreakLine;
  /**
   * The clusters of `inline.text` as the RTL layer shapes it (one shaping of the whole text);
   * undefined for text the layer does not shape, which keeps pdfmake's splitting.
   */
  clusters(inline: BreakInline): Clusters | undefined;
}

/** Chains of glued inlines up to this long are summed as pdfmake sums them (same rounding). */
const SHORT_CHAIN = 64;

/** The inlines of one text node still to lay out. */
class InlineQueue {
  /**
   * Cached `[width, trailingCut]` of an inline together with the chain of glued inlines after it
   * (what pdfmake's `hasEnoughSpaceForInline` sums), for long chains only. The sum of an inline
   * depends on the inlines after it only, which do not change while it waits in the queue.
   */
  sums = new WeakMap<BreakInline, readonly [number, number]>();

  /**
   * @param view `node._inlines` as left by the last call: empty, unless pdfmake put inlines back
   *   at the front (its reflow after a column break in snaking columns)
   * @param rest the other inlines in reverse order: the next one last
   */
  constructor(
    readonly view: BreakInline[],
    readonly rest: BreakInline[],
  ) {}

  get length(): number {
    return this.view.length + this.rest.length;
  }

  /** The i-th inline from the front, or undefined. */
  at(i: number): BreakInline | undefined {
    return i < this.view.length ? this.view[i] : this.rest[this.rest.length - 1 - (i - this.view.length)];
  }

  shift(): BreakInline | undefined {
    return this.view.length > 0 ? this.view.shift() : this.rest.pop();
  }

  /** Puts `items` back at the front, in their order. */
  unshift(items: readonly BreakInline[]): void {
    if (this.view.length > 0) this.view.splice(0, 0, ...items);
    else for (let i = items.length - 1; i >= 0; i--) this.rest.push(items[i]!);
  }

  /** `[width, trailingCut]` of the front inline and the glued chain after it, from cached suffix sums. */
  chainSum(): readonly [number, number] {
    // find the end of the chain, or an inline whose sum is known
    let end = 0;
    let known: readonly [number, number] | undefined;
    for (;;) {
      const item = this.at(end)!;
      known = this.sums.get(item);
      if (known !== undefined) break;
      const next = this.at(end + 1);
      if (!item.noNewLine || next === undefined) break;
      end++;
    }
    let [width, cut] = known ?? [0, 0];
    for (let i = known ? end - 1 : end; i >= 0; i--) {
      const item = this.at(i)!;
      width += item.width;
      cut += item.trailingCut ?? 0;
      this.sums.set(item, [width, cut]);
    }
    return [width, cut];
  }
}

const queues = new WeakMap<TextNode, InlineQueue>();

/** The queue of a text node; taken over from `node._inlines` at the node's first line. */
function queueOf(node: TextNode): InlineQueue | undefined {
  const inlines = node._inlines;
  if (!inlines) return undefined;
  const known = queues.get(node);
  if (known && known.view === inlines) {
    // inlines put back by pdfmake: the cached chain sums may not hold for them
    if (inlines.length > 0) known.sums = new WeakMap();
    return known;
  }
  // a new node, or one measured again (pdfmake's second layout pass gives it new inlines)
  const queue = new InlineQueue([], inlines.slice().reverse());
  node._inlines = queue.view;
  queues.set(node, queue);
  return queue;
}

/** pdfmake's `Line.hasEnoughSpaceForInline` for the front inline and the glued chain after it. */
function fits(line: BreakLine, queue: InlineQueue): boolean {
  const first = queue.at(0)!;
  if (line.inlines.length === 0 || !first.noNewLine) return line.hasEnoughSpaceForInline(first, []);
  const next: BreakInline[] = [];
  for (let i = 1; i <= SHORT_CHAIN; i++) {
    const item = queue.at(i);
    if (item === undefined) break;
    next.push(item);
    if (!item.noNewLine) return line.hasEnoughSpaceForInline(first, next);
  }
  if (next.length < SHORT_CHAIN) return line.hasEnoughSpaceForInline(first, next);
  const [width, trailingCut] = queue.chainSum();
  return line.hasEnoughSpaceForInline({ width, trailingCut }, []);
}

/**
 * pdfmake's `LayoutBuilder.buildNextLine`: the next line of a text node, filled with inlines while
 * they fit (a glued chain of inlines goes whole or starts the next line), the first inline of a
 * line split when wider than the line.
 *
 * @param availableWidth the width of the column in pt
 * @returns the line, or null when the node has no inlines left
 */
export function buildNextLine(node: TextNode, availableWidth: number, hooks: LineBuilderHooks): BreakLine | null {
  const queue = queueOf(node);
  if (!queue || queue.length === 0) return null;
  const line = hooks.newLine(availableWidth);
  let isForceContinue = false;
  while (queue.length > 0 && (fits(line, queue) || isForceContinue)) {
    let isHardWrap = false;
    const inline = queue.shift()!;
    if (!inline.noWrap && inline.text.length > 1 && inline.width > line.getAvailableWidth()) {
      const clusters = hooks.clusters(inline);
      const rest = clusters ? splitOverlong(inline, clusters, line) : splitLikePdfmake(inline, line.getAvailableWidth());
      if (rest.length > 0) {
        queue.unshift(rest);
        isHardWrap = true;
      }
    }
    line.addInline(inline);
    isForceContinue = !!inline.noNewLine && !isHardWrap;
    if (inline._sahifaBreak) break;
  }
  line.lastLineInParagraph = queue.length === 0;
  return line;
}

/** pdfmake's `TextInlines.widthOfText`: the advance of `text` in the inline's font, size and letter spacing. */
function widthOfText(text: string, inline: BreakInline): number {
  return inline.font!.widthOfString(text, inline.fontSize!, inline.fontFeatures) + (inline.characterSpacing || 0) * (text.length - 1);
}

/** A shallow copy of an inline (its own properties). */
export function cloneInline(inline: BreakInline): BreakInline {
  return { ...inline };
}

/**
 * pdfmake's own split of an inline wider than `available`: the longest prefix (in UTF-16 units,
 * at least one) that fits stays, the rest becomes the next inline.
 *
 * @returns the inlines to put back in front of the queue (none when the whole inline fits)
 */
function splitLikePdfmake(inline: BreakInline, available: number): BreakInline[] {
  const text = inline.text;
  let low = 1;
  let high = text.length;
  let best = 1;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    if (widthOfText(text.substring(0, mid), inline) <= available) {
      best = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (best >= text.length) return [];
  const rest = cloneInline(inline);
  rest.text = text.substring(best);
  inline.text = text.substring(0, best);
  rest.width = widthOfText(rest.text, rest);
  inline.width = widthOfText(inline.text, inline);
  return [rest];
}

const TRAILING_SPACE = /\s+$/u;

function sum(values: ArrayLike<number>, from: number, to: number): number {
  let total = 0;
  for (let i = from; i < to; i++) total += values[i]!;
  return total;
}

/**
 * Cuts an inline wider than the room left on `line` into pieces that fit, at cluster boundaries
 * (CSS `overflow-wrap: anywhere`): the first fills the line, each other one a whole line. The
 * pieces come from the clusters' advances in the whole word, then each is measured alone (its
 * edge letters take other joining forms), shortened while wider than its line and lengthened while
 * a cluster more still fits, as pdfmake's and a browser's longest fitting piece. A piece keeps
 * at least one cluster. The logical leading space of the word stays on the first piece, its
 * trailing space, line end and tie to the next inline on the last.
 *
 * `inline` becomes the first piece.
 *
 * @returns the other pieces, in order (none when the inline fits once its trailing space hangs)
 */
export function splitOverlong(inline: BreakInline, clusters: Clusters, line: Pick<BreakLine, 'inlines' | 'maxWidth' | 'getAvailableWidth'>): BreakInline[] {
  const text = inline.text;
  const trailing = inline.trailingCut ? (TRAILING_SPACE.exec(text)?.[0].length ?? 0) : 0;
  const coreEnd = text.length - trailing;
  // the clusters before the trailing space; the first starts the text
  let count = 0;
  while (count < clusters.starts.length && clusters.starts[count]! < coreEnd) count++;
  if (count <= 1) return [];
  const startOf = (k: number): number => (k === 0 ? 0 : k < count ? clusters.starts[k]! : text.length);
  // the leading space of a line's first inline and the trailing space of its last take no room
  let limit = line.getAvailableWidth() + (line.inlines.length === 0 ? (inline.leadingCut ?? 0) : 0);
  const pieces: { start: number; end: number; width: number }[] = [];
  let k = 0;
  while (k < count) {
    let j = k + 1;
    let estimate = clusters.widths[k]!;
    while (j < count && estimate + clusters.widths[j]! <= limit) estimate += clusters.widths[j++]!;
    const free = (j: number): number => (j === count ? (inline.trailingCut ?? 0) : 0);
    let width = widthOfText(text.slice(startOf(k), startOf(j)), inline);
    // shaped alone the piece may come out wider (its edge letters take other forms): one cluster
    // less is usually enough; else the longest shorter one that fits (or one cluster)
    for (let tries = 0; tries < 2 && width - free(j) > limit && j - k > 1; tries++) {
      j--;
      width = widthOfText(text.slice(startOf(k), startOf(j)), inline);
    }
    if (width - free(j) > limit && j - k > 1) {
      let low = k + 1;
      let high = j - 1;
      let best = k + 1;
      let bestWidth: number | undefined;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const w = widthOfText(text.slice(startOf(k), startOf(mid)), inline);
        if (w <= limit) {
          best = mid;
          bestWidth = w;
          low = mid + 1;
        } else high = mid - 1;
      }
      j = best;
      width = bestWidth ?? widthOfText(text.slice(startOf(k), startOf(j)), inline);
    }
    // or narrower, by as much as another cluster: take it while it fits
    for (let tries = 0; tries < 2 && j < count && width - free(j) <= limit; tries++) {
      const estimateHere = sum(clusters.widths, k, j);
      if (width + clusters.widths[j]! > limit + Math.max(0, estimateHere - width)) break;
      const longer = widthOfText(text.slice(startOf(k), startOf(j + 1)), inline);
      if (longer - free(j + 1) > limit) break;
      j++;
      width = longer;
    }
    pieces.push({ start: startOf(k), end: startOf(j), width });
    k = j;
    limit = line.maxWidth;
  }
  if (pieces.length === 1) return [];
  const rest = pieces.slice(1).map((piece, i, all) => {
    const copy = cloneInline(inline);
    copy.text = text.slice(piece.start, piece.end);
    copy.width = piece.width;
    copy.leadingCut = 0;
    if (i < all.length - 1) endsLine(copy);
    return copy;
  });
  inline.text = text.slice(pieces[0]!.start, pieces[0]!.end);
  inline.width = pieces[0]!.width;
  endsLine(inline);
  return rest;
}

/** Makes a piece of a cut word end its line, without the word's trailing space or ties. */
function endsLine(piece: BreakInline): void {
  piece.trailingCut = 0;
  piece.noNewLine = false;
  piece.lineEnd = false;
  piece._sahifaBreak = true;
}
