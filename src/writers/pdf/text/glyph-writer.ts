/**
 * A marked run's glyphs written into the page's content stream (the `PDFDocument._fragment` hook
 * of `install.ts`: pdfkit draws one text piece). The HarfBuzz glyphs are written as they were laid
 * out; every cluster of several glyphs (a letter with its harakat) is wrapped in a
 * `/Span << /ActualText >>` marked-content sequence, as Chromium does, so text extraction does not
 * scatter the marks; a ligature glyph standing for several letters in an RTL run gets its
 * ToUnicode entry in visual order, because extractors reverse RTL words glyph by glyph.
 */
import { parseRunFeatures } from '../protocol.js';
import type { PdfkitFont } from './font-layout.js';
import type { LaidGlyph, Position } from './glyph-layout.js';
import { anchorOf } from './word-shaping.js';

/** The options pdfkit's `_fragment` gets from pdfmake (pdfkit's text options). */
export interface FragmentOptions {
  features?: unknown;
  textWidth?: number;
  characterSpacing?: number;
  link?: unknown;
  goTo?: unknown;
  destination?: unknown;
}
/** The parts of a pdfkit document {@link writeGlyphs} draws with. */
export interface PdfkitDoc {
  _font: PdfkitFont;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  link(x: number, y: number, w: number, h: number, url: unknown): void;
  goTo(x: number, y: number, w: number, h: number, name: unknown): void;
  addNamedDestination(name: unknown, type: string, x: number, y: number, z: null): void;
  currentLineHeight(): number;
  addContent(s: string): void;
  /** Named destinations this layer set in the document. */
  _sahifaAnchors?: Set<string>;
}

/**
 * The operators around a cluster's glyphs that carry its `/ActualText`: by default a
 * `/Span <</ActualText …>> BDC … EMC` sequence; the tagging hooks give their own, where the span
 * must be a marked-content sequence of the structure element (`tagging/marked-content.ts`).
 */
export interface ActualTextSpans {
  /** Operators opening a span whose text is `actual` (hex UTF-16BE with BOM, without brackets). */
  open(actual: string): string;
  /** Operators closing it. */
  close(): string;
  /** Whether `open` and `close` end the text object and begin a new one (the text matrix is then set again). */
  readonly restartText?: boolean;
}

const plainSpans: ActualTextSpans = { open: (actual) => `/Span <</ActualText <${actual}>>> BDC`, close: () => 'EMC' };

const num = (n: number): string => String(Math.round(n * 1e4) / 1e4);
/** A number as pdfkit writes it in content streams (PDFObject.number: rounded to 1e-6). */
const pdfkitNumber = (n: number): number => Math.round(n * 1e6) / 1e6;
const hex4 = (n: number): string => n.toString(16).padStart(4, '0');
/** A PDF text string's bytes in hex: UTF-16BE with its byte order mark. */
export const utf16be = (s: string): string => 'feff' + [...s].map((c) => {
  const cp = c.codePointAt(0)!;
  if (cp <= 0xffff) return hex4(cp);
  const v = cp - 0x10000;
  return hex4(0xd800 | (v >> 10)) + hex4(0xdc00 | (v & 0x3ff));
}).join('');

/**
 * Draws one marked run with its HarfBuzz glyphs: what pdfkit's `_fragment` does for the options
 * pdfmake passes (link, goTo, destination, characterSpacing; pdfmake draws decorations itself),
 * plus `/ActualText` spans around multi-glyph clusters.
 */
