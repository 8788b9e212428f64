/**
 * `paragraph` handler, and {@link textBlock}: the one builder of text paragraphs that every
 * handler with phrasing content uses (headings, list items, cells, quotes).
 */
import type { Data, Paragraph as MdParagraph, PhrasingContent } from 'mdast';
import { Bookmark, Paragraph, type IParagraphOptions, type ParagraphChild } from 'docx';
import { withDirection } from '../direction.js';
import { familyOf, type DocxContext } from '../state.js';
import { phrasing } from './inline.js';

/**
 * A paragraph of phrasing content in the context's style, role font, numbering and indent.
 * Direction comes from `data.dir` (set by the parser), else the document's.
 *
 * @param extra more paragraph options (alignment in table cells, …)
 * @param bookmarks names of bookmarks around the paragraph's text (a heading that links or the
 *   table of contents point at), outermost first
 */
export function textBlock(node: { children: PhrasingContent[]; data?: Data | undefined }, ctx: DocxContext, extra: IParagraphOptions = {}, bookmarks: readonly string[] = []): Paragraph {
  const dir = node.data?.dir ?? ctx.dir;
  const role = ctx.role ?? ctx.template.roles.body;
  const children = phrasing(node.children, { dir, font: familyOf(ctx.template, role), language: ctx.language, lang: node.data?.lang, unknown: (n) => ctx.unknowns.add(n) });
  const options: IParagraphOptions = {
    children: bookmarks.reduceRight<ParagraphChild[]>((inner, id) => [new Bookmark({ id, children: inner })], children),
    ...(ctx.style ? { style: ctx.style } : {}),
    ...(ctx.numbering ? { numbering: ctx.numbering } : ctx.indent > 0 ? { indent: { start: ctx.indent } } : {}),
    ...extra,
  };
  return new Paragraph(withDirection('paragraph', dir, options));
}

/** Markdown paragraph → one Word paragraph; one with an anchor id (a table caption, a reference entry) is a bookmark of that name. */
export function paragraph(node: MdParagraph, ctx: DocxContext): Paragraph[] {
  return [textBlock(node, ctx, {}, node.data?.id ? [node.data.id] : [])];
}
