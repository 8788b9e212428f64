/**
 * Hook 11's logic (wired by `install.ts`): text inside a figure's SVG, which pdfmake draws through
 * svg-to-pdfkit, goes through sahifa's own layer as body text does. Each `<text>` string is split
 * into runs by UAX #9 (`layout/bidi/reorder.ts`), each run shaped by HarfBuzz in its direction (the
 * run marker makes the patched font's `layout` shape it, `font-layout.ts`), and the runs are put
 * in visual order; the glyphs keep their characters (ToUnicode), so the labels are real text that
 * extracts in reading order. svg-to-pdfkit alone shapes with fontkit and sets a mixed string in
 * one direction. Fonts are the template's: any SVG font family falls back to the caption role's
 * font (pdfmake's `fontCallback`), opened here from pdfmake's virtual file system. No pdfmake
 * imports.
 *
 * Marks (harakat, shadda): svg-to-pdfkit skips a glyph whose advance width is zero and, for the
 * glyphs it writes in one `TJ`, ignores HarfBuzz's x and y offsets. So every encoded glyph of zero
 * advance width is given {@link MARK_WIDTH} (it is drawn; the kerning it implies is off by 10⁻⁶
 * em), and `svg.ts` gives the SVG a `letter-spacing` of {@link SVG_LETTER_SPACING}, which makes
 * svg-to-pdfkit place each glyph with its own text matrix, offsets included. Each cluster of a
 * base and its marks is drawn inside a `/Span << /ActualText >>` of its text
 * ({@link actualTextContent}), as body text's are: readers would otherwise break the word at the
 * mark ("عم ّان").
 */
import { visualLine, visualOrder } from '../layout/bidi/reorder.js';
import { runFeatures } from '../protocol.js';
import { utf16be } from './glyph-writer.js';

/** A string encoded by bidi runs, per glyph in drawing order: direction, cluster (index in the string) and the cluster's text when it has several glyphs. */
interface Bidi {
  hex: string[];
  positions: object[];
  rtl: boolean[];
  cluster: number[];
  actual: (string | undefined)[];
}

/** pdfkit's `font.encode(text, features)`: glyph ids as hex strings and their positions. */
export type Encoded = [string[], object[]];
/** The pdfkit font svg-to-pdfkit encodes its text with. */
export interface SvgFont {
  encode(text: string, features?: unknown): Encoded;
  /** The font's layout (hook 2's for marked runs): its glyphs' clusters and the clusters' text. */
  layout?(text: string, features?: unknown): { glyphs: { cluster?: number }[]; actualText?: (string | undefined)[] };
}
/** The parts of pdfmake's document the font hook reads. */
export interface VirtualDoc {
  virtualfs?: { existsSync(p: string): boolean; readFileSync(p: string): Buffer } | null;
  _font?: SvgFont;
}

/** Advance width (1/1000 em) given to a zero-width glyph so that svg-to-pdfkit draws it. */
export const MARK_WIDTH = 1e-3;
/** `letter-spacing` (user units) that makes svg-to-pdfkit position every glyph on its own. */
export const SVG_LETTER_SPACING = '0.0001';

/**
 * The SVG being drawn (`undefined` outside pdfmake's `renderSVG`): its language, and the logical
 * clusters of each string with marks encoded so far, keyed by its glyph ids (hex) in drawing order.
 */
let drawing: { lang: string; actual: Map<string, Cluster[]> } | undefined;

/** Runs `draw` (pdfmake's `renderSVG` of one figure) with its language known to the hooks. */
export function drawingSvg(lang: string | undefined, draw: () => void): void {
  drawing = { lang: lang ?? '', actual: new Map() };
  try {
    draw();
  } finally {
    drawing = undefined;
  }
}

/**
 * The bytes of the font file svg-to-pdfkit asks for while an SVG is drawn (`doc.font(path)` with
 * the path pdfmake's `fontCallback` gave, a file of its virtual file system), else `undefined`.
 */
