/**
 * Parsing: Markdown text → {@link SahifaDocument}. Knows nothing about output formats.
 */
import { basename, extname } from 'node:path';
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { SahifaDocument } from '../model/document.js';
import { remarkSahifaComponents } from './plugins/directives.js';
import { remarkSahifaDirection } from './plugins/direction.js';
import { remarkSahifaFrontMatter } from './plugins/front-matter.js';

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(remarkGfm)
  .use(remarkDirective) // :::name blocks, ::name leaves, :name[text] inline; names checked against KNOWN_DIRECTIVES by `sahifa check`
  .use(remarkSahifaFrontMatter)
  .use(remarkSahifaComponents) // components, figures, footnote numbers, heading ids, toc (needs the front matter)
  .use(remarkSahifaDirection)
  .freeze();

/** Options of {@link parse}. */
export interface ParseOptions {
  /** Folder a relative `path` is relative to (images are found from the brief's folder). Default `process.cwd()`. */
  readonly cwd?: string | undefined;
}

/**
 * Parses one brief.
 *
 * @param markdown the file's text (UTF-8 decoded; a leading BOM is ignored)
 * @param path the file's path, for messages and the output slug (relative to `options.cwd`)
 * @throws {SahifaError} with file, line and column for bad front matter and for a figure whose image
 *   is missing, not local, or not a PNG/JPEG file
 */
export function parse(markdown: string, path: string, options: ParseOptions = {}): SahifaDocument {
  const file = new VFile({ value: markdown.replace(/^\uFEFF/, ''), path, ...(options.cwd ? { cwd: options.cwd } : {}) });
  const tree = processor.runSync(processor.parse(file), file) as Root;
  const meta = file.data.meta!;
  return { path, slug: basename(path, extname(path)), tree, meta, messages: file.messages };
}
