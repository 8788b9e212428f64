/**
 * Stage "shape" of the PDF RTL layer: a paragraph's words are shaped as browsers and Typst shape
 * them, by runs, not one word at a time.
 *
 * pdfmake cuts a paragraph into words before measuring them. Shaping each word alone loses
 * everything that crosses its edges: joining where the style changes inside a word (`**ك**تب`
 * drew an isolated ك), kerning across a space (Amiri kerns ة + space + ك), and the script of
 * neutral characters (the period of "in 2024." came out Arabic). Here every row of consecutive
 * words with the same font, size and run properties (direction, language, slant) is one shaping
 * run; it is split into UAX #24 script runs ({@link resolveScripts}) and each is shaped whole by
 * HarfBuzz, spaces included, with the rest of the paragraph as pre- and post-context (so joining
 * sees the letters in the neighbouring runs). Each word then takes the glyphs of its own clusters:
 * its width is their advances, and pdfkit later draws exactly those glyphs.
 *
 * A word's shape travels to the drawing through its `fontFeatures` array: each word gets an array
 * of its own (pdfmake hands `inline.fontFeatures` to pdfkit as `options.features`), mapped here to
 * the shape ({@link fontLayout}). Text that differs from the shaped word (a word cut at a line end,
 * tatweel inserted by kashida justification, a page number filled in) is shaped anew with the
 * word's neighbours as context. No pdfmake imports.
 */
import { toLayout, type Layout } from './glyph-layout.js';
import { parseRunFeatures, type RunProperties } from '../protocol.js';
import { languageScript, resolveScripts, scriptRuns } from './script-runs.js';
import { shapeRun, unitsPerEmOf, type ShapedGlyph } from '../../../text/shaping.js';

/** The parts of a pdfkit font (`EmbeddedFont`) this stage reads: its file's bytes. */
export interface ShapingFont {
  font: { stream: { buffer: Uint8Array } };
}

/** A word as pdfmake's `measure` leaves it, before its width is set; widths in pt. */
export interface WordInline {
  text: string;
  font?: unknown;
  fontSize?: number;
  fontFeatures?: unknown;
  characterSpacing?: unknown;
  width?: number;
  leadingCut?: number;
  trailingCut?: number;
  /** The bidi isolate the word is in (`paragraph.ts`), if any. */
  _isolate?: number;
  /** A named destination to set where the word is drawn (`paragraph.ts`). */
  _anchor?: string;
}

/** What {@link shapeWords} needs to know of a word beyond the inline itself. */
export interface WordOptions {
  /** pdfmake's `preserveLeadingSpaces` / `preserveTrailingSpaces`: the cut stays 0. */
  readonly preserveLeading: boolean;
  readonly preserveTrailing: boolean;
}

/** A shaped word: its text, layout and the context it was shaped in. */
interface WordShape {
  readonly text: string;
  readonly layout: Layout;
  readonly run: RunProperties & { key: string };
  readonly script: string;
  /** Up to {@link CONTEXT} UTF-16 units of the paragraph before and after the word. */
  readonly pre: string;
  readonly post: string;
}

/** HarfBuzz reads at most 5 characters of context on either side (HB_BUFFER_CONTEXT_LENGTH). */
const CONTEXT = 8;
const wordShapes = new WeakMap<object, WordShape>();
const anchors = new WeakMap<object, string>();

/** The named destination to set where the word with these features is drawn, if any. */
export function anchorOf(features: unknown): string | undefined {
  return typeof features === 'object' && features !== null ? anchors.get(features) : undefined;
}

/** The words of one row: each word's layout and the script it was shaped in, in logical order. */
interface RowShape {
  readonly layouts: readonly Layout[];
  readonly scripts: readonly string[];
}
/** Layouts of one font file: key → a word's layout (its variants by glyphs) or a row's; `laidOut` counts the entries. */
type ShapeCache = Map<string, Layout | Layout[] | RowShape> & { laidOut: number };
/**
 * Shaping results by font file bytes, shared by every document of the process (`watch`, a batch's
 * worker threads): after a one-word edit only the edited paragraph is shaped again. A result
 * depends only on the font, the run's properties, the script and the text with its context.
 */
