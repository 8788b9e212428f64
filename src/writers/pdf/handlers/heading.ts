import type { Heading } from 'mdast';
import { inlineRuns } from '../../shared/inline-runs.js';
import { textBlock } from '../blocks.js';
import type { PdfHandler } from '../state.js';
import { headingRole } from '../../../templates/settings.js';

/** Heading → a start-aligned text block kept with the next block, with a PDF outline entry. */
export const heading: PdfHandler<Heading> = (state, node, ctx) => {
  const dir = node.data?.dir ?? ctx.dir;
  const runs = inlineRuns(node.children, {}, (n) => state.unknowns.add(n));
  const block = textBlock(state, runs, headingRole(state.template.settings, node.depth), dir, 'start');
  block.headlineLevel = node.depth;
  const text = runs.map((r) => r.text).join('');
  // An empty heading (`#` alone, or only bidi marks and other invisible characters such as U+200E)
  // lays out no line; pdfmake then fails on its outline entry.
  if (/[^\s\p{Default_Ignorable_Code_Point}]/u.test(text)) {
    block.outline = true;
    block.outlineText = text;
  }
  if (node.data?.id) block.id = node.data.id; // target of the table of contents' page references and links
  return block;
};
