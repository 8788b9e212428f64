/**
 * `code` handler: a fenced block as one Source Code paragraph, left to right (no `w:bidi`), lines
 * kept by line breaks. Each line is inline code: its right-to-left stretches are bounded by strong
 * marks (handlers/inline.ts), so they keep their own order and place on the line, as if each
 * line were a bidi paragraph of its own (UAX #9 P1).
 */
import type { Code, PhrasingContent } from 'mdast';
import type { Paragraph } from 'docx';
import type { DocxContext } from '../state.js';
import { STYLE } from '../styles.js';
import { textBlock } from './paragraph.js';

/** Markdown code block → one LTR paragraph of Verbatim Char runs separated by line breaks. */
export function code(node: Code, ctx: DocxContext): Paragraph[] {
  const children = node.value
    .split('\n')
    .flatMap((value, i): PhrasingContent[] => [...(i > 0 ? [{ type: 'break' as const }] : []), { type: 'inlineCode', value }]);
  return [textBlock({ children, data: { dir: 'ltr' } }, { ...ctx, style: STYLE.code, numbering: undefined })];
}
