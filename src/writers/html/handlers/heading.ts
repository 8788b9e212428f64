/**
 * Heading handler: a Markdown heading of depth d becomes `h{d}` (`#` → `h1`, `##` → `h2`, …);
 * css.ts styles each `hN` in the role the settings give depth N (`headingRoles`), the role the PDF
 * and DOCX writers set that heading in. The title block's `h1` is styled by its own rule.
 */
import type { Heading } from 'mdast';
import { defaultHandlers, type Handler } from 'mdast-util-to-hast';
import { markDir } from './with-dir.js';

/** `heading` → `h1`…`h6`, marked with the block's direction. */
export const heading: Handler = (state, node: Heading) => {
  const result = defaultHandlers.heading(state, node);
  markDir(node, result);
  return result;
};