const caches = new WeakMap<object, ShapeCache>();
/** Entries kept per font before its cache starts again from empty (a long `watch` session). */
const MAX_CACHED = 50_000;
/** Texts longer than this (UTF-16 units) are shaped anew when asked for, not cached. */
const CACHED_TEXT = 4096;

function cacheOf(bytes: Uint8Array): ShapeCache {
  let cache = caches.get(bytes);
  if (!cache) caches.set(bytes, (cache = Object.assign(new Map<string, Layout | Layout[] | RowShape>(), { laidOut: 0 })));
  if (cache.laidOut > MAX_CACHED) {
    cache.clear();
    cache.laidOut = 0;
  }
  return cache;
}

function remember<T extends Layout | Layout[] | RowShape>(cache: ShapeCache, key: string, value: T): T {
  cache.set(key, value);
  cache.laidOut++;
  return value;
}

const LEADING = /^\s+/;
const TRAILING = /\s+$/;

/**
 * Shapes the words of one paragraph (pdfmake's inlines of one text node, in logical order) that
 * carry a run marker ({@link parseRunFeatures}), and sets their `width`, `leadingCut` and
 * `trailingCut` (pt, as pdfmake's `measure` would: the advance of the word, of its leading and of
 * its trailing white space, with letter spacing) and a `fontFeatures` array of their own.
 *
 * @param words every inline of the paragraph, measured for style and font (their text is the context)
 * @param options per inline, `undefined` for the inlines left to pdfmake (no run marker)
 */
export function shapeWords(words: readonly WordInline[], options: readonly (WordOptions | undefined)[]): void {
  const starts: number[] = new Array(words.length + 1);
  let text = '';
  for (let i = 0; i < words.length; i++) {
    starts[i] = text.length;
    text += words[i]!.text;
  }
  starts[words.length] = text.length;
  // the paragraph's scripts, by the language of its first shaped row; resolved only when a row is
  // not in the cache (a repeated paragraph, a rebuild in `watch`, needs none)
  let scripts: string[] | undefined;
  let scriptLang: string | undefined;
  const scriptsOf = (): readonly string[] => (scripts ??= resolveScripts(text, languageScript(scriptLang ?? '')));
  // Context stops at an isolate's edges, as in a browser (whose text holds the LRI…PDI controls,
  // which join with nothing): a word sees the text of its own isolate (or of none), the rest
  // masked by PDI, one UTF-16 unit for one, so offsets stay those of `text`.
  const masked = new Map<number, string>();
  const hasIsolates = words.some((w) => w._isolate !== undefined);
  const contextFor = (isolate: number | undefined): string => {
    if (!hasIsolates) return text;
    const id = isolate ?? 0;
    let t = masked.get(id);
    if (t === undefined) {
      t = words.map((w) => ((w._isolate ?? 0) === id ? w.text : '\u2069'.repeat(w.text.length))).join('');
      masked.set(id, t);
    }
    return t;
  };
  for (let i = 0; i < words.length; ) {
    const first = words[i]!;
    const run = options[i] ? parseRunFeatures(first.fontFeatures) : undefined;
    const font = first.font as ShapingFont | undefined;
    let j = i + 1;
    if (run && font?.font?.stream?.buffer) {
      while (j < words.length && options[j] && words[j]!.font === first.font && words[j]!.fontSize === first.fontSize && parseRunFeatures(words[j]!.fontFeatures)?.key === run.key && words[j]!._isolate === first._isolate) j++;
      scriptLang ??= run.lang;
      shapeRow(words, starts, i, j, contextFor(first._isolate), scriptsOf, run, font.font.stream.buffer, options);
    }
    i = j;
  }
}

