/**
 * The citation libraries, behind three calls: {@link readBibliography} (BibTeX/BibLaTeX through
 * citation-js, or CSL-JSON, into CSL items), and {@link renderCitations} (citeproc-js with a CSL
 * style and locale: the citation clusters and the reference list, as small HTML strings).
 *
 * The libraries are loaded on first use with a `require` made here (not an import): only a brief
 * with a bibliography pays for them, and `parse` stays synchronous. The CSL styles and locales
 * sahifa ships are read by `io/csl-files.ts`.
 */
import { createRequire } from 'node:module';
import { shippedCsl } from '../io/csl-files.js';

/**
 * Styles shipped in `csl/`: the name `csl:` gives → file. The first is the default.
 * Chicago author-date is the 16th edition's style: citeproc-js takes about 4 s to build an engine
 * for the 17th and 18th editions' styles (4,200 lines of macros), 60 ms for this one.
 */
export const SHIPPED_STYLES: ReadonlyMap<string, string> = new Map([
  ['chicago-author-date', 'chicago-author-date-16th-edition.csl'],
  ['ieee', 'ieee.csl'],
]);

/** A CSL-JSON item (only the fields sahifa reads are typed). */
export interface CslItem {
  id: string;
  type?: string;
  title?: string;
  language?: string;
  DOI?: string;
  URL?: string;
  [field: string]: unknown;
}

/** A broken bibliography: the reason and, when the parser gave one, its 1-based line and column. */
export class BibliographyError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(reason);
  }
}

const load = createRequire(import.meta.url);
interface CitationJs {
  plugins: { input: { chain(data: unknown, options: { forceType: string; generateGraph: boolean }): CslItem[] } };
}
let citationJs: CitationJs | undefined;
function citationJsCore(): CitationJs {
  if (!citationJs) {
    citationJs = load('@citation-js/core') as CitationJs;
    load('@citation-js/plugin-bibtex');
  }
  return citationJs;
}

/**
 * CSL items of a bibliography file's text: BibTeX/BibLaTeX (`.bib`, `.bibtex`) or CSL-JSON
 * (`.json`). The BibTeX parser is forced, so text that is no BibTeX is an error, never a lookup
 * of another kind (citation-js would read a bare DOI or URL from the network).
 *
 * @throws {BibliographyError} with the line and column the parser stopped at
 */
export function readBibliography(text: string, kind: 'bibtex' | 'csl-json'): CslItem[] {
  if (kind === 'csl-json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      const m = /line (\d+) column (\d+)/.exec((err as Error).message);
      throw new BibliographyError(`not valid JSON: ${(err as Error).message}`, m ? Number(m[1]) : undefined, m ? Number(m[2]) : undefined);
    }
    if (!Array.isArray(data) || data.some((d) => !d || typeof d !== 'object' || typeof (d as CslItem).id !== 'string')) {
      throw new BibliographyError('a CSL-JSON bibliography is a list of items, each with an "id"', 1, 1);
    }
    return data as CslItem[];
  }
  try {
    return citationJsCore().plugins.input.chain(text, { forceType: '@biblatex/text', generateGraph: false });
  } catch (err) {
    const message = (err as Error).message;
    const m = /^(.*?) at line (\d+) col (\d+)/s.exec(message);
    if (m) throw new BibliographyError(m[1]!.replace(/\s+/g, ' '), Number(m[2]), Number(m[3]));
    throw new BibliographyError(message.split('\n')[0] ?? message);
  }
}

/** One cited item of a cluster, in citeproc-js's terms. */
export interface ClusterItem {
  readonly id: string;
  readonly prefix?: string | undefined;
  readonly suffix?: string | undefined;
  readonly locator?: string | undefined;
  readonly label?: string | undefined;
  readonly 'suppress-author'?: boolean | undefined;
  readonly 'author-only'?: boolean | undefined;
}

/** What {@link renderCitations} gives: HTML strings from citeproc-js. */
export interface Rendered {
  /** Each cluster, in the order given; each cited item wrapped in `<a href="#cite:ID">` (ID URI-encoded). */
  readonly clusters: readonly string[];
  /** The reference list: item id and its entry (the left-margin label of numeric styles left out), in the style's order. */
  readonly entries: ReadonlyArray<{ readonly id: string; readonly html: string }>;
  /** Whether the style is numeric (`citation-format="numeric"`). */
  readonly numeric: boolean;
}

