/**
 * unified plugin (after the cross-references plugin): citations from the front matter's
 * `bibliography` (BibTeX/BibLaTeX `.bib` or CSL-JSON `.json`, one file or a list, read only
 * inside the project folder) in the CSL style `csl` (a shipped style name, `chicago-author-date`
 * by default or `ieee`, or a `.csl` file of the project), in the brief's language.
 *
 * - `[@key]`, `[see @key, p. 5]`, `[@a; @b]`, `[-@key]` and `@key` in running text (Pandoc's
 *   syntax, {@link findCitations}) become the style's text, each cited item a link to its entry
 *   (`#ref-N`, `data.anchor`);
 * - the reference list, an ordered list whose items carry each entry's own direction and language
 *   (`data.dir`, `data.lang`) and whose paragraphs carry the entry's anchor id (`data.id`), goes at
 *   the end of the first `:::references` box, or in a new one at the end of the brief; a DOI or
 *   URL in an entry is a link.
 *
 * A brief without `bibliography` loads nothing and changes nothing. Errors (SahifaError): an
 * unknown key at its place (with "did you mean"); a broken `.bib` at the `.bib`'s line; a
 * bibliography or style outside the project or missing, at the front-matter key; a cited key the
 * style leaves out of the list.
 */
import { dirname, extname, join, resolve } from 'node:path';
import type { Link, ListItem, Nodes, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { VFile } from 'vfile';
import { referenceId } from '../../model/anchors.js';
import { findCitations, placeIn, readLocator, type CitationSpan } from '../../model/citations.js';
import { dirFromLang } from '../../model/direction.js';
import { SahifaError } from '../../model/errors.js';
import { frontMatterKeyPlace, guessLang } from '../../model/front-matter.js';
import { DEFAULT_LIMITS, formatBytes } from '../../model/limits.js';
import type { Component } from '../../model/mdast.js';
import { localFile, readRegularFile } from '../../io/paths.js';
import { didYouMean } from '../../model/suggest.js';
import { shippedCsl } from '../../io/csl-files.js';
import { BibliographyError, readBibliography, renderCitations, SHIPPED_STYLES, type ClusterItem, type CslItem } from '../citeproc.js';

type AnyParent = { children: Nodes[] };

/** biblatex `langid` names (babel's) → BCP 47. */
const BABEL: Readonly<Record<string, string>> = { arabic: 'ar', english: 'en', american: 'en-US', british: 'en-GB', french: 'fr', german: 'de', persian: 'fa', farsi: 'fa', urdu: 'ur', hebrew: 'he', spanish: 'es', turkish: 'tr' };

/** The language an entry is written in: its `language` field (`langid`), else guessed from the letters of its title and names. */
export function entryLanguage(item: CslItem): string {
  const given = typeof item.language === 'string' ? item.language.trim() : '';
  if (given) return BABEL[given.toLowerCase()] ?? given;
  const names = (['author', 'editor'] as const).flatMap((k) => (Array.isArray(item[k]) ? (item[k] as Array<Record<string, string>>).map((n) => `${n['family'] ?? ''} ${n['given'] ?? ''} ${n['literal'] ?? ''}`) : []));
  return guessLang(`${item.title ?? ''} ${names.join(' ')}`);
}

/** The plugin; see the module comment. */
export function remarkSahifaCitations() {
  return (tree: Root, file: VFile): void => {
    const meta = file.data.meta;
    if (!meta?.bibliography) return;
    const name = file.path || '<input>';
    const source = String(file.value);
    const baseDir = file.path ? dirname(resolve(file.cwd, file.path)) : file.cwd;
    const root = resolve(file.data.root ?? file.cwd);
    const limits = file.data.limits ?? DEFAULT_LIMITS;
    const keyPlace = (key: string) => ({ file: name, ...(frontMatterKeyPlace(source, key) ?? { line: 1, column: 1 }) });
    /** Reads a file of the project named in front matter `key`; an input of the brief's outputs (manifest). */
    const readInput = (written: string, key: string): { text: string; shown: string } => {
      const contained = localFile(written, baseDir, root, 'image');
      if (!contained || !contained.ok) throw new SahifaError(keyPlace(key), `${key} "${written}": ${contained ? contained.reason : 'is not a file of the project'}`, 'bibliography');
      const read = contained.exists ? readRegularFile(contained.path, limits.maxImageBytes) : undefined;
      (file.data.imageInputs ??= []).push({ path: contained.path, bytes: read?.ok ? read.bytes : null });
      if (!read || !read.ok) {
        const why = !read || read.refusal === 'missing' ? `not found (looked for ${contained.path})` : read.refusal === 'too-large' ? `is ${formatBytes(read.size ?? 0)}; the limit is ${formatBytes(limits.maxImageBytes)}` : read.reason;
        throw new SahifaError(keyPlace(key), `${key} "${written}" ${why}`, 'bibliography');
      }
      return { text: new TextDecoder().decode(read.bytes).replace(/^\uFEFF/, ''), shown: join(dirname(name), written) };
    };

    // the bibliography
    const items = new Map<string, CslItem>();
    for (const written of ([] as string[]).concat(meta.bibliography)) {
      const ext = extname(written).toLowerCase();
      if (ext !== '.bib' && ext !== '.bibtex' && ext !== '.json') throw new SahifaError(keyPlace('bibliography'), `bibliography "${written}": use a BibTeX/BibLaTeX .bib or a CSL-JSON .json file`, 'bibliography');
      const { text, shown } = readInput(written, 'bibliography');
      let read: CslItem[];
      try {
        read = readBibliography(text, ext === '.json' ? 'csl-json' : 'bibtex');
      } catch (err) {
        if (!(err instanceof BibliographyError)) throw err;
        throw new SahifaError({ file: shown, line: err.line ?? 1, column: err.column ?? 1 }, `broken bibliography: ${err.reason}`, 'bibliography');
      }
      for (const item of read) if (!items.has(item.id)) items.set(item.id, item);
    }

    // the style
    let style: string;
    const csl = meta.csl;
    if (csl && /\.csl$/i.test(csl)) style = readInput(csl, 'csl').text;
    else {
      const shipped = csl ?? SHIPPED_STYLES.keys().next().value!;
      const file = SHIPPED_STYLES.get(shipped);
      if (!file) throw new SahifaError(keyPlace('csl'), `unknown citation style "${shipped}" (shipped: ${[...SHIPPED_STYLES.keys()].join(', ')}; or a .csl file of the project)${didYouMean(shipped, SHIPPED_STYLES.keys())}`, 'bibliography');
      style = shippedCsl(file);
    }

    // the citations, in order; each bare `@key` is two clusters (author, then the rest), as Pandoc renders it
    const found: Array<{ text: Text; parent: AnyParent; spans: CitationSpan[] }> = [];
    const clusters: ClusterItem[][] = [];
    const visit = (parent: AnyParent): void => {
      for (const node of parent.children) {
        if (node.type === 'text') {
          const spans = findCitations(node.value);
          if (!spans.length) continue;
          for (const span of spans) {
            for (const item of span.items) {
              if (!items.has(item.key)) throw new SahifaError(placeIn(name, node, item.offset), `unknown citation key @${item.key}${didYouMean(item.key, items.keys(), (k) => `@${k}`)}`, 'citation');
            }
            const citeItems = span.items.map((item): ClusterItem => {
              const loc = readLocator(item.suffix);
              return { id: item.key, ...(item.prefix ? { prefix: `${item.prefix} ` } : {}), ...(loc.suffix ? { suffix: ` ${loc.suffix}` } : {}), ...(loc.locator ? { locator: loc.locator, label: loc.label } : {}), ...(item.suppressAuthor ? { 'suppress-author': true } : {}) };
            });
            if (span.inText) clusters.push([{ ...citeItems[0]!, 'author-only': true }], [{ ...citeItems[0]!, 'suppress-author': true }]);
            else clusters.push(citeItems);
          }
          found.push({ text: node, parent, spans });
          continue;
        }
        if ('children' in node && node.type !== 'link' && node.type !== 'linkReference') visit(node as AnyParent);
      }
    };
    visit(tree as unknown as AnyParent);

    const rendered = renderCitations([...items.values()], clusters, style, meta.lang, entryLanguage);
    const number = new Map(rendered.entries.map((e, i) => [e.id, i + 1]));
    for (const { text, spans } of found) {
      for (const span of spans) {
        const missing = span.items.find((it) => !number.has(it.key));
        if (missing) throw new SahifaError(placeIn(name, text, missing.offset), `@${missing.key} is not in the reference list the style makes`, 'citation');
      }
    }

    // the text: each span replaced by its cluster(s)
    let k = 0;
    const anchorOf = (id: string): string => referenceId(number.get(id)!);
    for (const { text, parent, spans } of found) {
      const out: PhrasingContent[] = [];
      let at = 0;
      for (const span of spans) {
        if (span.start > at) out.push({ type: 'text', value: text.value.slice(at, span.start) });
        if (span.inText) {
          const author = toPhrasing(rendered.clusters[k++]!, anchorOf);
          const rest = toPhrasing(rendered.clusters[k++]!, anchorOf);
          out.push(...author, ...(author.length ? [{ type: 'text', value: ' ' } as Text] : []), ...rest);
        } else out.push(...toPhrasing(rendered.clusters[k++]!, anchorOf));
        at = span.end;
      }
      if (at < text.value.length) out.push({ type: 'text', value: text.value.slice(at) });
      const i = parent.children.indexOf(text);
      parent.children.splice(i, 1, ...(out as Nodes[]));
    }

    // the reference list
    const docPrimary = meta.lang.toLowerCase().split('-')[0];
    const list: Nodes = {
      type: 'list',
      ordered: true,
      start: 1,
      spread: false,
      data: { dir: meta.dir }, // the list runs in the brief's direction; each entry in its own
      children: rendered.entries.map((entry, i): ListItem => {
        const lang = entryLanguage(items.get(entry.id)!);
        const dir = dirFromLang(lang);
        const own = lang.toLowerCase().split('-')[0] !== docPrimary ? { lang } : {};
        const paragraph: Paragraph = { type: 'paragraph', children: linkUrls(toPhrasing(entry.html, anchorOf)), data: { id: referenceId(i + 1), dir, ...own } };
        return { type: 'listItem', spread: false, children: [paragraph], data: { dir, ...own } };
      }),
    };
    const box = findReferences(tree);
    if (box) box.children.push(list as Component['children'][number]);
    else tree.children.push({ type: 'component', name: 'references', children: [list] } as unknown as RootContent);
  };
}

/** The first `:::references` component of the tree. */
function findReferences(node: Nodes): Component | undefined {
  if ((node.type as string) === 'component' && (node as unknown as Component).name === 'references') return node as unknown as Component;
  if ('children' in node) for (const c of node.children as Nodes[]) {
    const hit = findReferences(c);
    if (hit) return hit;
  }
  return undefined;
}

const ENTITY: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1]!.toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITY[e.toLowerCase()] ?? m)));

