/**
 * mdast node type → PDF handler. Node types that must print nothing are mapped to `ignore`
 * explicitly (front matter is already removed by the parser).
 */
import type { HtmlBlock } from '../../../model/mdast.js';
import type { Nodes } from 'mdast';
import type { PdfHandler } from '../state.js';
import { blockquote } from './blockquote.js';
import { code } from './code.js';
import { heading } from './heading.js';
import { list } from './list.js';
import { paragraph } from './paragraph.js';
import { table } from './table.js';
import { thematicBreak } from './thematic-break.js';
import { component, figure, toc } from '../components.js';

const ignore: PdfHandler = () => undefined;

/** The PDF writer's handlers. */
export const handlers: Partial<Record<Nodes['type'], PdfHandler<never>>> = {
  root: ((state, node, ctx) => state.all((node as { children: Nodes[] }).children, ctx)) as PdfHandler<never>,
  paragraph,
  heading,
  list,
  blockquote,
  thematicBreak,
  code,
  table,
  component,
  figure,
  toc,
  // raw HTML: its text, as the parser's paragraphs (parse/plugins/raw-html.ts)
  htmlBlock: ((state, node, ctx) => state.all((node as HtmlBlock).children, ctx)) as PdfHandler<never>,
  definition: ignore,
  footnoteDefinition: ignore, // printed as endnotes at the end (see components.ts)
  yaml: ignore,
};