export function writeGlyphs(doc: PdfkitDoc, rawText: string, x: number, y: number, options: FragmentOptions, spans: ActualTextSpans = plainSpans): void {
  const text = rawText.replace(/\n/g, '');
  if (!text) return;
  const font = doc._font;
  const size = doc._fontSize;
  const characterSpacing = options.characterSpacing ?? 0;
  const width = (options.textWidth ?? 0) + characterSpacing * (text.length - 1);
  if (options.link != null) doc.link(x, y, width, doc.currentLineHeight(), options.link);
  if (options.goTo != null) doc.goTo(x, y, width, doc.currentLineHeight(), options.goTo);
  if (options.destination != null) doc.addNamedDestination(options.destination, 'XYZ', x, y, null);
  // a footnote mark's or note's own destination (word-shaping.ts), set once per document
  const anchor = anchorOf(options.features);
  if (anchor !== undefined) {
    const set = (doc._sahifaAnchors ??= new Set());
    if (!set.has(anchor)) {
      set.add(anchor);
      doc.addNamedDestination(anchor, 'XYZ', x, y, null);
    }
  }
  // the run's own features (a marked run: see runFeatures), which the font's layout reads
  const { glyphs, positions, actualText } = font.layout(text, options.features);
  // The run's operators are collected and written as one piece: pdfkit turns every addContent
  // into a Buffer of its own (and concatenates them all when the page ends). The bytes are those
  // of doc.save(), doc.transform(1, 0, 0, -1, 0, page height), one addContent per operator and
  // doc.restore() (each ends with a newline); save and restore leave the CTM as it was.
  const ops: string[] = ['q', `1 0 0 -1 0 ${pdfkitNumber(doc.page.height)} cm`];
  const baseline = doc.page.height - y - (font.ascender / 1000) * size;
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
  ops.push('BT', `/${font.id} ${num(size)} Tf`);
  if (characterSpacing) ops.push(`${num(characterSpacing)} Tc`);
  const k = size / 1000;
  const skew = parseRunFeatures(options.features)?.slant && !isItalicFace(font) ? SYNTHETIC_SLANT : 0;
  let pen = x;
  let open: number | undefined; // cluster of the open ActualText span
  // Glyphs at their natural advance share one TJ (kerning as TJ adjustments, in 1/1000 em);
  // a glyph with an offset (a positioned mark) gets its own text matrix.
  let tj: string[] = [];
  let needMatrix = true;
  const flush = (): void => {
    if (tj.length) ops.push(`[${tj.join(' ')}] TJ`);
    tj = [];
  };
  for (let i = 0; i < glyphs.length; i++) {
    const g = glyphs[i]!;
    const p = positions[i]!;
    const actual = actualText[i];
    if (open !== undefined && (actual === undefined || g.cluster !== open)) {
      flush();
      ops.push(spans.close());
      open = undefined;
      if (spans.restartText) needMatrix = true;
    }
    if (actual !== undefined && open === undefined) {
      flush();
      ops.push(spans.open(utf16be(actual)));
      if (spans.restartText) needMatrix = true;
      open = g.cluster;
    }
    const drawn = drawnGlyph(font, g, p);
    if (drawn?.invisible) {
      // written for text extraction only, in text rendering mode 3 (neither filled nor stroked)
      flush();
      const gid = font.subset.includeGlyph(drawn.id);
      font.widths[gid] ??= 0;
      font.unicode[gid] ??= g.codePoints;
      ops.push('3 Tr', `1 0 ${skew} 1 ${num(pen)} ${num(baseline)} Tm <${hex4(gid)}> Tj`, '0 Tr');
      needMatrix = true;
      pen += p.xAdvance * k + characterSpacing;
      continue;
    }
    if (drawn === undefined) {
      // an ignorable the font has no glyph of its own for: nothing to draw, no advance; the
      // character spacing pdfmake counted for it is kept
      if (characterSpacing) tj.push(num((-characterSpacing * 1000) / size));
      pen += characterSpacing;
      continue;
    }
    const gid = font.subset.includeGlyph(drawn.id);
    font.widths[gid] ??= drawn.advanceWidth * font.scale;
    const ranks = (font._sahifaRank ??= []);
    if (font.unicode[gid] === undefined || (ranks[gid] ?? 2) < g.rank) {
      font.unicode[gid] = g.codePoints;
      ranks[gid] = g.rank;
    }
    if (p.xOffset || p.yOffset) {
      flush();
      // slanted: a raised mark moves right with the slant, about the baseline
      ops.push(`1 0 ${skew} 1 ${num(pen + p.xOffset * k + skew * p.yOffset * k)} ${num(baseline + p.yOffset * k)} Tm <${hex4(gid)}> Tj`);
      needMatrix = true;
    } else {
      if (needMatrix) {
        flush();
        ops.push(`1 0 ${skew} 1 ${num(pen)} ${num(baseline)} Tm`);
        needMatrix = false;
      }
      tj.push(`<${hex4(gid)}>`);
      const adjust = p.xAdvance - drawn.advanceWidth * font.scale;
      if (Math.abs(adjust) > 1e-6) tj.push(num(-adjust));
    }
    pen += p.xAdvance * k + characterSpacing;
  }
  flush();
  if (open !== undefined) ops.push(spans.close());
  ops.push('ET', 'Q');
  doc.addContent(ops.join('\n'));
}

/**
 * The x shear of a synthetic oblique, as Chromium draws italic text in a face without an italic
 * (Skia's `setSkewX(-1/4)` in y-down space, FontPlatformData::SetupSkFont): x += y / 4.
 */
export const SYNTHETIC_SLANT = 0.25;

/** Whether the face is an italic or oblique of its own (post table's italicAngle ≠ 0). */
function isItalicFace(font: PdfkitFont): boolean {
  const angle = (font.font as { italicAngle?: number }).italicAngle;
  return typeof angle === 'number' && angle !== 0;
}

/** Default-ignorable characters only (ZWNJ, ZWJ, word joiner, variation selectors…). */
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
const ignorable = new Map<number, boolean>();

/** Whether a code point is default-ignorable; memoised (asked for every zero-advance glyph, each mark). */
function isIgnorable(cp: number): boolean {
  let yes = ignorable.get(cp);
  if (yes === undefined) ignorable.set(cp, (yes = IGNORABLE.test(String.fromCodePoint(cp))));
  return yes;
}

/**
 * The glyph to draw for a laid-out glyph, with its own advance (font units); `invisible` when it
 * must not show. Usually the glyph itself. HarfBuzz lays out a default-ignorable character (the
 * ZWNJ of Persian "می‌توانند", a ZWJ) as the font's invisible glyph, which is its space glyph, with
 * no advance; but a glyph has one ToUnicode entry per font, so sharing it would make every space of
 * the font read back as ZWNJ (or every ZWNJ as a space, splitting the word). Such a character is
 * written with the font's own glyph for it (cmap), so text extraction keeps it, but invisible
 * (text rendering mode 3): Amiri's own ZWNJ glyph is a visible stroke ("میاتوانند", "د‌ر" read
 * "دار"). Without a glyph of its own it is not written at all (`undefined`). The layout, measured
 * by HarfBuzz, is the same either way.
 */
export function drawnGlyph(font: Pick<PdfkitFont, 'font'>, g: LaidGlyph, p: Pick<Position, 'xAdvance'>): { id: number; advanceWidth: number; invisible?: true } | undefined {
  // the glyph itself (no copy: this runs for every glyph drawn)
  if (p.xAdvance !== 0 || g.codePoints.length === 0 || !g.codePoints.every(isIgnorable)) return g;
  if (g.codePoints.length !== 1) return undefined;
  const own = font.font.glyphForCodePoint?.(g.codePoints[0]!);
  return own && own.id !== 0 ? { id: own.id, advanceWidth: 0, invisible: true } : undefined;
}
