/**
 * Phrasing content → docx runs: marks from {@link inlineRuns}, split where the text's direction
 * changes, links as `ExternalHyperlink` (`InternalHyperlink` to a heading's bookmark), inline code as an LTR run in the Verbatim Char style.
 */
import type { PhrasingContent } from 'mdast';
import { ExternalHyperlink, FootnoteReferenceRun, InternalHyperlink, TextRun, type IRunOptions, type ParagraphChild } from 'docx';
import { headingAnchor } from '../../../model/anchors.js';
import type { Dir } from '../../../model/direction.js';
import { inlineRuns, type TextRun as Piece } from '../../shared/inline-runs.js';
import { splitByDirection, withDirection, type RunScript } from '../direction.js';
import { STYLE } from '../styles.js';

/** Direction and fonts of the block the runs are in. */
export interface BlockScript extends RunScript {
  /** The block's base direction (from `node.data.dir`). */
  readonly dir: Dir;
}

/** docx runs of one marked piece of text; `\n` (hard break) becomes a line break before the next line. */
function pieceRuns(piece: Piece, block: BlockScript): TextRun[] {
  const out: TextRun[] = [];
  piece.text.split('\n').forEach((line, i) => {
    const marks: IRunOptions = {
      ...(piece.bold ? { bold: true } : {}),
      ...(piece.italic ? { italics: true } : {}),
      ...(piece.strike ? { strike: true } : {}),
      ...(piece.link ? { style: STYLE.hyperlink } : {}),
    };
    const parts = piece.code ? [{ text: line, dir: 'ltr' as const }] : splitByDirection(line, block.dir);
    if (i > 0 && parts.length === 0) parts.push({ text: '', dir: block.dir });
    parts.forEach((part, j) => {
      const options: IRunOptions = { ...marks, text: part.text, ...(i > 0 && j === 0 ? { break: 1 } : {}) };
      const run = withDirection('run', part.dir, options, block);
      out.push(new TextRun(piece.code ? { ...run, style: STYLE.verbatim, font: undefined } : run));
    });
  });
  return out;
}

/**
 * Converts phrasing nodes to paragraph children. Consecutive pieces with the same link target
 * share one hyperlink; a footnote mark becomes a `FootnoteReferenceRun` to the note of its number.
 */
export function phrasing(nodes: readonly PhrasingContent[], block: BlockScript): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  let link: { url: string; runs: TextRun[] } | undefined;
  const flush = (): void => {
    // a link to a heading of the brief (`#sec-N`, see parse/plugins/directives) goes to its
    // bookmark (handlers/heading.ts); any other is an external hyperlink
    const heading = link && headingAnchor(link.url);
    if (heading) out.push(new InternalHyperlink({ anchor: heading, children: link!.runs }));
    else if (link) out.push(new ExternalHyperlink({ link: link.url, children: link.runs }));
    link = undefined;
  };
  for (const piece of inlineRuns(nodes)) {
    if (piece.footnote !== undefined) {
      // A real Word footnote: the reference mark (style FootnoteReference, superscript) and the note id.
      flush();
      out.push(new FootnoteReferenceRun(piece.footnote));
      continue;
    }
    const runs = pieceRuns(piece, block);
    if (!piece.link) {
      flush();
      out.push(...runs);
    } else if (link?.url === piece.link) link.runs.push(...runs);
    else {
      flush();
      link = { url: piece.link, runs };
    }
  }
  flush();
  return out;
}
