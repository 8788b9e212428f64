/**
 * Raw HTML in a brief. The parser has parsed it (`parse/plugins/raw-html.ts`) and the handlers put
 * it in the page as written (`handlers/raw-html.ts`); by default the page is then sanitised
 * (hast-util-sanitize) with {@link SAHIFA_SCHEMA}: GitHub's schema plus what briefs and sahifa's own
 * markup need (`dir`, `lang`, `bdi`, `figure`/`figcaption`, `aside`, `section`, tables, classes),
 * without scripts, event attributes, styles, frames, forms or remote sources. An `<img>` stays only
 * when it names an image sahifa copied next to the page (`images/…`), so the page never loads
 * anything from another host or from outside its folder; any other shows its alt text. With
 * `allowHtml` (`--allow-html`) raw HTML is passed through as written: only for briefs you trust.
 *
 * Briefs without raw HTML are not touched (the same bytes as without this step).
 */
import type { Element, Nodes, Root } from 'hast';
import { sanitize } from 'hast-util-sanitize';
import type { Nodes as MdastNodes } from 'mdast';
import './hast-data.js';
import { SAHIFA_SCHEMA, STASH } from '../../model/hidden-html.js';
import { isSafeLink } from '../../parse/plugins/safety.js';

/** True when the brief has raw HTML: a node the parser made from it (`data.hast`). */
export function hasRawHtml(node: MdastNodes): boolean {
  if (node.data?.hast !== undefined) return true;
  return 'children' in node && (node.children as MdastNodes[]).some(hasRawHtml);
}

/**
 * Sanitises a page body that holds a brief's raw HTML, unless `allowHtml`.
 *
 * @param root the body content as mdast-util-to-hast made it
 * @param tree the brief, to tell whether it has raw HTML at all ({@link hasRawHtml})
 * @param pageImages images written next to the page: a `src` an `<img>` of the brief's raw HTML may
 *   use (the asset path `images/…`, or the path a figure of the brief wrote) → the asset path; an
 *   `<img>` is kept only when it names one of them
 * @returns the same root when it holds no raw HTML, else a new one
 */
export function sanitizePage(root: Root, tree: MdastNodes, allowHtml: boolean, pageImages: ReadonlyMap<string, string> = new Map()): Root {
  if (allowHtml || !hasRawHtml(tree)) return root;
  stashData(root);
  const clean = sanitize(root, SAHIFA_SCHEMA) as Root;
  keepOnlyPageImages(clean, pageImages);
  dropUnsafeHrefs(clean);
  unstashData(clean);
  return clean;
}

/** Copies each element's `data.dir`/`data.lang` into {@link STASH} properties. */
function stashData(node: Nodes): void {
  if (node.type === 'element') {
    if (node.data?.dir) node.properties[STASH.dir] = node.data.dir;
    if (node.data?.lang) node.properties[STASH.lang] = node.data.lang;
  }
  if ('children' in node) for (const c of node.children as Nodes[]) stashData(c);
}

/**
 * Moves {@link STASH} properties back into `data` (values other than `ltr`/`rtl` are dropped: a
 * brief's own HTML may carry such attributes too, and `dir` is what it can set anyway).
 */
function unstashData(node: Nodes): void {
  if (node.type === 'element') {
    const dir = node.properties[STASH.dir];
    const lang = node.properties[STASH.lang];
    delete node.properties[STASH.dir];
    delete node.properties[STASH.lang];
    if (dir === 'ltr' || dir === 'rtl') node.data = { ...node.data, dir } as Element['data'];
    if (typeof lang === 'string' && lang) node.data = { ...node.data, lang } as Element['data'];
  }
  if ('children' in node) for (const c of node.children as Nodes[]) unstashData(c);
}

/**
 * Removes an `href` the link filter refuses ({@link isSafeLink}) that the sanitiser's scheme list
 * lets through: a UNC path `\\host\share\x` has no scheme, but a browser opens it as
 * `//host/share/x` (on a `file:` page, a share of another machine). The link's text stays.
 */
function dropUnsafeHrefs(node: Nodes): void {
  if (node.type === 'element' && node.tagName === 'a') {
    const href = node.properties['href'];
    if (typeof href === 'string' && !isSafeLink(href)) delete node.properties['href'];
  }
  if ('children' in node) for (const c of node.children as Nodes[]) dropUnsafeHrefs(c);
}

/**
 * Keeps an `<img>` only when it points at an image copied next to the page (`pageImages`). Any
 * other (a remote or outside source, a file of the brief's folder that no Markdown image copied,
 * or none) becomes its alt text in a `<span>` (nothing when it has none), the way the PDF and DOCX
 * writers print it, instead of a browser's broken-image icon.
 */
function keepOnlyPageImages(node: Nodes, pageImages: ReadonlyMap<string, string>): void {
  if (!('children' in node)) return;
  const children = node.children as Nodes[];
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (c.type === 'element' && c.tagName === 'img') {
      const src = c.properties['src'];
      const path = typeof src === 'string' ? src.replace(/^(?:\.\/)+/, '') : undefined;
      const copied = path === undefined ? undefined : pageImages.get(path);
      if (copied !== undefined) {
        c.properties['src'] = copied; // `./images/x.png` names the copied `images/x-<hash>.png` too
        continue;
      }
      const alt = typeof c.properties['alt'] === 'string' ? c.properties['alt'].trim() : '';
      const keep = Object.fromEntries(Object.entries(c.properties).filter(([k]) => ['dir', 'lang', STASH.dir, STASH.lang].includes(k)));
      if (alt) children[i] = { type: 'element', tagName: 'span', properties: keep, children: [{ type: 'text', value: alt }] };
      else children.splice(i--, 1);
      continue;
    }
    keepOnlyPageImages(c, pageImages);
  }
}

export { SAHIFA_SCHEMA };
