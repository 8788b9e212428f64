/**
 * Parsing: Markdown text → {@link SahifaDocument}. Knows nothing about output formats.
 */
import { basename, extname, resolve } from 'node:path';
import type { Root } from 'mdast';
import { VFile } from 'vfile';
import type { SahifaDocument } from '../model/document.js';
import { SahifaError } from '../model/errors.js';
import { DEFAULT_LIMITS, formatBytes, limitsWith, scanSource, type Limits } from '../model/limits.js';
import { codePointName, hasXmlIllegal, XML_ILLEGAL } from '../model/xml-chars.js';
import { remarkSahifaCharts } from './plugins/charts.js';
import { remarkSahifaCitations } from './plugins/citations.js';
import { remarkSahifaCrossReferences, remarkSahifaLabels } from './plugins/cross-references.js';
import { remarkSahifaDirectives } from './plugins/directives.js';
import { remarkSahifaFigures, type ImageInput } from './plugins/figures.js';
import { remarkSahifaFootnotes } from './plugins/footnotes.js';
import { remarkSahifaHeadings } from './plugins/headings.js';
import { remarkSahifaItemDirection } from './plugins/item-direction.js';
import { remarkSahifaLinks } from './plugins/links.js';
import { remarkSahifaDirection } from './plugins/direction.js';
import { remarkSahifaFrontMatter } from './plugins/front-matter.js';
import { remarkSahifaRawHtml } from './plugins/raw-html.js';
import { remarkSahifaSafety } from './plugins/safety.js';
import { remarkSahifaTables } from './plugins/tables.js';
import { sahifaSyntax } from './syntax.js';

const processor = sahifaSyntax()
  .use(remarkSahifaSafety) // nesting depth, table size, unsafe link schemes
  .use(remarkSahifaTables) // every table row as many cells as the header row
  .use(remarkSahifaRawHtml) // raw HTML parsed, sanitised and paired once, as mdast
  .use(remarkSahifaFrontMatter)
  .use(remarkSahifaLabels) // {#fig:…} {#tbl:…} {#sec:…} labels off their blocks, table captions numbered
  .use(remarkSahifaDirectives) // components from container directives; unknown directives reported
  .use(remarkSahifaFigures) // numbered figures from lone images and ::figure (reads the images)
  .use(remarkSahifaHeadings) // heading ids for the contents; the toc node (needs the front matter)
  .use(remarkSahifaLinks) // reference links resolved; links to headings by slug → #sec-N
  .use(remarkSahifaFootnotes) // footnote numbers in order of first reference
  .use(remarkSahifaCharts) // ::chart leaves → figures, all figures numbered in order
  .use(remarkSahifaCrossReferences) // @fig:… @tbl:… @sec:… → links to their targets (needs figures and heading ids)
  .use(remarkSahifaCitations) // [@key] → the style's text linked to the reference list (only with a bibliography)
  .use(remarkSahifaItemDirection) // `- {dir=ltr} …`: one list item's direction, set by its author
  .use(remarkSahifaDirection)
  .freeze();

/** Options of {@link parse}. */
export interface ParseOptions {
  /** Folder a relative `path` is relative to (images are found from the brief's folder). Default `process.cwd()`. */
  readonly cwd?: string | undefined;
  /** Project root: images are read only from inside it. Default `cwd`. */
  readonly root?: string | undefined;
  /** Overrides of the {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<Limits> | undefined;
  /** Hosts whose remote images may be used (see `fetched`). */
  readonly allowRemote?: readonly string[] | undefined;
  /** Remote images already fetched from allowed hosts: URL as written → bytes. */
  readonly fetched?: ReadonlyMap<string, Uint8Array> | undefined;
}

/** A parsed brief plus what the parser found it needs from the network (see {@link ParseOptions.allowRemote}). */
export interface ParsedBrief extends SahifaDocument {
  /** Remote image URLs on allowed hosts that were not in `fetched` (fetch them, then parse again). */
  readonly remoteWanted: readonly string[];
  /** Every image the parser looked at for a figure, with the bytes it read (the bytes the writers embed). */
  readonly imageInputs: readonly ImageInput[];
}