export function svgFontFile(doc: VirtualDoc, src: unknown, rest: readonly unknown[]): Buffer | undefined {
  if (!drawing || typeof src !== 'string' || rest.length > 0 || !doc.virtualfs?.existsSync(src)) return undefined;
  return doc.virtualfs.readFileSync(src);
}

/** The parts of pdfkit's document {@link svgFont} reads and sets (see pdfkit's `font()`). */
export interface FontSwitchingDoc {
  _font?: unknown;
  _fontSource?: unknown;
  _fontFamily?: unknown;
  _fontCount: number;
}

/** Per document: the font an SVG font file was opened as, by its virtual path. */
const svgFonts = new WeakMap<object, Map<string, unknown>>();

/**
 * pdfkit's `doc.font(bytes)` for an SVG's font file (`path` in pdfmake's virtual file system),
 * opened once per document. pdfkit keys no cache on bytes: it parsed the whole font file again
 * for every `<text>` of every SVG (half the time of drawing a chart in the PDF), then kept the
 * font it had already registered under that PostScript name. Here a later call takes that font
 * back and does what pdfkit's call would have done to the document, id counter included, so the
 * PDF is byte for byte the same.
 *
 * @param open pdfkit's own `font` method
 */
export function svgFont<D extends FontSwitchingDoc>(doc: D, open: (this: D, src: unknown) => unknown, path: string, bytes: Buffer): unknown {
  let fonts = svgFonts.get(doc);
  if (!fonts) svgFonts.set(doc, (fonts = new Map()));
  const known = fonts.get(path);
  if (known === undefined) {
    const out = open.call(doc, bytes);
    fonts.set(path, doc._font);
    return out;
  }
  doc._fontSource = bytes;
  doc._fontFamily = undefined;
  doc._fontCount++; // pdfkit numbers every font it opens, the ones it then drops too
  doc._font = known;
  return doc;
}

/**
 * `font.encode` for SVG text: unmarked text drawn inside an SVG is encoded by bidi runs
 * ({@link encodeBidi}), zero-width glyphs given {@link MARK_WIDTH}, and each cluster of a base
 * and its marks recorded for an `/ActualText` span; anything else is left to `encode`.
 */
export function svgEncode(encode: SvgFont['encode'], font: SvgFont, text: string, features: unknown): Encoded {
  if (!drawing || features !== undefined) return encode.call(font, text, features);
  const { hex, positions, rtl, cluster, actual } = encodeBidi(encode, font, text, drawing.lang);
  const zero = positions.map((p) => (p as { advanceWidth?: number }).advanceWidth === 0);
  const clusters: Cluster[] = [];
  for (let i = 0; i < hex.length; i++) {
    if (actual[i] === undefined) continue;
    let j = i;
    while (j + 1 < hex.length && actual[j + 1] !== undefined && cluster[j + 1] === cluster[i]) j++;
    const glyphs = [...hex.keys()].slice(i, j + 1);
    const base = (rtl[i] ? glyphs.reverse() : glyphs).find((g) => !zero[g]) ?? i;
    // poppler lays a span's ActualText out in the line's visual order, as it does glyphs
    const spanText = rtl[i] ? [...actual[i]!].reverse().join('') : actual[i]!;
    clusters.push({ first: i, last: j, base, text: spanText });
    i = j;
  }
  if (clusters.length) drawing.actual.set(hex.join(''), clusters);
  return [hex, positions.map((p, i) => (zero[i] ? { ...p, advanceWidth: MARK_WIDTH } : p))];
}

/** Glyphs `first`…`last` (indices in drawing order) of one string: a base and its marks, and their text. */
interface Cluster {
  first: number;
  last: number;
  /** The base glyph's index. */
  base: number;
  text: string;
}

