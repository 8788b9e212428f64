import type { Blockquote } from 'mdast';
import type { Content } from 'pdfmake/interfaces.js';
import { colourOf } from '../../../templates/load.js';
import type { PdfHandler } from '../state.js';

/** Blockquote → its blocks in a one-cell table with a rule on the start side. */
export const blockquote: PdfHandler<Blockquote> = (state, node, ctx) => {
  const t = state.template.template;
  const dir = node.data?.dir ?? ctx.dir;
  const rule = colourOf(t, 'rule' in t.colours ? 'rule' : 'muted');
  const startIsRight = dir === 'rtl';
  return {
    table: { widths: ['*'], body: [[{ stack: state.all(node.children, { ...ctx, dir }) }]] },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: (i: number) => ((i === 0) !== startIsRight ? 2 : 0),
      vLineColor: () => rule,
      paddingLeft: () => (startIsRight ? 0 : 12),
      paddingRight: () => (startIsRight ? 12 : 0),
    },
    margin: [0, 2, 0, 8],
  } as unknown as Content;
};
