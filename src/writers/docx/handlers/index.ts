/**
 * Handlers by mdast node type (as in mdast-util-to-hast): each turns one block node into Word
 * blocks. Raw `html` blocks give their text as paragraphs (writers/shared/raw-html.ts). Node types
 * without a handler are dropped on purpose: `definition` and `yaml` (no output of their own), and
 * anything unknown.
 */
import type { Nodes, RootContent } from 'mdast';
import type { FileChild } from 'docx';
import type { DocxContext } from '../state.js';
import { htmlParagraphs } from '../../shared/raw-html.js';
import { blockquote } from './blockquote.js';
import { code } from './code.js';
import { footnoteDefinition } from './footnote-definition.js';
import { heading } from './heading.js';
import { list, listItem } from './list.js';
import { paragraph } from './paragraph.js';
import { table } from './table.js';
import { thematicBreak } from './thematic-break.js';
import { component, figure, toc } from '../components.js';

/** A handler: one node and the context → Word blocks (paragraphs, tables). */
export type Handler<T extends Nodes = Nodes> = (node: T, ctx: DocxContext) => FileChild[];

type Handlers = { [K in Nodes['type']]?: Handler<Extract<Nodes, { type: K }>> };

/** The handlers. Types not listed here are ignored (see the module comment). */
export const handlers: Handlers = {
  paragraph,
  heading,
  list,
  listItem,
  blockquote,
  thematicBreak,
  code,
  table,
  footnoteDefinition,
  component: (node, ctx) => component(node, ctx, blocks),
  figure,
  toc,
  html: (node, ctx) => blocks(htmlParagraphs(node, ctx.dir), ctx),
};

/** Runs the handler of each node in order; nodes without a handler produce nothing. */
export function blocks(nodes: readonly RootContent[], ctx: DocxContext): FileChild[] {
  return nodes.flatMap((node) => {
    const handler = handlers[node.type] as Handler | undefined;
    return handler ? handler(node, ctx) : [];
  });
}
