/**
 * unified plugin (after `safety`, before `components` and `direction`): raw HTML resolved once.
 *
 * mdast gives raw HTML as `html` nodes: a block (`<div dir="rtl">…</div>`, `<p align="center">…`)
 * or, inside a paragraph, one node per tag (`<b>`, `</b>`, `<br>`). This plugin parses each
 * node's HTML (hast-util-from-html), sanitises it with the one schema the HTML page uses
 * ({@link SAHIFA_SCHEMA}, hast-util-sanitize), pairs opening and closing tags among siblings, and
 * replaces every `html` node with ordinary mdast that says what a reader sees:
 *
 * - an element that marks text (`<b>`, `<i>`, `<s>`, `<a href>`) becomes `strong`, `emphasis`,
 *   `delete` or `link` around the siblings up to its closing tag (or the end of the parent);
 *   `<code>`/`<kbd>`/`<samp>`/`<tt>`, a `dir` attribute and any other element become an
 *   {@link HtmlSpan} (code marks, a bidi isolate, or nothing);
 * - `<br>` a `break`, `<img>` its alt text, elements a browser does not show (`<script>`,
 *   `<style>`…: model/hidden-html.ts) a hidden `htmlSpan` whose content no writer prints;
 * - a block becomes an {@link HtmlBlock} of plain paragraphs, one per text block of the HTML.
 *
 * A link is kept only when its sanitised `href` is safe (`isSafeLink`); when the source had an
 * `href` that is not kept, the brief gets the same warning as for a Markdown link.
 *
 * For the HTML page, each node keeps its HTML as written, parsed (`data.hast`: an opening tag's
 * element without children, a block's fragment, a whole node's nodes); a block whose HTML leaves
 * an element open (`<div dir="rtl">` alone, then Markdown) marks that element `data.htmlOpen`,
 * and the sibling block that closes it (`</div>`) `data.htmlCloses`, so the writer nests the
 * blocks between as a browser would, without parsing HTML again. PDF, DOCX and the direction
 * vote read only the mdast.
 */
import type { Element, ElementContent, Nodes as HastNodes, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { sanitize } from 'hast-util-sanitize';
import type { Html, Nodes, Paragraph, Parent, PhrasingContent, Root } from 'mdast';
import type { VFile } from 'vfile';
import { HIDDEN_ELEMENTS, SAHIFA_SCHEMA } from '../../model/hidden-html.js';
import type { HtmlBlock, HtmlSpan } from '../../model/mdast.js';
import { isSafeLink } from './safety.js';

/** Parents whose children are phrasing content: their `html` nodes are inline. */
const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'tableCell', 'strong', 'emphasis', 'delete', 'link', 'linkReference', 'textDirective', 'leafDirective']);

/** Elements that never have content or a closing tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Elements whose content is never shown (see model/hidden-html.ts), and a document's `<head>`. */
const HIDDEN_BLOCK = new Set([...HIDDEN_ELEMENTS, 'head']);
/** Elements that end a paragraph of text. */
const BLOCK = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'blockquote', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'table', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'figure', 'figcaption', 'details', 'summary', 'br', 'hr']);

/**
 * {@link SAHIFA_SCHEMA} for one inline tag read on its own: without the schema's rules on
 * ancestors (a `<td>` outside a `<table>` would be unwrapped), which are the page's to apply.
 */
const TAG_SCHEMA = { ...SAHIFA_SCHEMA, ancestors: {} };

/** The plugin; see the module comment. */
export function remarkSahifaRawHtml() {
  return (tree: Root, file: VFile): void => {
    const warnDropped = (node: Nodes, url: string): void => {
      file.message(`link "${url.slice(0, 80)}" is dropped: only http, https, mailto, tel and relative links are kept`, { place: node.position, ruleId: 'unsafe-link', source: 'sahifa' }).fatal = false;
    };
    // Iterative over parents: a deep tree must not overflow the stack here.
    const stack: Nodes[] = [tree];
    while (stack.length) {
      const node = stack.pop()!;
      if (!('children' in node)) continue;
      const parent = node as Parent;
      if (parent.children.some((c) => c.type === 'html')) {
        if (PHRASING_PARENTS.has(parent.type)) parent.children = pairInline(parent.children as PhrasingContent[], warnDropped) as Parent['children'];
        else {
          parent.children = parent.children.map((c) => (c.type === 'html' ? htmlBlock(c, warnDropped) : c)) as Parent['children'];
          pairBlocks(parent.children);
        }
      }
      for (const c of parent.children) stack.push(c as Nodes);
    }
  };
}

