/** `heading` handler: Markdown `#`/`##` → Heading1 (role h2), `###` → Heading2 (h3), deeper → Heading3 (h4). */
import type { Heading } from 'mdast';
import type { Paragraph } from 'docx';
import type { DocxContext } from '../state.js';
import { STYLE } from '../styles.js';
import { textBlock } from './paragraph.js';

/** Word heading level (0-based) of a Markdown heading depth. */
export function headingLevel(depth: number): 0 | 1 | 2 {
  return depth <= 2 ? 0 : depth === 3 ? 1 : 2;
}

/**
 * Markdown heading → a paragraph in a built-in heading style (with an outline level, so Word's
 * navigation pane lists it); a heading a link of the brief points at (`data.linked`) is a
 * bookmark named by its anchor id, the target of the link's `InternalHyperlink`.
 */
export function heading(node: Heading, ctx: DocxContext): Paragraph[] {
  const level = headingLevel(node.depth);
  const role = [ctx.template.roles.h2, ctx.template.roles.h3, ctx.template.roles.h4][level];
  const id = node.data?.linked ? node.data.id : undefined;
  return [textBlock(node, { ...ctx, style: STYLE.headings[level], role, numbering: undefined, indent: 0 }, {}, id)];
}
