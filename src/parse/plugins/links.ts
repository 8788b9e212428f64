/**
 * unified plugin (after `headings`, which gives headings their ids): links every writer can follow.
 *
 * - reference-style links become plain links ({@link resolveLinkReferences});
 * - links to a heading by its GitHub slug or anchor id point at its `#sec-N`
 *   ({@link linkHeadings}); a `#sec-N` that names no heading is a warning (rule `link`) and
 *   printed as text.
 */
import type { Heading, Nodes, Root } from 'mdast';
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { isHeadingId } from '../../model/anchors.js';

/** The plugin; see the module comment. */
export function remarkSahifaLinks() {
  return (tree: Root, file: VFile): void => {
    resolveLinkReferences(tree);
    linkHeadings(tree, (reason, node) => {
      file.message(reason, { place: node.position, ruleId: 'link', source: 'sahifa' }).fatal = false;
    });
  };
}

/**
 * Links to headings as written on GitHub and in most Markdown sites, `[…](#1-التطابقات-الأساسية)`
 * or `[…][ref]` with `[ref]: #…`: the fragment is the heading's slug (github-slugger: lower case,
 * punctuation dropped, spaces to hyphens, `-1`, `-2`… for repeats, over every heading in document
 * order). Such a link to a heading with an anchor id becomes `#sec-N`, which all three writers
 * resolve (HTML `href`, PDF destination, DOCX bookmark), and the heading is marked `data.linked`.
 * A fragment that is no heading's slug but one's anchor id (`#sec-2`) goes to that heading; a
 * `#sec-N` that names no heading is reported (`warn`) and printed as plain text, since the writers
 * make every `#sec-N` an internal link. Other fragments are left as written.
 */
function linkHeadings(tree: Root, warn: (reason: string, node: Nodes) => void): void {
  const slugger = new GithubSlugger();
  const bySlug = new Map<string, Heading>();
  const byId = new Map<string, Heading>();
  const headings = (node: Nodes): void => {
    if (node.type === 'heading') {
      const slug = slugger.slug(toString(node, { includeHtml: false }));
      if (node.data?.id) {
        if (!bySlug.has(slug)) bySlug.set(slug, node);
        byId.set(node.data.id, node);
      }
      return;
    }
    if ('children' in node) for (const c of node.children as Nodes[]) headings(c);
  };
  headings(tree);
  /** The heading `url` points at, `null` for a `#sec-N` that names none, else undefined. */
  const target = (url: string): Heading | null | undefined => {
    if (!url.startsWith('#')) return undefined;
    let fragment = url.slice(1);
    try {
      fragment = decodeURIComponent(fragment);
    } catch {
      /* a stray % is taken as written */
    }
    const heading = bySlug.get(fragment) ?? bySlug.get(fragment.toLowerCase()) ?? byId.get(fragment);
    return heading ?? (isHeadingId(fragment) ? null : undefined);
  };
  const point = (node: { url: string }, heading: Heading): void => {
    node.url = `#${heading.data!.id!}`;
    heading.data = { ...heading.data, linked: true };
  };
  const links = (node: Nodes): void => {
    if (node.type === 'definition') {
      const heading = target(node.url);
      if (heading) point(node, heading);
    }
    if (!('children' in node)) return;
    const kids = node.children as Nodes[];
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i]!;
      if (c.type === 'link') {
        const heading = target(c.url);
        if (heading) point(c, heading);
        else if (heading === null) {
          warn(`link "${c.url}" points at no heading: printed as text`, c);
          kids.splice(i, 1, ...(c.children as Nodes[]));
          i--;
          continue;
        }
      }
      links(c);
    }
  };
  links(tree);
}

/**
 * Reference-style links (`[text][ref]`, `[ref][]`, `[ref]` with `[ref]: url` elsewhere) made plain
 * links to their definition's URL, so every writer links them: the PDF and DOCX printed them as
 * plain text. A reference with no definition, or whose definition was emptied as unsafe (see
 * safety.ts), is left as it is.
 */
function resolveLinkReferences(tree: Root): void {
  const definitions = new Map<string, { url: string; title?: string | null | undefined }>();
  const collect = (node: Nodes): void => {
    if (node.type === 'definition' && !definitions.has(node.identifier)) definitions.set(node.identifier, node);
    if ('children' in node) for (const c of node.children as Nodes[]) collect(c);
  };
  collect(tree);
  if (!definitions.size) return;
  const replace = (node: Nodes): void => {
    if (!('children' in node)) return;
    const kids = node.children as Nodes[];
    kids.forEach((c, i) => {
      if (c.type === 'linkReference') {
        const def = definitions.get(c.identifier);
        if (def?.url) kids[i] = { type: 'link', url: def.url, title: def.title ?? null, children: c.children, ...(c.position ? { position: c.position } : {}) };
      }
      replace(kids[i]!);
    });
  };
  replace(tree);
}