/** Shapes words `[from, to)` (one font, size and run: the structure tags of its words may differ) and sets what {@link shapeWords} promises. */
function shapeRow(words: readonly WordInline[], starts: readonly number[], from: number, to: number, text: string, scripts: () => readonly string[], run: RunProperties & { key: string }, bytes: Uint8Array, options: readonly (WordOptions | undefined)[]): void {
  const cache = cacheOf(bytes);
  // a row seen before (a repeated paragraph, a rebuild in `watch`) takes its words' layouts back
  let rowKey = `R${run.key}\u0000${text}`;
  for (let w = from; w <= to; w++) rowKey += `\u0000${starts[w]}`;
  const cacheRow = text.length <= CACHED_TEXT;
  let row = cacheRow ? (cache.get(rowKey) as RowShape | undefined) : undefined;
  if (!row) {
    row = shapeRowAnew(cache, starts, from, to, text, scripts(), run, bytes);
    if (cacheRow) remember(cache, rowKey, row);
  }
  for (let w = from; w < to; w++) {
    const word = words[w]!;
    const start = starts[w]!;
    const end = starts[w + 1]!;
    const layout = row.layouts[w - from]!;
    // the word's marker with its own structure tag (tagging/structure.ts: a link's words are a Link,
    // the rest of the row its block), a fresh array per word
    const own = parseRunFeatures(word.fontFeatures) ?? run;
    const features = [own.tag === undefined ? own.key : `${own.key}|${own.tag}`];
    wordShapes.set(features, { text: word.text, layout, run: own, script: row.scripts[w - from]!, pre: text.slice(Math.max(0, start - CONTEXT), start), post: text.slice(end, end + CONTEXT) });
    word.fontFeatures = features;
    if (typeof word._anchor === 'string') anchors.set(features, word._anchor);
    const k = (word.fontSize ?? 0) / 1000;
    const spacing = typeof word.characterSpacing === 'number' ? word.characterSpacing : 0;
    const widthOf = (lo: number, hi: number): number => advanceOf(layout, lo, hi) * k + spacing * (hi - lo - 1);
    word.width = layout.advanceWidth * k + spacing * (word.text.length - 1);
    const opts = options[w]!;
    word.leadingCut ??= 0;
    if (!opts.preserveLeading) {
      const lead = LEADING.exec(word.text);
      if (lead) word.leadingCut += widthOf(0, lead[0].length);
    }
    word.trailingCut = 0;
    if (!opts.preserveTrailing) {
      const trail = TRAILING.exec(word.text);
      if (trail && trail.index > 0) word.trailingCut = widthOf(trail.index, word.text.length);
      else if (trail) word.trailingCut = word.width;
    }
  }
}

/** Sum of the x advances (1000 units per em) of the glyphs of `layout` whose cluster is in `[lo, hi)`. */
function advanceOf(layout: Layout, lo: number, hi: number): number {
  const { glyphs, positions } = layout;
  let adv = 0;
  for (let i = 0; i < glyphs.length; i++) {
    const c = glyphs[i]!.cluster;
    if (c >= lo && c < hi) adv += positions[i]!.xAdvance;
  }
  return adv;
}

/** The layouts and scripts of words `[from, to)` of a row, shaped as one run per script run. */
function shapeRowAnew(cache: ShapeCache, starts: readonly number[], from: number, to: number, text: string, scripts: readonly string[], run: RunProperties & { key: string }, bytes: Uint8Array): RowShape {
  const rtl = run.dir === 'rtl';
  // glyphs of each word, in visual order
  const pieces: ShapedGlyph[][] = [];
  for (let w = from; w < to; w++) pieces.push([]);
  const wordScript: string[] = new Array(to - from).fill('');
  const unitsPerEm = unitsPerEmOf(bytes);
  for (const sr of scriptRuns(scripts, starts[from]!, starts[to]!)) {
    // HarfBuzz reads 5 characters of context at most: pass a window, not the whole paragraph
    const at = Math.max(0, sr.start - CONTEXT);
    const glyphs = shapeRun(bytes, text.slice(at, sr.end + CONTEXT), run.dir, run.lang || undefined, { start: sr.start - at, end: sr.end - at, script: sr.script }, at).glyphs;
    // the run's glyphs by word: clusters fall in one word each (words are cut at spaces, never
    // inside a cluster); within a word they keep HarfBuzz's visual order
    const runPieces: ShapedGlyph[][] = [];
    for (const g of glyphs) {
      const w = wordAt(starts, from, to, g.cluster);
      (runPieces[w - from] ??= []).push(g);
      if (!wordScript[w - from]) wordScript[w - from] = sr.script;
    }
    // a word in several script runs: the runs' pieces in visual order (RTL: the later run left)
    runPieces.forEach((p, k) => {
      if (p) pieces[k] = rtl ? [...p, ...pieces[k]!] : [...pieces[k]!, ...p];
    });
  }
  const layouts: Layout[] = [];
  for (let w = from; w < to; w++) layouts.push(wordLayout(cache, text, starts[w]!, starts[w + 1]!, pieces[w - from]!, run.dir, unitsPerEm));
  return { layouts, scripts: wordScript };
}

