/**
 * Parsing: Markdown text → {@link SahifaDocument}. Knows nothing about output formats.
 */
import { basename, extname } from 'node:path';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { SahifaDocument } from '../model/document.js';
import { remarkSahifaDirection } from './plugins/direction.js';
import { remarkSahifaFrontMatter } from './plugins/front-matter.js';

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(remarkGfm)
  .use(remarkSahifaFrontMatter)
  .use(remarkSahifaDirection)
  .freeze();

/**
 * Parses one brief.
 *
 * @param markdown the file's text (UTF-8 decoded; a leading BOM is ignored)
 * @param path the file's path, for messages and the output slug
 * @throws {SahifaError} with file, line and column for bad front matter
 */
export function parse(markdown: string, path: string): SahifaDocument {
  const file = new VFile({ value: markdown.replace(/^\uFEFF/, ''), path });
  const tree = processor.runSync(processor.parse(file), file) as Root;
  const meta = file.data.meta!;
  return { path, slug: basename(path, extname(path)), tree, meta, messages: file.messages };
}
