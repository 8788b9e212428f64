/**
 * The Markdown syntax sahifa reads: CommonMark (remark-parse), YAML and TOML front matter, GFM
 * (tables, footnotes, strikethrough, autolinks) and directives (`:::name`, `::name`, `:name`).
 * `parse` adds its transforms to this processor; `sahifa check` parses with it alone, so its
 * rules see the same syntax with every node at its place.
 */
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/**
 * The syntax processor, frozen: call it (`sahifaSyntax()`) for a copy to add plugins to, or use
 * its `parse` for the bare syntax tree.
 */
export const sahifaSyntax = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(remarkGfm)
  .use(remarkDirective) // :::name blocks, ::name leaves, :name[text] inline; names checked against KNOWN_DIRECTIVES by `sahifa check`
  .freeze();
