/**
 * unified plugin (after remark-directive and the front-matter plugin, before the direction
 * plugin): turns the brief's components into typed mdast nodes that every writer maps by type.
 *
 * - container directives `:::keypoints`, `:::summary`, `:::recommendations`, `:::note`/`:::callout`,
 *   `:::quote`, `:::sidebar[Title]`/`:::box[Title]`, `:::abstract{lang=en}`, `:::about`,
 *   `:::disclaimer`, `:::references` → {@link Component} nodes (label → `title`; `lang`/`dir`
 *   attributes → `data.lang`/`data.dir`, which the direction plugin then respects);
 * - a paragraph holding only an image, and the leaf `::figure[caption]{src=…}` → a numbered
 *   {@link Figure} (local PNG/JPEG only, size read from the file);
 * - footnote references and definitions get `data.number` (order of first reference);
 * - headings `#`…`###` with text get `data.id` (`sec-1`…) for the table of contents;
 * - front matter `toc: true` → a {@link Toc} node at the start of the body;
 * - reference-style links become plain links ({@link resolveLinkReferences}), and links to a
 *   heading by its GitHub slug or anchor id point at its `#sec-N` ({@link linkHeadings}).
 *
 * Unknown container and leaf directives are reported as warnings (rule `directive`) at their
 * place and their content is kept as plain blocks; a container that is never closed (it runs to
 * the end of the brief) is a warning at its opening line (rule `unclosed-directive`); an inline
 * `:name` that is not a known directive (e.g. "a:b" in running text) is put back as the text it
 * was written as.
 */