/**
 * Parses one brief.
 *
 * @param markdown the file's text (UTF-8 decoded; a leading BOM is ignored)
 * @param path the file's path, for messages and the output slug (relative to `options.cwd`)
 * @throws {SahifaError} with file, line and column for bad front matter, a damaged image (`image`),
 *   and for input over the limits (`limit`: document size, nesting depth, table cells, image file
 *   size, pixels and decoded bytes; see `model/limits.ts`). An image path that leads outside the
 *   project root is a warning (rule `path`): nothing is read from it, its alt text is shown.
 *   A brief with no body (only front matter, whitespace or HTML comments) is an error (`empty`).
 */
export function parse(markdown: string, path: string, options: ParseOptions = {}): ParsedBrief {
  const limits = limitsWith(options.limits);
  const name = path || '<input>';
  const bytes = Buffer.byteLength(markdown, 'utf8');
  if (bytes > limits.maxDocumentBytes) {
    throw new SahifaError({ file: name, line: 1, column: 1 }, `the brief is ${formatBytes(bytes)}; the limit is ${formatBytes(limits.maxDocumentBytes)}`, 'limit');
  }
  let text = markdown.replace(/^\uFEFF/, '');
  const illegal = hasXmlIllegal(text) ? xmlIllegalPlaces(text) : [];
  if (illegal.length) text = text.replace(XML_ILLEGAL, '');
  const problem = scanSource(text, limits);
  if (problem) throw new SahifaError({ file: name, line: problem.line, column: problem.column }, problem.reason, 'limit');
  const file = new VFile({ value: text, path, ...(options.cwd ? { cwd: options.cwd } : {}) });
  for (const { line, column, ch, more } of illegal) {
    const reason = more ? `${more} more characters that XML does not allow are removed` : `character ${codePointName(ch)} is not allowed in XML (DOCX, HTML): removed`;
    file.message(reason, { place: { line, column }, ruleId: 'illegal-character', source: 'sahifa' }).fatal = false;
  }
  file.data.root = resolve(options.root ?? options.cwd ?? process.cwd());
  file.data.limits = limits;
  file.data.allowRemote = options.allowRemote ?? [];
  if (options.fetched) file.data.fetched = options.fetched;
  let tree: Root;
  try {
    tree = processor.runSync(processor.parse(file), file) as Root;
  } catch (err) {
    if (err instanceof RangeError) {
      // The source scan keeps real nesting out; this is the last line of defence.
      throw new SahifaError({ file: name }, `the brief is too deeply nested or too large to parse (${err.message}); the nesting limit is ${limits.maxNestingDepth}`, 'limit');
    }
    throw err;
  }
  // Nothing but front matter, whitespace or comments: a blank PDF and an empty DOCX help no one.
  if (!tree.children.some((n) => n.type !== 'htmlBlock' || !/^\s*(?:<!--[\s\S]*?-->\s*)*$/.test(n.data?.html ?? ''))) {
    throw new SahifaError({ file: name, line: 1, column: 1 }, 'empty brief: there is no text after the front matter', 'empty');
  }
  const meta = file.data.meta!;
  return { path, slug: basename(path, extname(path)), tree, meta, messages: file.messages, remoteWanted: file.data.remoteWanted ?? [], imageInputs: file.data.imageInputs ?? [] };
}

/** Most `illegal-character` warnings per brief; the rest are counted in one more. */
const MAX_ILLEGAL_WARNINGS = 20;

/**
 * Places (1-based line and column, in `text` as written) of the characters XML does not allow,
 * at most {@link MAX_ILLEGAL_WARNINGS}, then one entry counting the others (`more`).
 */
function xmlIllegalPlaces(text: string): { line: number; column: number; ch: string; more?: number }[] {
  const out: { line: number; column: number; ch: string; more?: number }[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  let count = 0;
  for (const m of text.matchAll(XML_ILLEGAL)) {
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = m.index;
    if (++count <= MAX_ILLEGAL_WARNINGS) out.push({ line, column: m.index - lineStart + 1, ch: m[0] });
  }
  if (count > MAX_ILLEGAL_WARNINGS) out.push({ ...out[out.length - 1]!, more: count - MAX_ILLEGAL_WARNINGS });
  return out;
}

export { DEFAULT_LIMITS };
export type { ImageInput };