/** A raw HTML block as {@link HtmlBlock}: one plain paragraph per text block of its HTML. */
function htmlBlock(node: Html, warnDropped: (node: Nodes, url: string) => void): HtmlBlock {
  // verbose: an element's `data.position.closing` tells whether its closing tag was written
  const hast = fromHtml(node.value, { fragment: true, verbose: true });
  const hrefs: string[] = [];
  collectHrefs(hast, hrefs);
  for (const href of hrefs) if (!isSafeLink(href)) warnDropped(node, href);
  const paragraphs: Paragraph[] = htmlTextBlocks(hast).map((text) => ({ type: 'paragraph', children: [{ type: 'text', value: text }] }));
  const open = leftOpen(hast);
  if (open) open.data = { htmlOpen: true } as Element['data'];
  return { type: 'htmlBlock', children: paragraphs, data: { html: node.value, hast: asWritten(hast) }, ...(node.position ? { position: node.position } : {}) };
}

/**
 * The innermost element a block's HTML leaves open for the blocks after it (`<div dir="rtl">`
 * with no `</div>`): the last element, its last element and so on, while its closing tag is
 * missing. A `<p>` is closed by the next block anyway, so it takes none.
 */
function leftOpen(root: HastRoot): Element | undefined {
  let found: Element | undefined;
  let children: HastNodes[] = root.children;
  for (;;) {
    const last = [...children].reverse().find((c) => !(c.type === 'text' && !c.value.trim()));
    if (last?.type !== 'element' || VOID.has(last.tagName) || last.tagName === 'p' || last.data?.position?.closing) return found;
    found = last;
    children = last.children;
  }
}

/** The elements an HTML block closes before anything else (`</div>`, `</div><br>`): tag names, innermost first. */
function closingTags(node: Nodes): string[] {
  const lead = node.type === 'htmlBlock' ? /^\s*(?:<\/[a-z][a-z0-9-]*\s*>\s*)+/i.exec(node.data?.html ?? '') : null;
  return lead ? [...lead[0].matchAll(/<\/([a-z][a-z0-9-]*)/gi)].map((m) => m[1]!.toLowerCase()) : [];
}

/**
 * Pairs the HTML blocks of one parent that leave an element open with the later sibling that
 * starts by closing it (see the module comment): a closing tag pairs with the nearest open block
 * before it whose open element has its name, and closes the open blocks after that one too. An
 * open block left unpaired encloses the rest of the parent, as in a browser.
 */
function pairBlocks(children: readonly Nodes[]): void {
  const open: string[] = [];
  for (const node of children) {
    if (node.type !== 'htmlBlock') continue;
    let closes = 0;
    for (const name of closingTags(node)) {
      const at = open.lastIndexOf(name);
      if (at < 0) continue;
      closes += open.length - at;
      open.length = at;
    }
    if (closes) node.data = { ...node.data, htmlCloses: closes };
    const element = node.data?.hast ? openElement(node.data.hast) : undefined;
    if (element) open.push(element.tagName);
  }
}

/** The element marked `data.htmlOpen` in a block's hast, if any. */
function openElement(nodes: readonly ElementContent[]): Element | undefined {
  for (const n of nodes) {
    if (n.type !== 'element') continue;
    if (n.data?.htmlOpen) return n;
    const inner = openElement(n.children);
    if (inner) return inner;
  }
  return undefined;
}

/** A parsed fragment's nodes as written, without positions (no one reads them). */
function asWritten(root: HastRoot): ElementContent[] {
  const strip = (node: HastNodes): void => {
    delete node.position;
    if (node.type === 'element') {
      if (node.data?.htmlOpen) node.data = { htmlOpen: true } as Element['data'];
      else delete node.data;
    }
    if ('children' in node) for (const c of node.children) strip(c as HastNodes);
  };
  strip(root);
  return root.children.filter((c): c is ElementContent => c.type !== 'doctype');
}

/** Text blocks of an HTML fragment, white space collapsed, empty ones left out. */
export function htmlTextBlocks(html: HastNodes): string[] {
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
      if (HIDDEN_BLOCK.has(node.tagName)) return;
      if (node.tagName === 'img' && typeof node.properties['alt'] === 'string') current += ` ${node.properties['alt']} `;
      const block = BLOCK.has(node.tagName);
      if (block) flush();
      for (const c of node.children) walk(c);
      if (block) flush();
    } else if ('children' in node) for (const c of node.children) walk(c as HastNodes);
  };
  walk(html);
  flush();
  return blocks;
}

/** What one inline `html` node is: a closing tag, an opening tag, or content complete in itself. */
type InlineTag = { kind: 'close'; name: string } | { kind: 'open'; element: Element; written: Element; hidden: boolean; href?: string } | { kind: 'whole'; children: PhrasingContent[]; written: ElementContent[]; href?: string[] };

