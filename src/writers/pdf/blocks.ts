/**
 * Building blocks shared by the PDF handlers, the title block and the running header/footer:
 * a text block in a template role, laid out by the RTL layer.
 */
import type { Content, ContentText } from 'pdfmake/interfaces.js';
import type { Dir } from '../../model/direction.js';
import type { TextRun } from '../shared/inline-runs.js';
import { bidiParagraph, type BidiTextObject } from './layout/paragraph.js';
import type { LogicalAlign } from './layout/line-layout.js';
import type { PdfState } from './state.js';
import type { RoleName } from './styles.js';
import { colourOf } from '../../templates/load.js';
import { formatNumber } from '../shared/numbers.js';

/** Margins [left, top, right, bottom] in pt, pdfmake's order. */
export type Margins = [number, number, number, number];

/** A text block as {@link textBlock} makes it: a pdfmake text node whose text objects carry the RTL layer's tags. */
export interface TextBlock extends ContentText {
  text: BidiTextObject[];
  margin: Margins;
  /** Target of page references and links; pdfmake reads it on any node (@types/pdfmake types it on anchors only). */
  id?: string;
}

/**
 * One paragraph of text in a template role.
 *
 * @param margin pt; defaults to the role's spaceBefore/spaceAfter
 */
export function textBlock(state: PdfState, runs: readonly TextRun[], role: RoleName, dir: Dir, align: LogicalAlign, margin?: Margins): TextBlock {
  const style = state.style(role);
  const spec = state.template.template.roles[role];
  const digits = state.doc.meta.digits;
  const shown = runs.map((r) => (r.footnote !== undefined ? { ...r, text: formatNumber(r.footnote, digits) } : r));
  // inline code: the code role's fonts at the code scale of this role's size (10.5 pt in 12 pt text)
  const code = role === 'code' ? undefined : { fonts: state.fontStack('code'), size: style.fontSize * state.template.settings.code.scale };
  const text = bidiParagraph(shown, { dir, align, lang: state.doc.meta.lang, fonts: state.fontStack(role), kashida: state.template.template.paragraph.justify === 'kashida', linkColour: colourOf(state.template.template, 'accent'), size: style.fontSize, ...(code ? { code } : {}) });
  return {
    text,
    ...style,
    margin: margin ?? [0, spec.spaceBefore, 0, spec.spaceAfter],
  };
}

/** Plain text as a single run. */
export function plain(text: string): TextRun[] {
  return [{ text }];
}

/** Places `start` and `end` margins (pt) on the physical sides for the direction. */
export function logicalMargins(dir: Dir, start: number, top: number, end: number, bottom: number): Margins {
  return dir === 'rtl' ? [end, top, start, bottom] : [start, top, end, bottom];
}

/** A block's margins when they are pdfmake's four-number form (pt, none negative), else undefined. */
export function marginsOf(block: Content | undefined): Margins | undefined {
  const margin = (block as { margin?: unknown } | undefined)?.margin;
  return Array.isArray(margin) && margin.length === 4 && margin.every((m) => typeof m === 'number' && m >= 0) ? (margin as Margins) : undefined;
}

/**
 * Collapses the adjoining vertical margins of sibling blocks, as a browser does (CSS 2 §8.3.1): the
 * space between two blocks is the larger of the first's bottom margin and the second's top margin,
 * where pdfmake adds them (a paragraph's 7 pt below and a heading's 14 pt above gave 21 pt, the
 * page 14). The second block's top margin is lowered; margins in pt, `[left, top, right, bottom]`
 * and not negative, else the pair is left alone. Changes the blocks in place and returns them.
 */
export function collapseMargins(blocks: Content[]): Content[] {
  for (let i = 1; i < blocks.length; i++) {
    const above = marginsOf(blocks[i - 1]);
    const below = marginsOf(blocks[i]);
    if (!above || !below) continue;
    (blocks[i] as { margin: Margins }).margin = [below[0], Math.max(0, below[1] - above[3]), below[2], below[3]];
  }
  return blocks;
}
