/** `blockquote` handler: the quoted blocks in the Block Text style, indented (settings' `looks.blockquote`). */
import type { Blockquote } from 'mdast';
import type { FileChild } from 'docx';
import { settingsOf } from '../../../templates/settings.js';
import { ptToTwips } from '../../../templates/units.js';
import type { DocxContext } from '../state.js';
import { STYLE } from '../styles.js';

/** Markdown blockquote → its blocks, one level further in. */
export function blockquote(node: Blockquote, ctx: DocxContext): FileChild[] {
  return ctx.all(node.children, { ...ctx, style: STYLE.quote, numbering: undefined, indent: ctx.indent + ptToTwips(settingsOf(ctx.template).looks.blockquote.indent.docx) });
}