/**
 * Pairs the inline `html` nodes of one parent's children: an opening tag takes the siblings up to
 * its closing tag (or the parent's end) as children; a closing tag also ends the elements opened
 * after its own and left open.
 */
function pairInline(children: readonly PhrasingContent[], warnDropped: (node: Nodes, url: string) => void): PhrasingContent[] {
  const top: PhrasingContent[] = [];
  // open wrappers, innermost last; `inner` is the node that receives the siblings
  const open: { name: string; outer: PhrasingContent; inner: { children: PhrasingContent[] }; hidden: boolean }[] = [];
  const target = (): PhrasingContent[] => open[open.length - 1]?.inner.children ?? top;
  for (const node of children) {
    if (node.type !== 'html') {
      target().push(node);
      continue;
    }
    const tag = readInline(node.value);
    const hiddenOpen = open.some((o) => o.hidden);
    if (tag.kind === 'close') {
      const at = open.map((o) => o.name).lastIndexOf(tag.name);
      if (at >= 0) {
        const outer = open[at]!.outer;
        outer.data = { ...outer.data, htmlClose: node.value };
        open.length = at;
      } else target().push(span(node, [], { htmlWhole: true, hast: asWritten(fromHtml(node.value, { fragment: true })) }));
      continue;
    }
    if (tag.kind === 'open' && (tag.hidden || !hiddenOpen)) {
      if (tag.href !== undefined && !isSafeLink(tag.href)) warnDropped(node, tag.href);
      const { outer, inner } = tag.hidden ? hiddenWrapper(node) : wrapper(node, tag.element);
      outer.data = { ...outer.data, hast: [tag.written] };
      target().push(outer);
      open.push({ name: tag.element.tagName, outer, inner, hidden: tag.hidden });
      continue;
    }
    if (tag.kind === 'whole' && !hiddenOpen) {
      for (const href of tag.href ?? []) if (!isSafeLink(href)) warnDropped(node, href);
      target().push(span(node, tag.children, { htmlWhole: true, hast: tag.written }));
      continue;
    }
    // an opening tag inside hidden content: printed by no one, kept for the page
    target().push(span(node, [], { htmlWhole: true, hast: asWritten(fromHtml(node.value, { fragment: true })) }));
  }
  return top;
}

/** An {@link HtmlSpan} that stands for the `html` node `node`. */
function span(node: Html, children: PhrasingContent[], data: HtmlSpan['data']): HtmlSpan {
  return { type: 'htmlSpan', children, data: { ...data, html: node.value }, ...(node.position ? { position: node.position } : {}) };
}

/** The wrapper of a hidden element's opening tag: its content is printed by no writer. */
function hiddenWrapper(node: Html): { outer: HtmlSpan; inner: HtmlSpan } {
  const outer = span(node, [], { hidden: true });
  return { outer, inner: outer };
}

/**
 * The mdast for an opening tag: nested mark nodes, outermost first (link, strong, emphasis,
 * delete, then an {@link HtmlSpan} for code marks, a `dir` isolate or a `lang`), or one transparent
 * `htmlSpan` when the element marks nothing. The outermost carries the tag (`data.html`).
 */
function wrapper(node: Html, el: Element): { outer: PhrasingContent; inner: { children: PhrasingContent[] } } {
  const chain = markChain(el);
  const pos = node.position ? { position: node.position } : {};
  if (!chain.length) {
    const s = span(node, [], {});
    return { outer: s, inner: s };
  }
  const outer = chain[0]!;
  Object.assign(outer, pos);
  outer.data = { ...outer.data, html: node.value };
  return { outer: outer as PhrasingContent, inner: chain[chain.length - 1]! };
}

type MarkNode = PhrasingContent & { children: PhrasingContent[] };

/** The mark nodes an element stands for, outermost first, each the only child of the one before. */
function markChain(el: Element): MarkNode[] {
  const tag = el.tagName;
  const chain: MarkNode[] = [];
  const href = el.properties['href'];
  if (tag === 'a' && typeof href === 'string' && href && isSafeLink(href)) chain.push({ type: 'link', url: href, children: [] });
  if (tag === 'b' || tag === 'strong') chain.push({ type: 'strong', children: [] });
  if (tag === 'i' || tag === 'em') chain.push({ type: 'emphasis', children: [] });
  if (tag === 's' || tag === 'del' || tag === 'strike') chain.push({ type: 'delete', children: [] });
  const code = tag === 'code' || tag === 'kbd' || tag === 'samp' || tag === 'tt';
  const dir = el.properties['dir'];
  // `lang` (BCP 47) names the language of the text inside, as on any HTML element: PDF and DOCX tag it
  const lang = typeof el.properties['lang'] === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(el.properties['lang']) ? el.properties['lang'] : undefined;
  if (code || dir === 'ltr' || dir === 'rtl' || lang)
    chain.push({ type: 'htmlSpan', children: [], data: { ...(code ? { code: true } : {}), ...(dir === 'ltr' || dir === 'rtl' ? { dir } : {}), ...(lang ? { lang } : {}) } });
  for (let i = 1; i < chain.length; i++) chain[i - 1]!.children.push(chain[i]!);
  return chain;
}

