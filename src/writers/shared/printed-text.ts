/**
 * All the text a brief's output prints, for choosing the fonts to ship or embed (`fontsNeeded`)
 * and for subsetting them: the title block, the body, and the template's words in the brief's
 * language (page labels, box titles…).
 */
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { SahifaDocument } from '../../model/document.js';
import type { Template } from '../../templates/schema.js';
import { settingsOf, wordsFor } from '../../templates/settings.js';
import { titleBlock } from './title-block.js';

/** The printed text of `doc` in `template`, as one string (order does not matter). */
export function printedText(doc: SahifaDocument, template: Template): string {
  const tb = titleBlock(doc.meta, template);
  const head = [tb.kicker, tb.title, tb.subtitle, ...tb.authors, tb.organisation, tb.date, doc.meta.summary, ...(doc.meta.keywords ?? [])];
  // raw HTML as written too (`data.html`): what the page's own markup may print with `--allow-html`
  const html: string[] = [];
  visit(doc.tree, (node) => {
    if (node.data?.html !== undefined) html.push(node.data.html, node.data.htmlClose ?? '');
  });
  return [...head.filter((t): t is string => !!t), toString(doc.tree), ...html, ...Object.values(wordsFor(settingsOf(template), doc.meta.lang))].join(' ');
}

/**
 * The text of a brief's code: inline code, code blocks and raw HTML code elements (`htmlSpan` with
 * `data.code`), for `fontsNeeded` (the monospace font ships only with a brief that has code).
 */
export function codeText(doc: SahifaDocument): string {
  const out: string[] = [];
  visit(doc.tree, (node) => {
    if (node.type === 'inlineCode' || node.type === 'code') out.push(node.value);
    else if (node.type === 'htmlSpan' && node.data?.code) out.push(toString(node));
  });
  return out.join('\n');
}
