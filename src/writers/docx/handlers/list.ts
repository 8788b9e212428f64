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
  return node.children.flatMap((item) => listItem(item, { ...inner, numbering: { reference, instance, level } }));
}

/**
 * One item: the numbering goes on its first paragraph only; its other blocks are indented to the
 * item's text, `list.indent × (level + 1)` twips from the margin, as the numbering level indents it.
 */
export function listItem(node: ListItem, ctx: DocxContext): FileChild[] {
  const rest: DocxContext = { ...ctx, numbering: undefined, indent: ptToTwips(ctx.template.list.indent) * (ctx.listLevel + 1) };
  const [first, ...others] = node.children;
  if (!first) return [];
  const last = node.children[node.children.length - 1]!;
  // as the PDF spaces items (pdf/handlers/list.ts): each paragraph keeps its role's space after,
  // the item adds `list.itemSpacing` below its last one
  const role = ctx.role ?? ctx.template.roles.body;
  const end = (block: typeof first, inner: DocxContext): FileChild[] =>
    block === last && block.type === 'paragraph'
      ? [textBlock(block, inner, { spacing: { after: ptToTwips(role.spaceAfter + ctx.template.list.itemSpacing) } }, block.data?.id ? [block.data.id] : [])]
      : ctx.one(block, inner);
  const head = end(first, first.type === 'paragraph' ? ctx : rest);
  return [...head, ...others.flatMap((block) => end(block, rest))];
}
