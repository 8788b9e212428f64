import type { Code } from 'mdast';
import { textBlock } from '../blocks.js';
import type { PdfHandler } from '../state.js';

/** Code block → left-to-right text whatever the document direction, lines kept. */
export const code: PdfHandler<Code> = (state, node) => {
  const block = textBlock(state, [{ text: node.value, code: true }], 'body', 'ltr', 'start') as unknown as Record<string, unknown>;
  block['preserveLeadingSpaces'] = true;
  return block as never;
};
