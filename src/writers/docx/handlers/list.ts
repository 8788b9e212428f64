/**
 * `list` and `listItem` handlers: real Word lists. Each list gets its own numbering instance (so
 * ordered lists restart); the first paragraph of an item carries the numbering (`w:numPr`), later
 * blocks of the item are indented to the item's text.
 */
import type { List, ListItem } from 'mdast';
import type { FileChild } from 'docx';
import { ptToTwips } from '../../../templates/units.js';
import type { DocxContext } from '../state.js';
import { STYLE } from '../styles.js';
import { textBlock } from './paragraph.js';

/** Word allows list levels 0..8. */
const MAX_LEVEL = 8;

/** Markdown list → its items' paragraphs, sharing one new numbering instance. */
export function list(node: List, ctx: DocxContext): FileChild[] {
  const kind = node.ordered ? { kind: 'decimal' as const, start: node.start ?? 1 } : { kind: 'bullet' as const };
  const { reference, instance } = ctx.sink.newList(kind);
  const level = Math.min(ctx.listLevel + 1, MAX_LEVEL);
  const inner: DocxContext = { ...ctx, listLevel: level, style: ctx.listStyle ?? STYLE.list };
  // mdast-util-to-hast's rule (`listLoose`), as the PDF's list
  const tight = !node.spread && !node.children.some((item) => item.spread);
  const t = ctx.template;
  return node.children.flatMap((item, i) => {
    const last = i === node.children.length - 1;
    // below the list, the body's space after, which the last item's collapses into (pdf/handlers/list.ts)
    const below = last ? Math.max(t.list.itemSpacing, t.roles.body.spaceAfter) : t.list.itemSpacing;
    return listItem(item, { ...inner, numbering: { reference, instance, level } }, { tight, below });
  });
}

/**
 * One item: the numbering goes on its first paragraph only; its other blocks are indented to the
 * item's text, `list.indent × (level + 1)` twips from the margin, as the numbering level indents it.
 */
export function listItem(node: ListItem, ctx: DocxContext, spacing: { tight: boolean; below: number } = { tight: !node.spread, below: ctx.template.list.itemSpacing }): FileChild[] {
  const rest: DocxContext = { ...ctx, numbering: undefined, indent: ptToTwips(ctx.template.list.indent) * (ctx.listLevel + 1) };
  const [first, ...others] = node.children;
  if (!first) return [];
  const last = node.children[node.children.length - 1]!;
  // as the PDF spaces items (pdf/handlers/list.ts): a tight item's paragraphs have no space of
  // their own, a loose one's their role's; the item's last paragraph has the larger of that and
  // `below` (the item spacing, or the list's space below), which adjacent spacing collapses into
  const role = ctx.role ?? ctx.template.roles.body;
  const own = spacing.tight ? 0 : role.spaceAfter;
  const paragraph = (block: typeof first & { type: 'paragraph' }, inner: DocxContext): FileChild[] => {
    const after = block === last ? Math.max(own, spacing.below) : own;
    return [textBlock(block, inner, { spacing: { before: ptToTwips(spacing.tight ? 0 : role.spaceBefore), after: ptToTwips(after) } }, block.data?.id ? [block.data.id] : [])];
  };
  const one = (block: typeof first, inner: DocxContext): FileChild[] => (block.type === 'paragraph' ? paragraph(block, inner) : ctx.one(block, inner));
  return [...one(first, first.type === 'paragraph' ? ctx : rest), ...others.flatMap((block) => one(block, rest))];
}
