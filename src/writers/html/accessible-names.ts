/**
 * Names for elements that would otherwise have none, so assistive technology can announce them
 * (WCAG 2.1 SC 2.4.4 and 4.1.2; axe-core `link-name`).
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/**
 * Gives every link with no text of its own (nothing but white space, or an image without alt
 * text, as in `[![](logo.png)](https://example.org)`) an `aria-label`: its target, as written.
 * Links with text, an image with alt text, or an author's `aria-label` are left alone.
 */
export function nameEmptyLinks(tree: Root | Element): void {
  visit(tree, 'element', (a: Element) => {
    if (a.tagName !== 'a' || typeof a.properties['href'] !== 'string' || a.properties['ariaLabel']) return;
    if (toString(a).trim() !== '') return;
    let named = false;
    visit(a, 'element', (e: Element) => {
      if (e.tagName === 'img' && typeof e.properties['alt'] === 'string' && e.properties['alt'].trim() !== '') named = true;
    });
    if (!named) a.properties['ariaLabel'] = a.properties['href'];
  });
}

/**
 * Makes every `aside` (a component box, or one in the brief's raw HTML) an ARIA `note` rather
 * than a `complementary` landmark: a brief may hold several boxes of one kind, and landmarks of
 * one role must differ by name (axe-core `landmark-unique`). An author's own `role` is kept.
 */
export function asidesAsNotes(tree: Root | Element): void {
  visit(tree, 'element', (e: Element) => {
    if (e.tagName === 'aside' && e.properties['role'] === undefined) e.properties['role'] = 'note';
  });
}

/**
 * Gives a page without an `h1` (a brief with no `title:`) one, hidden from sight but read by
 * screen readers: the document's title, first in `into` (the title block, or `main` when the brief
 * prints none), so the page has a top-level
 * heading to navigate by (WCAG 2.1 SC 1.3.1, 2.4.6; axe-core `page-has-heading-one`).
 */
export function ensureHeadingOne(body: Element, into: Element, title: string): void {
  let found = false;
  visit(body, 'element', (e: Element) => {
    if (e.tagName === 'h1') found = true;
  });
  if (!found) into.children.unshift({ type: 'element', tagName: 'h1', properties: { className: ['sr-only'] }, children: [{ type: 'text', value: title }] });
}
