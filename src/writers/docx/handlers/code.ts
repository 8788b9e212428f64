/** `code` handler: a fenced block as one Source Code paragraph (left to right unless mostly RTL letters), lines kept by line breaks. */
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
  return [textBlock({ children, data: { dir: node.data?.dir ?? 'ltr' } }, { ...ctx, style: STYLE.code, numbering: undefined })];
}