interface CiteprocEngine {
  rebuildProcessorState(citations: unknown[], format: string, uncited: unknown[]): Array<[string, number, string]>;
  updateItems(ids: string[]): void;
  makeBibliography(): [{ entry_ids: string[][] }, string[]] | false;
}
interface Citeproc {
  Engine: new (sys: { retrieveLocale(lang: string): string; retrieveItem(id: string): CslItem }, style: string, lang: string, forceLang: boolean) => CiteprocEngine;
}

/** The items of the bibliography being rendered (engines are kept between briefs and look items up here). */
const current = new Map<string, CslItem>();
/** Engines by locale and style: building one reads the whole style (tens of ms), rendering with it is fast. */
const engines = new Map<string, CiteprocEngine>();

/** The engine for `style` in the locale of `lang` (`ar` or `en-US`), made on first use. */
function engineFor(style: string, lang: string): CiteprocEngine {
  const locale = lang.toLowerCase().startsWith('ar') ? 'ar' : 'en-US';
  const key = `${locale}\0${style}`;
  let engine = engines.get(key);
  if (!engine) {
    const citeproc = load('citeproc') as Citeproc;
    engine = new citeproc.Engine({ retrieveLocale: (l) => localeXml(l), retrieveItem: (id) => current.get(id)! }, style, locale, true);
    if (engines.size >= 8) engines.delete(engines.keys().next().value!);
    engines.set(key, engine);
  }
  return engine;
}

/** The locale file for a BCP 47 language: `ar` ships; everything else uses `en-US`. */
function localeXml(lang: string): string {
  return shippedCsl(lang.toLowerCase().startsWith('ar') ? 'locales-ar.xml' : 'locales-en-US.xml');
}

/**
 * Renders the citation clusters and the reference list of `items` with the CSL `style` (XML) in
 * the locale of `lang`. `entryLang` names, per item, the language its entry is written in: an
 * entry in another language than the brief's is rendered on its own in that language's locale
 * (an English source in an Arabic brief gets "and", "edited by", not «و», «تحرير»).
 */
export function renderCitations(items: readonly CslItem[], clusters: ReadonlyArray<readonly ClusterItem[]>, style: string, lang: string, entryLang: (item: CslItem) => string): Rendered {
  current.clear();
  for (const i of items) current.set(i.id, i);
  const main = engineFor(style, lang);
  // Each item's prefix and suffix carry invisible marks (U+2063 and its index, U+2064), which
  // citeproc-js keeps where the item is printed, even when the style sorts or groups the items:
  // the text between them is the item's, and becomes the link to its entry.
  const out = main.rebuildProcessorState(
    clusters.map((items, i) => ({
      citationID: `c${i}`,
      citationItems: items.map((item, k) => ({ ...item, prefix: `\u2063${k}\u2063${item.prefix ?? ''}`, suffix: `${item.suffix ?? ''}\u2064` })),
      properties: { noteIndex: 0 },
    })),
    'html',
    [],
  );
  const linked = out.map((c, i) =>
    c[2].replace(/\u2063(\d+)\u2063([\s\S]*?)\u2064/g, (_m, k: string, text: string) => (text ? `<a href="#cite:${encodeURIComponent(clusters[i]![Number(k)]!.id)}">${text}</a>` : '')),
  );
  const bib = main.makeBibliography();
  const ids = bib ? bib[0].entry_ids.map((e) => e[0]!) : [];
  const primary = (l: string): string => l.toLowerCase().split('-')[0] ?? l;
  const entries = ids.map((id, i) => {
    let html = bib ? bib[1][i]! : '';
    const own = entryLang(current.get(id)!);
    if (primary(own) !== primary(lang)) {
      const other = engineFor(style, own);
      other.updateItems([id]);
      const single = other.makeBibliography();
      if (single && single[1][0]) html = single[1][0];
    }
    return { id, html: html.replace(/<div class="csl-left-margin">[\s\S]*?<\/div>/, '') };
  });
  return { clusters: linked, entries, numeric: /citation-format="numeric"/.test(style) };
}
