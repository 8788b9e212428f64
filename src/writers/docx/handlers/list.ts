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
  const head = first.type === 'paragraph' ? ctx.one(first, ctx) : ctx.one(first, rest);
  return [...head, ...ctx.all(others, rest)];
}
