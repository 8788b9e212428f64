/**
 * The schema of raw HTML in a brief, and the elements whose content no reader sees: a browser does not show it, or sahifa's HTML
 * sanitiser strips it (`SAHIFA_SCHEMA.strip`). mdast gives the text between an inline opening and
 * closing tag (`<script>…</script>` inside a sentence) as ordinary text nodes, so whatever prints
 * or judges a block's text (PDF and DOCX runs, the block direction) leaves those out.
 *
 * The parser sanitises raw HTML with this schema once (`parse/plugins/raw-html.ts`); the HTML writer
 * sanitises the page with it.
 */
import { defaultSchema, type Schema } from 'hast-util-sanitize';

/**
 * Names of the elements whose content is never shown: those sahifa's HTML sanitiser strips with
 * their content (`SAHIFA_SCHEMA.strip` is this list and the void elements `embed`, `link`, `meta`,
 * `base`), so the PDF and DOCX print of raw HTML what the HTML page shows.
 */
export const HIDDEN_ELEMENTS: ReadonlySet<string> = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'applet', 'template', 'noscript', 'textarea', 'select', 'option',
  'button', 'svg', 'math', 'xmp', 'noembed', 'noframes', 'title', 'audio', 'video', 'canvas', 'form',
]);

const base = defaultSchema.attributes ?? {};

/**
 * Properties that carry the handlers' `data.dir`/`data.lang` (see writers/html/hast-data.ts) through
 * hast-util-sanitize, which rebuilds every node and drops `data`.
 */
export const STASH = { dir: 'dataSahifaDir', lang: 'dataSahifaLang' } as const;

/** The schema raw HTML is sanitised with (see the module comment). */
export const SAHIFA_SCHEMA: Schema = {
  ...defaultSchema,
  // Ids and names are kept as written (footnote ids are already prefixed by mdast-util-to-hast); no script runs in the page, so DOM clobbering cannot matter.
  clobber: [],
  clobberPrefix: '',
  tagNames: [
    ...(defaultSchema.tagNames ?? []),
    'bdi', 'bdo', 'figure', 'figcaption', 'aside', 'section', 'header', 'footer', 'nav', 'main', 'article', 'mark', 'small',
    'abbr', 'cite', 'caption', 'colgroup', 'col', 'u', 'wbr', 'time',
  ],
  // with their content (the PDF and DOCX leave the same out: model/hidden-html.ts)
  strip: [...HIDDEN_ELEMENTS, 'embed', 'link', 'meta', 'base'],
  attributes: {
    ...base,
    '*': [...(base['*'] ?? []), 'className', 'dir', 'lang', 'dataComponent', STASH.dir, STASH.lang],
    img: [...(base['img'] ?? []), 'style'],
    a: [...(base['a'] ?? []), 'className'],
    section: [...(base['section'] ?? []), 'className'],
    li: [...(base['li'] ?? []), 'className'],
    ol: [...(base['ol'] ?? []), 'className'],
    ul: [...(base['ul'] ?? []), 'className'],
    code: [...(base['code'] ?? []), 'className'],
    h2: [...(base['h2'] ?? []), 'className'],
    // `srcset` lists URLs the protocol check does not look into: dropped.
    source: [],
  },
  protocols: {
    ...defaultSchema.protocols,
    href: ['http', 'https', 'mailto', 'tel'],
    cite: ['http', 'https'],
    longDesc: [],
    src: [],
    srcSet: [],
  },
};

