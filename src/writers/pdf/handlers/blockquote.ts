import type { Blockquote } from 'mdast';
import type { PdfHandler } from '../state.js';

/** Blockquote → its blocks in a one-cell table with a rule on the start side (settings' `looks.blockquote`). */
export const blockquote: PdfHandler<Blockquote> = (state, node, ctx) => {
  const look = state.template.settings.looks.blockquote;
  const dir = node.data?.dir ?? ctx.dir;
  const startIsRight = dir === 'rtl';
  const width = look.rule.width.pdf ?? 0;
  return {
    table: { widths: ['*'], body: [[{ stack: state.all(node.children, { ...ctx, dir }) }]] },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: (i: number) => ((i === 0) !== startIsRight ? width : 0),
      vLineColor: () => look.rule.colour.pdf,
      paddingLeft: () => (startIsRight ? 0 : look.indent.pdf),
      paddingRight: () => (startIsRight ? look.indent.pdf : 0),
    },
    margin: [0, look.margin.before, 0, look.margin.after],
  };
};
