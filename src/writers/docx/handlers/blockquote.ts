/** `blockquote` handler: the quoted blocks in the Block Text style, indented by one list indent. */
import type { Blockquote } from 'mdast';
import type { FileChild } from 'docx';
import { ptToTwips } from '../../../templates/units.js';
import type { DocxContext } from '../state.js';
import { STYLE } from '../styles.js';

/** Markdown blockquote → its blocks, one level further in. */
export function blockquote(node: Blockquote, ctx: DocxContext): FileChild[] {
  return ctx.all(node.children, { ...ctx, style: STYLE.quote, numbering: undefined, indent: ctx.indent + ptToTwips(ctx.template.list.indent) });
}