import { dirname, resolve } from 'node:path';
import type { Heading, Image, Nodes, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { headingId, isHeadingId } from '../../model/anchors.js';
import { blockDirection, dirFromLang, type Dir } from '../../model/direction.js';
import { SahifaError } from '../../model/errors.js';
import { decodedBytes, imageInfo, imageProblem } from '../../model/images.js';
import { DEFAULT_LIMITS, formatBytes, type Limits } from '../../model/limits.js';
import { localFile, readRegularFile } from '../../io/paths.js';
import { hostOf, remoteHint } from '../../model/remote.js';
import { didYouMean } from '../../model/suggest.js';
import { svgFigure } from '../svg-figure.js';
import type { Component, ComponentName, Figure } from '../../model/mdast.js';

/** Container directive name (lower case) → component; `callout` and `box` are aliases. */
export const CONTAINER_COMPONENTS: Readonly<Record<string, ComponentName>> = {
  keypoints: 'keypoints',
  summary: 'summary',
  recommendations: 'recommendations',
  note: 'note',
  callout: 'note',
  quote: 'quote',
  sidebar: 'sidebar',
  box: 'sidebar',
  abstract: 'abstract',
  about: 'about',
  disclaimer: 'disclaimer',
  references: 'references',
};

/** Deepest heading level listed in the table of contents (and given an id). */
export const TOC_DEPTH = 3;

type AnyParent = { children: Nodes[] };

declare module 'vfile' {
  interface DataMap {
    /** Project root: images are read only from inside it (set by `parse`; default `file.cwd`). */
    root: string;
    /** Limits of this parse (default {@link DEFAULT_LIMITS}). */
    limits: Limits;
    /** Hosts remote images may be fetched from (`--allow-remote`); lower case. */
    allowRemote: readonly string[];
    /** Remote images already fetched: URL as written → bytes. */
    fetched: ReadonlyMap<string, Uint8Array>;
    /** Remote images on allowed hosts that are not fetched yet (URL as written, in order). */
    remoteWanted: string[];
    /** Every image a figure was looked for, in order, with the bytes read (see {@link ImageInput}). */
    imageInputs: ImageInput[];
  }
}

/**
 * An image the parser looked at for a figure: an input of the brief's outputs. The build manifest
 * records the SHA-256 of `bytes`, the very bytes the writers embed (never a second read of the
 * file), so an image replaced during a build is not recorded with the output made from the old one.
 */
export interface ImageInput {
  /** Absolute path of the file (its real path when it exists), or the URL of a remote image. */
  readonly path: string;
  /** The bytes read or fetched; `null` when nothing was read (missing, refused, not a file, not fetched). */
  readonly bytes: Uint8Array | null;
}

/** The plugin; see the module comment. */
export function remarkSahifaComponents() {
  return (tree: Root, file: VFile): void => {
    const name = file.path || '<input>';
    const baseDir = file.path ? dirname(resolve(file.cwd, file.path)) : file.cwd;
    const root = resolve(file.data.root ?? file.cwd);
    const limits = file.data.limits ?? DEFAULT_LIMITS;
    const allowed = file.data.allowRemote ?? [];
    const fetched = file.data.fetched;
    const wanted: string[] = (file.data.remoteWanted = []);
    const inputs: ImageInput[] = (file.data.imageInputs = []);
    const meta = file.data.meta;
    const docDir: Dir = meta?.dir ?? 'rtl';
    let figures = 0;
    let sections = 0;

    const place = (node: Nodes) => ({ file: name, line: node.position?.start.line, column: node.position?.start.column });
    const warn = (node: Nodes, reason: string, ruleId = 'directive'): void => {
      const m = file.message(reason, { place: node.position, ruleId, source: 'sahifa' });
      m.fatal = false;
    };

    /**
     * A figure for a local PNG/JPEG (or a remote one fetched from an allowed host). An image that
     * cannot be used (remote and not fetched, missing, not a regular file, another format, or a
     * path that leads outside the project folder: absolute, `..`, a symlink out) gives a warning at
     * its place and no figure, and nothing is read: the caller keeps its alt text instead, so a
     * brief still builds (`sahifa check` reports these as errors). A damaged image or one over the
     * limits (file size, pixels, decoded bytes) is an error.
     */
    const figureOf = (node: Nodes, url: string, alt: string, caption: string): Figure | undefined => {
      let bytes: Uint8Array;
      let src: string;
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
        const host = hostOf(url);
        const got = fetched?.get(url);
        if (got) {
          bytes = got;
          src = url;
          inputs.push({ path: url, bytes });
        } else {
          if (host && /^https?:/i.test(url) && allowed.includes(host)) {
            if (!wanted.includes(url)) wanted.push(url);
          }
          const m = file.message(`image "${url}" is not fetched: ${remoteHint(url)}; its alt text is shown`, { place: node.position, ruleId: 'remote-image', source: 'sahifa' });
          m.fatal = false;
          return undefined;
        }
      } else {
        const lexical = resolve(baseDir, url.replace(/[?#].*$/s, ''));
        const contained = localFile(url, baseDir, root, 'image');
        if (!contained) {
          inputs.push({ path: lexical, bytes: null });
          warn(node, `image "${url}" is not a file; its alt text is shown`, 'image');
          return undefined;
        }
        if (!contained.ok) {
          inputs.push({ path: lexical, bytes: null });
          warn(node, `image "${url}": ${contained.reason}; its alt text is shown`, 'path');
          return undefined;
        }
        src = contained.path;
        const read = contained.exists ? readRegularFile(src, limits.maxImageBytes) : undefined;
        if (!read?.ok) inputs.push({ path: src, bytes: null });
        if (!read || (!read.ok && read.refusal === 'missing')) {
          warn(node, `image "${url}" not found (looked for ${src}); its alt text is shown`, 'image');
          return undefined;
        }
        if (!read.ok) {
          if (read.refusal === 'too-large') {
            throw new SahifaError(place(node), `image "${url}" is ${formatBytes(read.size ?? 0)}; the limit is ${formatBytes(limits.maxImageBytes)}`, 'limit');
          }
          warn(node, read.refusal === 'not-file' ? `image "${url}" is not a file; its alt text is shown` : `image "${url}" ${read.reason}; its alt text is shown`, 'image');
          return undefined;
        }
        bytes = read.bytes;
        inputs.push({ path: src, bytes });
      }
      const info = imageInfo(bytes);
      if (!info) {
        const head = new TextDecoder().decode(bytes.subarray(0, 4096));
        if (/<svg[\s>]/i.test(head) || /\.svg$/i.test(src)) {
          const figure = svgFigure(bytes, url, src, alt, caption, (reason) => warn(node, reason, 'image'));
          if (!figure) return undefined;
          figure.number = ++figures;
          if (node.position) figure.position = node.position;
          figure.data = { dir: blockDirection(caption || alt, docDir) };
          return figure;
        }
        warn(node, `image "${url}" is not a PNG, JPEG or SVG file; its alt text is shown`, 'image');
        return undefined;
      }
      if (info.width * info.height > limits.maxImagePixels) {
        throw new SahifaError(place(node), `image "${url}" has ${info.width} × ${info.height} pixels; the limit is ${limits.maxImagePixels.toLocaleString('en')} pixels`, 'limit');
      }
      const decoded = decodedBytes(bytes, info);
      if (decoded > limits.maxImageDecodedBytes) {
        throw new SahifaError(place(node), `image "${url}" decodes to ${formatBytes(decoded)} of pixels (${info.width} × ${info.height}); the limit is ${formatBytes(limits.maxImageDecodedBytes)}`, 'limit');
      }
      const problem = imageProblem(bytes, info);
      if (problem) throw new SahifaError(place(node), `image "${url}" is damaged: ${problem}`, 'image');
      const figure: Figure = { type: 'figure', url, src, bytes, ...info, alt, caption, number: ++figures };
      if (node.position) figure.position = node.position;
      figure.data = { dir: blockDirection(caption || alt, docDir) };
      return figure;
    };

    /** A paragraph whose only non-blank child is an image. */
    const loneImage = (node: Paragraph): Image | undefined => {
      const kids = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      return kids.length === 1 && kids[0]!.type === 'image' ? kids[0] : undefined;
    };

    const component = (node: ContainerDirective, kind: ComponentName): Component => {
      const [first, ...rest] = node.children;
      const labelled = first?.type === 'paragraph' && first.data?.directiveLabel === true;
      const out: Component = { type: 'component', name: kind, children: (labelled ? rest : node.children) as Component['children'] };
      if (labelled) out.title = (first as Paragraph).children;
      if (node.position) out.position = node.position;
      const attrs = node.attributes ?? {};
      const lang = attrs['lang'] ?? undefined;
      const dirAttr = attrs['dir'] === 'rtl' || attrs['dir'] === 'ltr' ? attrs['dir'] : undefined;
      if (lang || dirAttr) out.data = { ...(lang ? { lang } : {}), dir: dirAttr ?? dirFromLang(lang!) };
      return out;
    };

    const lines = String(file.value).split('\n');
    /**
     * True when a container directive ends with its own `:::` line. micromark closes an unclosed
     * one at the end of the document (or of the block around it), after its last child; only the
     * last child of a parent can be unclosed.
     */
    const closed = (node: ContainerDirective): boolean => {
      const end = node.position?.end;
      if (!end) return true;
      const last = node.children.at(-1);
      if (last?.position && last.position.end.line >= end.line && !(last.type === 'paragraph' && last.data?.directiveLabel)) return false;
      // the closing line, without the markers of block quotes and lists around the directive
      return /^[\s>]*(?:[-*+]\s+|\d+[.)]\s+)*:{3,}\s*$/.test(lines[end.line - 1] ?? '');
    };

    /** Rewrites the children of `parent` in place (depth first). */
    const walk = (parent: AnyParent): void => {
      const out: Nodes[] = [];
      for (const node of parent.children) {
        if (node.type === 'containerDirective') {
          const kind = CONTAINER_COMPONENTS[node.name.toLowerCase()];
          if (node === parent.children.at(-1) && !closed(node)) {
            const where = parent === (tree as unknown as AnyParent) ? 'brief' : 'enclosing block';
            const m = file.message(`\`:::${node.name}\` is never closed: everything after it to the end of the ${where} is inside it; end it with a line \`:::\``, { place: node.position?.start, ruleId: 'unclosed-directive', source: 'sahifa' });
            m.fatal = false;
          }
          walk(node as unknown as AnyParent);
          if (kind) out.push(component(node, kind) as unknown as Nodes);
          else {
            warn(node, `unknown directive \`:::${node.name}\` (known: ${Object.keys(CONTAINER_COMPONENTS).join(', ')})${didYouMean(node.name, Object.keys(CONTAINER_COMPONENTS), (n) => `\`:::${n}\``)}; its content is printed as plain text`);
            const kids = node.children.filter((c) => !(c.type === 'paragraph' && c.data?.directiveLabel));
            out.push(...(kids as Nodes[]));
          }
          continue;
        }
        if (node.type === 'leafDirective') {
          const leaf = node as LeafDirective;
          if (leaf.name.toLowerCase() === 'figure') {
            const attrs = leaf.attributes ?? {};
            const src = attrs['src'];
            if (!src) throw new SahifaError(place(leaf), '`::figure` needs a `src` attribute: ::figure[caption]{src="images/chart.png"}', 'directive');
            const caption = toString(leaf) || attrs['caption'] || '';
            const figure = figureOf(leaf, src, attrs['alt'] ?? caption, caption);
            if (figure) out.push(figure as unknown as Nodes);
            else if (caption) out.push({ type: 'paragraph', children: [{ type: 'text', value: caption }] } as Nodes);
          } else if (leaf.name.toLowerCase() === 'chart') {
            out.push(leaf); // charts.ts, the next plugin
          } else {
            warn(leaf, `unknown directive \`::${leaf.name}\`${didYouMean(leaf.name, ['figure', 'chart'], (n) => `\`::${n}\``)}; it is left out`);
          }
          continue;
        }
        if (node.type === 'textDirective') {
          out.push(...(textBack(node as TextDirective) as Nodes[]));
          continue;
        }
        if (node.type === 'paragraph') {
          const image = loneImage(node);
          if (image) {
            const figure = figureOf(node, image.url, image.alt ?? '', image.title ?? image.alt ?? '');
            if (figure) out.push(figure as unknown as Nodes);
            else if (image.alt) out.push({ ...node, children: [{ type: 'text', value: image.alt }] });
            continue;
          }
        }
        // a heading with no text (`##` alone) prints nothing: no anchor, no entry in the contents
        // (the PDF listed it with no page and linked to a destination pdfmake never made)
        if (node.type === 'heading' && node.depth <= TOC_DEPTH && /[^\s\p{Default_Ignorable_Code_Point}]/u.test(toString(node, { includeHtml: false }))) {
          (node as Heading).data = { ...node.data, id: headingId(++sections) };
        }
        if ('children' in node) walk(node as AnyParent);
        out.push(node);
      }
      parent.children = out;
    };
    walk(tree as unknown as AnyParent);
    inlineImages(tree, (url) => localFile(url, baseDir, root, 'image'), (node, reason) => warn(node, reason, 'path'));
    resolveLinkReferences(tree as unknown as Root);
    linkHeadings(tree as unknown as Root, (reason, node) => warn(node, reason, 'link'));

    // Footnotes: numbered in order of first reference, as mdast-util-to-hast and Word number them.
    const numbers = new Map<string, number>();
    const refs = (node: Nodes): void => {
      if (node.type === 'footnoteReference') {
        const id = node.identifier.toLowerCase();
        if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
        node.data = { ...node.data, number: numbers.get(id) };
      }
      if (node.type === 'footnoteDefinition') return;
      if ('children' in node) for (const c of node.children as Nodes[]) refs(c);
    };
    refs(tree);
    const defs = (node: Nodes): void => {
      if (node.type === 'footnoteDefinition') {
        const n = numbers.get(node.identifier.toLowerCase());
        if (n !== undefined) node.data = { ...node.data, number: n };
        for (const c of node.children) refs(c);
      }
      if ('children' in node) for (const c of node.children as Nodes[]) defs(c);
    };
    defs(tree);

    if (meta && (meta as { toc?: boolean }).toc) tree.children.unshift({ type: 'toc' } as RootContent);
  };
}

/**
 * Images inside running text (`text ![a](x.png) text`, `![a][ref]`): the writers print their alt
 * text and read nothing, but their path goes through the same containment check as a figure's
 * (`check`): one that leads outside the project folder gets the same warning at the image, so
 * `sahifa check` reports it as an error.
 */
function inlineImages(tree: Root, check: (url: string) => ReturnType<typeof localFile>, warn: (node: Nodes, reason: string) => void): void {
  const definitions = new Map<string, string>();
  const collect = (node: Nodes): void => {
    if (node.type === 'definition' && !definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
    if ('children' in node) for (const c of node.children as Nodes[]) collect(c);
  };
  collect(tree);
  const visit = (node: Nodes): void => {
    const url = node.type === 'image' ? node.url : node.type === 'imageReference' ? definitions.get(node.identifier) : undefined;
    if (url !== undefined) {
      const contained = check(url);
      if (contained && !contained.ok) warn(node, `image "${url}": ${contained.reason}; its alt text is shown`);
    }
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
}

/** An inline directive that is not one: the text it was written as (`:name` plus `[label]`). */
function textBack(node: TextDirective): PhrasingContent[] {
  const head: Text = { type: 'text', value: `:${node.name}` };
  if (!node.children.length) return [head];
  return [head, { type: 'text', value: '[' }, ...node.children, { type: 'text', value: ']' }];
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