/**
 * {@link toLayout} of one word, shared by every occurrence of the word with the same glyphs: a
 * layout depends only on the word's text, its glyphs (ids, clusters from the word's start,
 * positions) and the direction, so a long brief keeps one copy per distinct word, not per word.
 */
function wordLayout(cache: ShapeCache, text: string, start: number, end: number, glyphs: readonly ShapedGlyph[], dir: 'ltr' | 'rtl', unitsPerEm: number): Layout {
  if (end - start > CACHED_TEXT) return toLayout(text, start, end, glyphs, dir, unitsPerEm);
  const key = `L${dir}\u0000${text.slice(start, end)}`;
  let known = cache.get(key) as Layout[] | undefined;
  const scale = 1000 / unitsPerEm;
  const same = (l: Layout): boolean =>
    l.glyphs.length === glyphs.length &&
    glyphs.every((g, i) => {
      const p = l.positions[i]!;
      return l.glyphs[i]!.id === g.id && l.glyphs[i]!.cluster === g.cluster - start && p.xAdvance === g.xAdvance * scale && p.yAdvance === g.yAdvance * scale && p.xOffset === g.xOffset * scale && p.yOffset === g.yOffset * scale;
    });
  const found = known?.find(same);
  if (found) return found;
  const layout = toLayout(text, start, end, glyphs, dir, unitsPerEm);
  if (!known) remember(cache, key, (known = []));
  known.push(layout);
  return layout;
}

/** Index of the word whose UTF-16 range holds `offset` (binary search over `starts`). */
function wordAt(starts: readonly number[], from: number, to: number, offset: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * pdfkit's `font.layout(text, features)` for text the RTL layer shapes: the word's own layout when
 * `text` is the shaped word, else `text` shaped with the word's neighbours as context (a piece of
 * a word cut at the line end, a word with tatweel inserted, a page number); undefined when
 * `features` is not a word's ({@link shapeWords}).
 *
 * @param font the pdfkit font the text is drawn in (its bytes are shaped)
 */
export function fontLayout(font: ShapingFont, text: string, features: unknown): Layout | undefined {
  const shape = typeof features === 'object' && features !== null ? wordShapes.get(features) : undefined;
  if (!shape) return undefined;
  if (text === shape.text) return shape.layout;
  return contextLayout(font.font.stream.buffer, text, shape.run, shape.script, shape.pre, shape.post);
}

/**
 * `text` shaped as one run with `pre` and `post` as HarfBuzz context; cached per font.
 *
 * @param script the script to shape with (`''`: HarfBuzz guesses it)
 */
export function contextLayout(bytes: Uint8Array, text: string, run: RunProperties & { key: string }, script: string, pre = '', post = ''): Layout {
  const cache = cacheOf(bytes);
  const key = `${run.key}\u0000${script}\u0001${pre}\u0001${text}\u0001${post}`;
  const hit = cache.get(key) as Layout | undefined;
  if (hit) return hit;
  const whole = pre + text + post;
  const item = { start: pre.length, end: pre.length + text.length, ...(script ? { script } : {}) };
  const shaped = shapeRun(bytes, whole, run.dir, run.lang || undefined, item);
  const layout = toLayout(whole, item.start, item.end, shaped.glyphs, run.dir, shaped.unitsPerEm);
  return text.length <= CACHED_TEXT ? remember(cache, key, layout) : layout;
}

/**
 * Script of a text without context (UAX #24 over the text alone, else its language's script): for
 * runs that were not shaped as part of a paragraph, such as a list number.
 */
export function scriptOfText(text: string, lang = ''): string {
  return resolveScripts(text, languageScript(lang)).find((s) => s !== '') ?? '';
}
