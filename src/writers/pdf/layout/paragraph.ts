/**
 * Stage "collect" of the PDF RTL layer (Typst's collect.rs): a paragraph's styled runs become
 * pdfmake text objects tagged with their UAX #9 level, the paragraph level and the logical
 * alignment. pdfmake's TextBreaker copies these tags onto every word, and the alignLine hook
 * (install.ts → line-layout.ts) orders and places each line.
 */
import { blockAnchor, footnoteAnchor, footnoteMarkId, footnoteNoteId, headingAnchor } from '../../../model/anchors.js';
import type { Dir } from '../../../model/direction.js';
import type { TextRun } from '../../shared/inline-runs.js';
import { isolateRuns as sharedIsolateRuns } from '../../shared/isolates.js';
import { PDI, splitByLevel, type LeveledText, type StyledText } from './bidi/levels.js';
import { runFeatures, type FontFeatures } from '../protocol.js';
import type { LogicalAlign } from './line-layout.js';

/** A pdfmake text object with sahifa's bidi tags (pdfmake keeps unknown keys on inlines). */
export interface BidiTextObject {
  text: string;
  /** pdfmake font family, set only for a fallback font or code. */
  font?: string;
  /** Font size in pt, set only for inline code (the block's size times the code scale). */
  fontSize?: number;
  /** pdfmake line height multiplier, set only for a font with its own ({@link FontChoice}). */
  lineHeight?: number;
  /** pt above the baseline the text counts for the line's baseline instead of its font's ascender ({@link FontChoice}). */
  _ascender?: number;
  bold?: boolean;
  italics?: boolean;
  decoration?: 'underline' | 'lineThrough';
  color?: string;
  link?: string;
  /** Named destination (a heading's anchor id) the text links to, instead of a URI `link`. */
  linkToDestination?: string;
  /** Named destination set where the text is drawn (a footnote mark or note, for two-way links). */
  _anchor?: string;
  /**
   * The run marker of `protocol.ts` ({@link runFeatures}): direction from the level, and language.
   * It makes the font shape the whole inline with HarfBuzz in that direction.
   */
  fontFeatures: FontFeatures;
  _bidiLevel: number;
  /** The bidi isolate the text is in (its id; none outside isolates): shaping context stops at its edges. */
  _isolate?: number;
  _paraLevel: number;
  _align: LogicalAlign;
  _kashida?: boolean;
  /** A footnote mark: pdfmake's smaller, raised text. */
  sup?: boolean;
  /** A footnote mark's note number: the page footnotes (`footnotes.ts`, `NOTE_MARK`) set the note on the mark's page. */
  _sahifaNote?: number;
}

/** One font of a role's stack: the pdfmake family name and the code points it covers. */
export interface FontChoice {
  readonly family: string;
  readonly covers: ReadonlySet<number>;
  /**
   * pdfmake line height multiplier of text in this font, when it is not the block's: a fallback
   * font of code (Amiri, 1.76 em tall, under DejaVu Sans Mono's 1.16 em) keeps the code role's line
   * height, as a CSS line box keeps its `line-height` whatever font draws a glyph.
   */
  readonly lineHeight?: number;
  /** Ascender in em that text in this font counts for the line's baseline, when not its own (as `lineHeight`). */
  readonly ascender?: number;
}

/** Options of {@link bidiParagraph}. */
export interface BidiParagraphOptions {
  readonly dir: Dir;
  readonly align: LogicalAlign;
  /** BCP 47 language of the paragraph (passed to the shaper). */
  readonly lang: string;
  /** Justify with kashida first (template `paragraph.justify: kashida`). */
  readonly kashida?: boolean;
  /**
   * Font stack for fallback by coverage: each grapheme takes the first font that has all its
   * characters; the first font is the block's own (no `font` key is set for it). A grapheme no
   * font covers stays in the first font (drawn as .notdef, never dropped; `sahifa check` reports it).
   */
  readonly fonts?: readonly FontChoice[];
  /** Colour (#rrggbb) of link text. */
  readonly linkColour?: string;
  /** Font size of the block in pt (for a font's `ascender` in em). */
  readonly size?: number;
  /**
   * Inline code: its font stack (the template's `code` role, fallback by coverage as `fonts`) and
   * size in pt. Absent: inline code is set like the text around it.
   */
  readonly code?: { readonly fonts: readonly FontChoice[]; readonly size: number };
}

/**
 * Builds the text array of one paragraph.
 *
 * Isolates (UAX #9 LRI…PDI) by the writers' shared rule ({@link isolateRuns}): inline code, link
 * text that is a URL or an e-mail address, footnote marks, and stretches against the paragraph,
 * so their characters keep their own order whatever surrounds them.
 *
 * @param runs the paragraph's runs in logical order (from `inlineRuns`)
 */
