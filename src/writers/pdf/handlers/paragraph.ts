import type { Paragraph } from 'mdast';
import { inlineRuns } from '../../shared/inline-runs.js';
import { textBlock } from '../blocks.js';
import type { PdfHandler } from '../state.js';

/** Paragraph → one text block in the context's role (`body` by default), aligned by `template.paragraph.align`. */
export const paragraph: PdfHandler<Paragraph> = (state, node, ctx) => {
  const dir = node.data?.dir ?? ctx.dir;
  const align = state.template.template.paragraph.align === 'justify' ? 'justify' : 'start';
  const block = textBlock(state, inlineRuns(node.children, {}, (n) => state.unknowns.add(n)), ctx.role ?? 'body', dir, align);
  if (ctx.colour) block.color = ctx.colour;
  if (node.data?.id) block.id = node.data.id; // a table caption or reference entry: named destination of the links to it
  return block;
};
