/**
 * Handlers by mdast node type (as in mdast-util-to-hast): each turns one block node into Word
 * blocks. Raw HTML blocks give their text as the parser's paragraphs (`htmlBlock`, parse/plugins/raw-html.ts). `definition`
 * and `yaml` print nothing on purpose; any other type without a handler is left out with a
 * warning (`unknown-node`).
 */
import type { Handlers } from '../state.js';
import { blockquote } from './blockquote.js';
import { code } from './code.js';
import { footnoteDefinition } from './footnote-definition.js';
import { heading } from './heading.js';
import { list, listItem } from './list.js';
import { paragraph } from './paragraph.js';
import { table } from './table.js';
import { thematicBreak } from './thematic-break.js';
import { component, figure } from '../components.js';
import { toc } from '../toc.js';

/** The handlers (the context's `one`/`all` run them: state.ts's createContext). Types not listed here are left out with a warning (see the module comment). */
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
  component,
  figure,
  toc,
  htmlBlock: (node, ctx) => ctx.all(node.children, ctx),
  // no output of their own (a definition's URL is resolved into its references by the parser)
  definition: () => [],
  yaml: () => [],
};
