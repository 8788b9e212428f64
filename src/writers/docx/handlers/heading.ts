/** `heading` handler: a heading's role (settings: `#` h1, `##` h2, `###` h3, deeper h4) → Heading1…4. */
import type { Heading } from 'mdast';
import type { Paragraph } from 'docx';
import { HEADING_ROLES, headingRole, settingsOf, type HeadingRole } from '../../../templates/settings.js';
import type { DocxContext } from '../state.js';
import { STYLE } from '../styles.js';
import { textBlock } from './paragraph.js';

/** Word heading level (0-based: Heading1…Heading4, the outline level) of a heading role. */
function headingLevel(role: HeadingRole): number {
  return HEADING_ROLES.indexOf(role);
}

/**
 * Markdown heading → a paragraph in a built-in heading style (with an outline level, so Word's
 * navigation pane lists it); a heading a link of the brief points at (`data.linked`) is a
 * bookmark named by its anchor id, the target of the link's `InternalHyperlink`, and a heading
 * the table of contents lists is its `_Toc<n>` bookmark (toc.ts).
 */
export function heading(node: Heading, ctx: DocxContext): Paragraph[] {
  const name = headingRole(settingsOf(ctx.template), node.depth);
  const level = headingLevel(name);
  const role = ctx.template.roles[name];
  const id = node.data?.id;
  const bookmarks = [id !== undefined && node.data?.linked ? id : undefined, id !== undefined ? ctx.toc.bookmarks.get(id) : undefined].filter((b): b is string => b !== undefined);
  return [textBlock(node, { ...ctx, style: STYLE.headings[level], role, numbering: undefined, indent: 0 }, {}, bookmarks)];
}