/**
 * citeproc-js's HTML (text, `<i>`, `<b>`, `<span style>`, `<sup>`, `<sub>`, `<div>`, and the
 * `<a href="#cite:ID">` sahifa wraps cited items in) as mdast phrasing: `<i>` emphasis, `<b>`
 * strong, a cited item a link to its entry; other tags keep only their text.
 */
export function toPhrasing(html: string, anchorOf: (id: string) => string): PhrasingContent[] {
  const root: { children: PhrasingContent[] } = { children: [] };
  const stack: Array<{ tag: string; node: { children: PhrasingContent[] } }> = [{ tag: '', node: root }];
  for (const m of html.replace(/\n\s*/g, '').matchAll(/<(\/?)([a-z]+)([^>]*)>|([^<]+)/gi)) {
    const top = stack.at(-1)!;
    if (m[4] !== undefined) {
      const value = decode(m[4]);
      const last = top.node.children.at(-1);
      if (last?.type === 'text') last.value += value;
      else top.node.children.push({ type: 'text', value });
      continue;
    }
    const tag = m[2]!.toLowerCase();
    if (m[1]) {
      const i = stack.map((s) => s.tag).lastIndexOf(tag);
      if (i > 0) stack.length = i;
      continue;
    }
    let node: PhrasingContent | undefined;
    if (tag === 'i' || tag === 'em') node = { type: 'emphasis', children: [] };
    else if (tag === 'b' || tag === 'strong') node = { type: 'strong', children: [] };
    else if (tag === 'a') {
      const cite = /href="#cite:([^"]+)"/.exec(m[3]!);
      if (cite) {
        const anchor = anchorOf(decodeURIComponent(cite[1]!));
        node = { type: 'link', url: `#${anchor}`, data: { anchor }, children: [] } as Link;
      }
    }
    if (node) {
      top.node.children.push(node);
      stack.push({ tag, node: node as { children: PhrasingContent[] } });
    } else stack.push({ tag, node: top.node });
  }
  const kids = root.children;
  const [first, last] = [kids[0], kids.at(-1)];
  if (first?.type === 'text') first.value = first.value.trimStart();
  if (last?.type === 'text') last.value = last.value.trimEnd();
  return kids.filter((c) => c.type !== 'text' || c.value);
}

/** URLs in the text of an entry (`https://…`, and a DOI as `https://doi.org/…` or `doi:10.…`) made links; a final `.` stays text. */
function linkUrls(nodes: PhrasingContent[]): PhrasingContent[] {
  return nodes.flatMap((n): PhrasingContent[] => {
    if (n.type !== 'text') return 'children' in n && n.type !== 'link' ? [{ ...n, children: linkUrls(n.children as PhrasingContent[]) } as PhrasingContent] : [n];
    const out: PhrasingContent[] = [];
    let at = 0;
    for (const m of n.value.matchAll(/(?:https?:\/\/|doi:\s?10\.)[^\s<>"]+?(?=[.,;:)]?(?:\s|$))/gi)) {
      if (m.index > at) out.push({ type: 'text', value: n.value.slice(at, m.index) });
      const url = /^doi:/i.test(m[0]) ? `https://doi.org/${m[0].replace(/^doi:\s?/i, '')}` : m[0];
      out.push({ type: 'link', url, children: [{ type: 'text', value: m[0] }] });
      at = m.index + m[0].length;
    }
    if (at < n.value.length) out.push({ type: 'text', value: n.value.slice(at) });
    return out;
  });
}
