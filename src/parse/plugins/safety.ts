/**
 * unified plugin (right after the Markdown syntax plugins, before the front-matter plugin): the
 * limits and link safety every writer relies on.
 *
 * - the tree may nest at most `limits.maxNestingDepth` deep (block quotes, lists, components,
 *   emphasis, links): an error at the first node that goes deeper;
 * - a table may hold at most `limits.maxTableCells` cells: an error at the table;
 * - links and link definitions whose URL would run code or embed content (`javascript:`,
 *   `vbscript:`, `data:`, `file:` and other schemes that are not `http`, `https`, `mailto` or
 *   `tel`, and UNC paths `\\host\share`) are dropped with a warning: the link's text stays, as
 *   plain text; so are links whose URL is longer than `limits.maxUrlChars`;
 * - a brief may hold at most `limits.maxLinks` links: an error at the first one over.
 */
import type { Nodes, Root } from 'mdast';
import type { VFile } from 'vfile';
import { SahifaError } from '../../model/errors.js';
import { DEFAULT_LIMITS } from '../../model/limits.js';

/** URL schemes a link may use; relative URLs and `#fragments` are always fine. */
export const SAFE_LINK_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'mailto', 'tel']);

/**
 * True when a link URL is relative or uses one of {@link SAFE_LINK_SCHEMES}. Control characters and
 * spaces inside the scheme are ignored, as browsers do. A UNC path (`\\host\share\x.docx`, or any
 * start of two slashes with a backslash among them) is a `file:` link to another machine in Word
 * and PDF readers (and a browser reads it as `//host/…`): refused like `file:`. A plain
 * protocol-relative `//host/page` stays (a web link).
 */
export function isSafeLink(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (/^[\\/]{2}/.test(cleaned) && cleaned.slice(0, 2) !== '//') return false;
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  return !m || SAFE_LINK_SCHEMES.has(m[1]!.toLowerCase());
}

/** The plugin; see the module comment. */
export function remarkSahifaSafety() {
  return (tree: Root, file: VFile): void => {
    const name = file.path || '<input>';
    const limits = file.data.limits ?? DEFAULT_LIMITS;
    const tooLong = (url: string): boolean => url.length > limits.maxUrlChars;
    const keep = (url: string): boolean => isSafeLink(url) && !tooLong(url);
    const drop = (node: Nodes, url: string): void => {
      const why = tooLong(url) ? `its URL is ${url.length.toLocaleString('en')} characters long; the limit is ${limits.maxUrlChars.toLocaleString('en')}` : 'only http, https, mailto, tel and relative links are kept';
      const m = file.message(`link "${url.slice(0, 80)}" is dropped: ${why}`, { place: node.position, ruleId: tooLong(url) ? 'limit' : 'unsafe-link', source: 'sahifa' });
      m.fatal = false;
    };
    let links = 0;
    const place = (node: Nodes) => ({ file: name, line: node.position?.start.line, column: node.position?.start.column });
    // Iterative walk: a deep tree must give an error, not a stack overflow.
    const stack: { node: Nodes; depth: number }[] = [{ node: tree, depth: 0 }];
    while (stack.length) {
      const { node, depth } = stack.pop()!;
      if (depth > limits.maxNestingDepth) {
        throw new SahifaError(place(node), `Markdown nested more than ${limits.maxNestingDepth} deep (block quotes, lists, components, emphasis or links inside each other)`, 'limit');
      }
      if (node.type === 'table') {
        const cells = node.children.reduce((n, row) => n + row.children.length, 0);
        if (cells > limits.maxTableCells) {
          throw new SahifaError(place(node), `table of ${node.children.length} rows holds ${cells} cells; the limit is ${limits.maxTableCells.toLocaleString('en')}`, 'limit');
        }
      }
      if ((node.type === 'link' || node.type === 'linkReference') && ++links > limits.maxLinks) {
        throw new SahifaError(place(node), `more than ${limits.maxLinks.toLocaleString('en')} links in the brief; the limit is ${limits.maxLinks.toLocaleString('en')}`, 'limit');
      }
      if (node.type === 'definition' && !keep(node.url)) {
        drop(node, node.url);
        node.url = '';
      }
      if (!('children' in node)) continue;
      // An unsafe link is replaced by its text.
      const kids = node.children as Nodes[];
      if (kids.some((c) => c.type === 'link' && !keep(c.url))) {
        (node as { children: Nodes[] }).children = kids.flatMap((c) => {
          if (c.type !== 'link' || keep(c.url)) return [c];
          drop(c, c.url);
          return c.children as Nodes[];
        });
      }
      for (const child of (node as { children: Nodes[] }).children) stack.push({ node: child, depth: depth + 1 });
    }
  };
}