/**
 * pdfkit's `addContent` while an SVG is drawn: in a text object (`BT` … `ET`, one string of a
 * `<text>`, each glyph its own `… Tm` and `[<id> k] TJ`) of a string with marks, each cluster of
 * a base and its marks is written inside `/Span <</ActualText <its text>>> BDC` … `EMC`, as body
 * text's clusters are; anything else passes through.
 */
export function actualTextContent<T>(addContent: (this: T, data: string) => T): (this: T, data: string) => T {
  let held: string[] | undefined;
  return function (this: T, data: string): T {
    if (!drawing?.actual.size) return addContent.call(this, data);
    if (data === 'BT') held = [];
    if (!held) return addContent.call(this, data);
    held.push(data);
    if (data !== 'ET') return this;
    const ops = held;
    held = undefined;
    const tj = ops.flatMap((op, i) => (/^\[<[0-9a-f]+>[^\]]*\] TJ$/i.test(op) ? [i] : []));
    const clusters = drawing.actual.get(tj.map((i) => /<([0-9a-f]+)>/i.exec(ops[i]!)![1]).join('')) ?? [];
    // each glyph's ops (its `Tm`, if any, and its `TJ`). Readers (poppler) take a span's extent
    // from the first glyph's origin to the last glyph's end: a cluster's span starts with its base
    // written invisibly (text rendering mode 3), then its glyphs in order, base last for RTL.
    const start = (g: number): number => (tj[g]! > 0 && ops[tj[g]! - 1]!.endsWith(' Tm') ? tj[g]! - 1 : tj[g]!);
    const glyphOps = (g: number): string[] => ops.slice(start(g), tj[g]! + 1);
    const mode = ops.find((op) => / Tr$/.test(op)) ?? '0 Tr';
    const out: string[] = [];
    let at = 0;
    for (const c of clusters) {
      out.push(...ops.slice(at, start(c.first)), `/Span <</ActualText <${utf16be(c.text)}>>> BDC`, '3 Tr', ...glyphOps(c.base), mode);
      for (let g = c.first; g <= c.last; g++) out.push(...glyphOps(g));
      out.push('EMC');
      at = tj[c.last]! + 1;
    }
    out.push(...ops.slice(at));
    for (const op of out) addContent.call(this, op);
    return this;
  };
}

/** `text` as runs of one bidi level, each shaped in its direction, in visual order; `rtl` per glyph. */
function encodeBidi(encode: SvgFont['encode'], font: SvgFont, text: string, lang: string): Bidi {
  if (!/[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/.test(text)) {
    const [hex, positions] = encode.call(font, text);
    return { hex, positions, rtl: hex.map(() => false), cluster: hex.map((_, i) => i), actual: [] };
  }
  const line = visualLine(text, 'auto');
  const runs: { start: number; end: number; level: number }[] = [];
  line.levels.forEach((level, i) => {
    if (level === null) return;
    const last = runs.at(-1);
    if (last && last.level === level && last.end === i) last.end = i + 1;
    else runs.push({ start: i, end: i + 1, level });
  });
  const hex: string[] = [];
  const positions: object[] = [];
  const rtl: boolean[] = [];
  const cluster: number[] = [];
  const actual: (string | undefined)[] = [];
  for (const k of visualOrder(runs.map((r) => r.level))) {
    const run = runs[k]!;
    const features = runFeatures({ dir: run.level % 2 ? 'rtl' : 'ltr', lang });
    const [h, p] = encode.call(font, text.slice(run.start, run.end), features);
    // the same layout `encode` drew from (the font's, patched by hook 2), for its clusters
    const laid = font.layout?.(text.slice(run.start, run.end), features);
    hex.push(...h);
    positions.push(...p);
    rtl.push(...h.map(() => run.level % 2 === 1));
    cluster.push(...h.map((_, i) => run.start + (laid?.glyphs[i]?.cluster ?? i)));
    actual.push(...h.map((_, i) => laid?.actualText?.[i]));
  }
  return { hex, positions, rtl, cluster, actual };
}