/**
 * Reads one inline `html` node (usually a single tag: `<span dir="ltr">`, `</span>`, `<br/>`,
 * `<img alt="…">`; sometimes a comment), sanitised with {@link SAHIFA_SCHEMA}. An element with
 * children in the same node, a void element or a self-closed one is whole; another element is an
 * opening tag. Returns the `href`s the source had, to warn when sanitising or the link filter
 * drops one.
 */
function readInline(value: string): InlineTag {
  const close = /^<\/([a-z][a-z0-9-]*)\s*>$/i.exec(value.trim());
  if (close) return { kind: 'close', name: close[1]!.toLowerCase() };
  const parsed = fromHtml(value, { fragment: true });
  const first = parsed.children.find((c): c is Element => c.type === 'element');
  if (first && parsed.children.length === 1 && !VOID.has(first.tagName) && !first.children.length && !/\/>\s*$/.test(value)) {
    const written = asWritten(structuredClone(parsed))[0] as Element;
    if (HIDDEN_ELEMENTS.has(first.tagName)) return { kind: 'open', element: first, written, hidden: true };
    const rawHref = first.tagName === 'a' && typeof first.properties['href'] === 'string' && first.properties['href'] ? first.properties['href'] : undefined;
    const clean = sanitize(parsed, TAG_SCHEMA);
    const el = 'children' in clean ? (clean.children as HastNodes[]).find((c): c is Element => c.type === 'element') : undefined;
    // an element the schema does not know is unwrapped: it marks nothing
    const element: Element = el ?? { type: 'element', tagName: first.tagName, properties: {}, children: [] };
    return { kind: 'open', element, written, hidden: false, ...(rawHref !== undefined ? { href: rawHref } : {}) };
  }
  const hrefs: string[] = [];
  const children: PhrasingContent[] = [];
  const clean = sanitize(parsed, TAG_SCHEMA);
  for (const child of 'children' in clean ? (clean.children as HastNodes[]) : []) {
    if (child.type === 'text') children.push({ type: 'text', value: child.value.replace(/\s+/g, ' ') });
    else if (child.type === 'element') children.push(...wholeElement(child));
  }
  for (const el of parsed.children) collectHrefs(el, hrefs);
  return { kind: 'whole', children, written: asWritten(parsed), href: hrefs };
}

/** `href`s of `<a>` elements in a hast subtree. */
function collectHrefs(node: HastNodes, out: string[]): void {
  if (node.type === 'element' && node.tagName === 'a' && typeof node.properties['href'] === 'string' && node.properties['href']) out.push(node.properties['href']);
  if ('children' in node) for (const c of node.children) collectHrefs(c as HastNodes, out);
}

/**
 * A whole element as mdast: its marks around what it shows in line (`<br>` a break, `<img>` its
 * alt text, others their text, inner elements adding no marks of their own).
 */
function wholeElement(el: Element): PhrasingContent[] {
  const shown = elementTexts(el);
  if (!shown.length) return [];
  const chain = markChain(el);
  if (!chain.length) return shown;
  chain[chain.length - 1]!.children.push(...shown);
  return [chain[0]!];
}

/** What an element shows in line: `<br>` a break, `<img>` its alt text, others their content. */
function elementTexts(el: Element): PhrasingContent[] {
  if (el.tagName === 'br') return [{ type: 'break' }];
  if (el.tagName === 'img') return typeof el.properties['alt'] === 'string' ? [{ type: 'image', url: '', alt: el.properties['alt'] }] : [];
  if (VOID.has(el.tagName) || HIDDEN_ELEMENTS.has(el.tagName)) return [];
  const out: PhrasingContent[] = [];
  const walk = (nodes: readonly ElementContent[]): void => {
    for (const n of nodes) {
      if (n.type === 'text') out.push({ type: 'text', value: n.value.replace(/\s+/g, ' ') });
      else if (n.type === 'element') out.push(...elementTexts(n));
    }
  };
  walk(el.children);
  return out;
}
