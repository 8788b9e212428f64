/**
 * Heading handler: the title block owns the only `h1`, so a Markdown heading of depth d becomes
 * `h{max(2, d)}` (`#` and `##` → `h2`, `###` → `h3`, …); css.ts styles each `hN` in the role the
 * settings give depth N (`headingRoles`), the role the PDF and DOCX writers set that heading in.
 */
import type { Heading } from 'mdast';
import { defaultHandlers, type Handler } from 'mdast-util-to-hast';
import { isElement, markDir } from './with-dir.js';

/** `heading` → `h2`…`h6`, marked with the block's direction. */
export const heading: Handler = (state, node: Heading) => {
  const result = defaultHandlers.heading(state, node);
  if (isElement(result) && /^h[1-6]$/.test(result.tagName)) result.tagName = `h${Math.max(2, node.depth)}`;
  markDir(node, result);
  return result;
};