export function bidiParagraph(runs: readonly TextRun[], options: BidiParagraphOptions): BidiTextObject[] {
  const paraLevel = options.dir === 'rtl' ? 1 : 0;
  const pieces: LeveledText<TextRun>[] = [];
  let before: LeveledText<StyledText<TextRun>> | undefined;
  for (const piece of splitByLevel(isolateRuns(runs, options.dir).map((r) => ({ ...r, style: r })), options.dir)) {
    // UAX #9 leaves an isolate's initiator and PDI at the level outside it (X5a–X6a), and rule L2
    // reverses the runs on either side of them apart. The layer drops those characters, so two
    // isolates side by side ("Zotero" and its footnote mark) would be reversed as one run: a PDI
    // at the paragraph level stands for the edge (default ignorable: no width, never drawn).
    if (before && before.style.isolate?.id !== piece.style.isolate?.id && before.level > paraLevel && piece.level > paraLevel) pieces.push({ text: PDI, style: before.style.style, level: paraLevel });
    pieces.push({ ...piece, style: piece.style.style });
    before = piece;
  }
  const split = pieces.flatMap((p) => {
    // inline code takes the code stack; the block's own first font needs no `font` key, code's does
    const code = p.style.code ? options.code : undefined;
    const fonts = code?.fonts ?? options.fonts;
    const parts = fonts && (fonts.length > 1 || code) ? splitByFont(p.text, fonts) : [{ text: p.text, font: 0 }];
    return parts.map((f) => ({ ...p, ...f, choice: f.font > 0 || code ? fonts![f.font] : undefined, size: code?.size }));
  });
  return split.map(({ text, style, level, choice, size, isolate }) => {
    const obj: BidiTextObject = { text, fontFeatures: runFeatures({ dir: level % 2 ? 'rtl' : 'ltr', lang: style.lang ?? options.lang, slant: !!style.italic }), _bidiLevel: level, _paraLevel: paraLevel, _align: options.align };
    if (choice !== undefined) obj.font = choice.family;
    if (choice?.lineHeight !== undefined) obj.lineHeight = choice.lineHeight;
    if (size !== undefined) obj.fontSize = size;
    if (choice?.ascender !== undefined) obj._ascender = choice.ascender * (size ?? options.size ?? 0);
    if (isolate !== undefined) obj._isolate = isolate;
    if (options.kashida) obj._kashida = true;
    if (style.bold) obj.bold = true;
    if (style.italic) obj.italics = true;
    if (style.strike) obj.decoration = 'lineThrough';
    if (style.footnote !== undefined) {
      obj.sup = true;
      // two-way links: the mark goes to its note, the note's ↩ back to the mark
      obj.linkToDestination = footnoteNoteId(style.footnote);
      obj._anchor = footnoteMarkId(style.footnote);
      obj._sahifaNote = style.footnote;
    }
    if (style.link) {
      // a link to a heading, footnote, figure, table or reference entry of the brief (`#sec-N`,
      // `#fig-N`…, see model/anchors) goes to its named destination; any other opens as a URI
      const heading = headingAnchor(style.link) ?? footnoteAnchor(style.link) ?? blockAnchor(style.link);
      if (heading) obj.linkToDestination = heading;
      else obj.link = style.link;
      obj.decoration = 'underline';
      if (options.linkColour) obj.color = options.linkColour;
    }
    return obj;
  });
}

/** Made on first use: creating it loads ICU's break data (~15 ms), which most briefs never need. */
let graphemeSegmenter: Intl.Segmenter | undefined;
/**
 * Characters that need no glyph of their own: joiners, bidi and variation controls. They stay in
 * the piece they are in (a ZWNJ must reach the shaper with the letters it separates). White space
 * is not among them: like any character it takes the first font that has it, as in a browser
 * (Chromium draws the spaces between Hebrew words in Amiri, not in the Hebrew fallback face).
 */
const IGNORABLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff]/u;

/**
 * Splits text into pieces by the first font of `fonts` covering each grapheme; invisible controls
 * stay with the piece they are in.
 *
 * @returns pieces in order, each with the index of its font in `fonts`
 */
export function splitByFont(text: string, fonts: readonly FontChoice[]): { text: string; font: number }[] {
  // fast path: the first font covers every character (the usual case)
  const first = fonts[0]!.covers;
  let all = true;
  for (const ch of text) {
    if (!first.has(ch.codePointAt(0)!) && !IGNORABLE.test(ch)) {
      all = false;
      break;
    }
  }
  if (all) return [{ text, font: 0 }];
  const out: { text: string; font: number }[] = [];
  for (const { segment } of (graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(text)) {
    const cps = [...segment].filter((c) => !IGNORABLE.test(c)).map((c) => c.codePointAt(0)!);
    const last = out[out.length - 1];
    let font = last?.font ?? 0;
    if (cps.length > 0) {
      const covering = fonts.findIndex((f) => cps.every((cp) => f.covers.has(cp)));
      font = covering < 0 ? 0 : covering;
    }
    if (last && last.font === font) last.text += segment;
    else out.push({ text: segment, font });
  }
  return out;
}

/**
 * Marks the runs that must be bidi isolates, by the rule the three writers share
 * (`shared/isolates.ts` {@link sharedIsolateRuns}: own isolates for inline code, URL-like link
 * text, footnote marks and `dir` elements; stretches against the paragraph cut where the style
 * changes). Runs are split at isolate edges.
 */
export function isolateRuns(runs: readonly TextRun[], dir: Dir): StyledText<TextRun>[] {
  return sharedIsolateRuns(runs, dir).map(({ text, style, isolate, nested }) => ({ text, style, isolate, nested }));
}
