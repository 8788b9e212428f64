import type { Code } from 'mdast';
import { textBlock } from '../blocks.js';
import type { PdfHandler } from '../state.js';

/** Code block → its lines kept, in the block's direction (left to right unless mostly RTL letters). */
export const code: PdfHandler<Code> = (state, node) => {
  const block = textBlock(state, [{ text: node.value }], 'body', node.data?.dir ?? 'ltr', 'start') as unknown as Record<string, unknown>;
  block['preserveLeadingSpaces'] = true;
  return block as never;
};
