/**
 * Phrasing content → docx runs: marks from {@link inlineRuns}, split where the text's direction
 * changes, links as `ExternalHyperlink` (`InternalHyperlink` to a heading's bookmark), inline code as an LTR run in the Verbatim Char style.
 */
import type { PhrasingContent } from 'mdast';
import { ExternalHyperlink, FootnoteReferenceRun, InternalHyperlink, TextRun, type IRunOptions, type ParagraphChild } from 'docx';
import { blockAnchor, headingAnchor } from '../../../model/anchors.js';
import type { Dir } from '../../../model/direction.js';
import { inlineRuns, type TextRun as Piece } from '../../shared/inline-runs.js';
import { isolateRuns } from '../../shared/isolates.js';
import { splitByDirection, withDirection, type RunScript } from '../direction.js';
import { runLanguage } from '../state.js';
import { STYLE } from '../styles.js';

/** Direction and fonts of the block the runs are in. */
export interface BlockScript extends RunScript {
  /** The block's base direction (from `node.data.dir`). */
  readonly dir: Dir;
  /** Called with a phrasing node no handler knows (left out; the context's `unknowns`). */
  readonly unknown?: ((node: PhrasingContent) => void) | undefined;
}

/**
 * docx runs of one marked piece of text; `\n` (hard break) becomes a line break before the next line.
 *
 * @param rtlCode the piece is a right-to-left stretch inside inline code (a `w:rtl` run)
 */
function pieceRuns(piece: Piece, block: BlockScript, rtlCode = false): TextRun[] {
  const out: TextRun[] = [];
  piece.text.split('\n').forEach((line, i) => {
    const marks: IRunOptions = {
      ...(piece.bold ? { bold: true } : {}),
      ...(piece.italic ? { italics: true } : {}),
      ...(piece.strike ? { strike: true } : {}),
      ...(piece.link ? { style: STYLE.hyperlink } : {}),
    };
    const parts = piece.code ? [{ text: line, dir: rtlCode ? ('rtl' as const) : ('ltr' as const) }] : splitByDirection(line, block.dir);
    if (i > 0 && parts.length === 0) parts.push({ text: '', dir: block.dir });
    parts.forEach((part, j) => {
      const options: IRunOptions = { ...marks, text: part.text, ...(i > 0 && j === 0 ? { break: 1 } : {}) };
      const run = withDirection('run', part.dir, options, piece.lang ? withLanguage(block, piece.lang) : block);
      out.push(new TextRun(piece.code ? { ...run, style: STYLE.verbatim, font: undefined } : run));
    });
  });
  return out;
}

/** The block's script with an inline element's language (`w:lang`: `w:bidi` for an RTL language, else `w:val`). */
function withLanguage(block: BlockScript, lang: string): BlockScript {
  const own = runLanguage(lang);
  return { ...block, language: { ...block.language, ...own }, ...(own.value ? { lang: own.value } : {}) };
}

/** Left-to-right and right-to-left marks (UAX #9 classes L and R, no glyph). */
const MARK: Record<Dir, string> = { ltr: '\u200e', rtl: '\u200f' };

/**
 * Word has no bidi isolates (LRI…PDI), so each isolate of the shared rule (`shared/isolates.ts`)
 * is written as the marks that give its text the same levels: the direction outside it on either
 * side, so that neutrals next to it resolve as they would next to an isolate (UAX #9 N1–N2 with
 * the isolate as a neutral between strong marks of the outside direction), and its own
 * direction just inside, so that what it holds starts and ends in its own direction (X5a–X5b):
 * `outside own text own outside`. Each mark is a run of its own, `w:rtl` for RLM.
 *
 * @param outside the direction around the isolate
 * @param own the isolate's direction
 * @param edge which side of the isolate the marks go on
 */
function isolateMarks(outside: Dir, own: Dir, edge: 'open' | 'close', block: BlockScript): TextRun[] {
  const marks = outside === own ? [outside] : edge === 'open' ? [outside, own] : [own, outside];
  return marks.map((dir) => new TextRun(withDirection('run', dir, { text: MARK[dir] }, block)));
}

/**
 * Converts phrasing nodes to paragraph children. Consecutive pieces with the same link target
 * share one hyperlink; a footnote mark becomes a `FootnoteReferenceRun` to the note of its number.
 * Isolates (inline code, URL-like link text, footnote marks, stretches against the paragraph:
 * `shared/isolates.ts`) are bounded by strong marks ({@link isolateMarks}), so LibreOffice and
 * Word order the paragraph as the HTML and PDF outputs do.
 */
export function phrasing(nodes: readonly PhrasingContent[], block: BlockScript): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  let link: { url: string; runs: ParagraphChild[] } | undefined;
  const flush = (): void => {
    // a link to a heading, figure, table or reference entry of the brief (`#sec-N`, `#fig-N`…,
    // see model/anchors) goes to its bookmark; any other is an external hyperlink
    const heading = link && (headingAnchor(link.url) ?? blockAnchor(link.url));
    if (heading) out.push(new InternalHyperlink({ anchor: heading, children: link!.runs as TextRun[] }));
    else if (link) out.push(new ExternalHyperlink({ link: link.url, children: link.runs as TextRun[] }));
    link = undefined;
  };
  const pieces = isolateRuns(inlineRuns(nodes, {}, block.unknown), block.dir);
  pieces.forEach((piece, k) => {
    const prev = pieces[k - 1];
    const next = pieces[k + 1];
    const { isolate, nested } = piece;
    const runs: ParagraphChild[] = [];
    if (isolate && isolate.id !== prev?.isolate?.id) runs.push(...isolateMarks(block.dir, isolate.dir, 'open', block));
    if (isolate && nested && nested.id !== prev?.nested?.id) runs.push(...isolateMarks(isolate.dir, nested.dir, 'open', block));
    if (piece.style.footnote !== undefined) {
      // A real Word footnote: the reference mark (style FootnoteReference, superscript) and the note id.
      runs.push(new FootnoteReferenceRun(piece.style.footnote));
    } else runs.push(...pieceRuns({ ...piece.style, text: piece.text }, block, !!nested));
    if (isolate && nested && nested.id !== next?.nested?.id) runs.push(...isolateMarks(isolate.dir, nested.dir, 'close', block));
    if (isolate && isolate.id !== next?.isolate?.id) runs.push(...isolateMarks(block.dir, isolate.dir, 'close', block));
    const url = piece.style.footnote === undefined ? piece.style.link : undefined;
    if (!url) {
      flush();
      out.push(...runs);
    } else if (link?.url === url) link.runs.push(...runs);
    else {
      flush();
      link = { url, runs };
    }
  });
  flush();
  return out;
}
