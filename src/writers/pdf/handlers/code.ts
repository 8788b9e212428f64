import type { Code } from 'mdast';
import { textBlock } from '../blocks.js';
import type { PdfHandler } from '../state.js';

/**
 * Code block → its lines kept, left to right: each line is a bidi paragraph of its own (UAX #9
 * P1, the line feed is class B) with the LTR base direction, whose right-to-left stretches
 * (Arabic comments and strings) are isolates (`shared/isolates.ts`), so they keep their own order
 * and their place on the line. Set in the template's `code` role (DejaVu Sans Mono; Arabic and
 * Hebrew fall back to the body fonts by coverage).
 */
export const code: PdfHandler<Code> = (state, node) => {
  const block = textBlock(state, [{ text: node.value }], 'code', 'ltr', 'start');
  block.preserveLeadingSpaces = true;
  return block;
};
