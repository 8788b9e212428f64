/**
 * The text of raw HTML blocks, for the writers that do not render HTML (PDF, DOCX). Briefs moved
 * from the web often wrap paragraphs in `<div dir="rtl">…</div>` or `<p align="center">…</p>`; a
 * browser shows their text, and so does Pandoc's plain-text reading of the source, so PDF and DOCX
 * show it too, as plain paragraphs (markup, scripts and styles left out; images as their alt text).
 */
import type { Element, Nodes as HastNodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { Html, Paragraph } from 'mdast';
import { blockDirection, type Dir } from '../../model/direction.js';
import { HIDDEN_ELEMENTS } from '../../model/hidden-html.js';

/** Elements whose content is never shown (see model/hidden-html.ts), and a document's `<head>`. */
const HIDDEN = new Set([...HIDDEN_ELEMENTS, 'head']);
/** Elements that end a paragraph of text. */
const BLOCK = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'blockquote', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'figure', 'figcaption', 'details', 'summary', 'br', 'hr']);

/** Text blocks of an HTML fragment, whitespace collapsed, empty ones left out. */
export function htmlTextBlocks(html: string): string[] {
  const blocks: string[] = [];
  let current = '';
  const flush = (): void => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) blocks.push(text);
    current = '';
  };
  const walk = (node: HastNodes): void => {
    if (node.type === 'text') current += node.value;
    else if (node.type === 'element') {
      const el = node as Element;
      if (HIDDEN.has(el.tagName)) return;
      if (el.tagName === 'img' && typeof el.properties['alt'] === 'string') current += ` ${el.properties['alt']} `;
      const block = BLOCK.has(el.tagName);
      if (block) flush();
      for (const c of el.children) walk(c);
      if (block) flush();
    } else if ('children' in node) for (const c of node.children) walk(c as HastNodes);
  };
  walk(fromHtml(html, { fragment: true }));
  flush();
  return blocks;
}

/**
 * A raw HTML block as mdast paragraphs of its text, each with its direction resolved like any
 * other block (`blockDirection` against `dir`; a `dir` attribute in the HTML is not needed: the
 * letters decide).
 */
export function htmlParagraphs(node: Html, dir: Dir): Paragraph[] {
  return htmlTextBlocks(node.value).map((text) => ({
    type: 'paragraph',
    children: [{ type: 'text', value: text }],
    data: { dir: blockDirection(text, dir) },
  }));
}
