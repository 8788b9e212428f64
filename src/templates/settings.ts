/**
 * The template resolved once into what the writers read: the text width, the role of each heading
 * depth, the words of each language and the looks of rules, blockquotes and tables. A writer asks
 * these settings instead of working an answer out of the raw template again (as hast-util-to-html
 * turns its options into settings once, and Pandoc's writers ask `envPrintWidth`).
 *
 * The looks are the ones each writer drew before they were gathered here: where the writers
 * still disagree (the cover rule: 1 pt in HTML, 2 pt in the PDF, 1.5 pt in Word), the value is kept
 * per writer ({@link PerWriter}), so the disagreement is visible in one place and can be settled
 * there.
 */
import type { LocalStrings, Template } from './schema.js';
import { PAGE_SIZES } from './units.js';

/** The writers whose looks are kept apart where they differ. */
export type WriterName = 'html' | 'pdf' | 'docx';

/** One value per writer. */
export type PerWriter<T> = { readonly [W in WriterName]: T };

/**
 * Template roles a Markdown heading is set in, by depth (`#` h1, `##` h2, `###` h3, deeper h4). The
 * title block has its own role, `title`; body `#` headings sit between it and `h2` in size.
 */
export const HEADING_ROLES = ['h1', 'h2', 'h3', 'h4'] as const;

/** A heading role. */
export type HeadingRole = (typeof HEADING_ROLES)[number];

/** Every word the template prints, for one language (see {@link wordsFor}). */
export type Words = Required<LocalStrings>;

/**
 * A line (a rule, a border): colour as `#rrggbb` and thickness in pt, per writer. A writer whose
 * width is `undefined` draws no such line (HTML's `hr` keeps the browser's own look).
 */
export interface LineLook {
  readonly colour: PerWriter<string>;
  readonly width: PerWriter<number | undefined>;
}

/** The looks of the blocks that are not template components (rules, blockquotes, tables). */
export interface Looks {
  /** Markdown `---`, with 6 pt above and 10 pt below it (HTML and PDF). */
  readonly thematicBreak: LineLook & { readonly margin: { readonly before: number; readonly after: number } };
  /** Line under the running header (`header.rule`); absent when `none`. */
  readonly headerRule?: LineLook | undefined;
  /** Line over the page numbers (`footer.rule`); absent when `none`. */
  readonly footerRule?: LineLook | undefined;
  /** Line under the title block (`cover.rule`); absent when `none`. */
  readonly coverRule?: LineLook | undefined;
  /**
   * Markdown `>`, one look in every writer: a rule on the start side of the column and the text
   * `indent` pt further in from it (HTML border and padding, the PDF's and Word's one-cell table
   * with a start border and start padding), `margin` pt above and below (PDF and Word; the HTML's
   * blockquote keeps the paragraphs' margins).
   */
  readonly blockquote: {
    readonly rule: LineLook;
    readonly indent: PerWriter<number>;
    readonly margin: { readonly before: number; readonly after: number };
  };
  /** GFM tables: `outer` above and below the header row and under the last row, `inner` between rows. */
  readonly table: {
    readonly outer: LineLook;
    readonly inner: LineLook;
    /** Space above and below a table in the PDF, pt. */
    readonly margin: { readonly before: number; readonly after: number };
  };
}

/** What the writers read of a template, resolved once (see the module comment). */
export interface Settings {
  /** Page width and height in pt (`page.size`). */
  readonly pageWidth: number;
  readonly pageHeight: number;
  /** Width of the text column in pt: the page width less the start and end margins. */
  readonly textWidth: number;
  /**
   * Template role of a Markdown heading by depth, index `depth - 1`: `#` is `h1`, `##` `h2`, `###`
   * `h3`, deeper `h4`. See {@link headingRole}.
   */
  readonly headingRoles: readonly HeadingRole[];
  /**
   * Words by the language keys of `strings`, each complete (a missing word from the `en` entry,
   * then English); `fallback` for a language the template has no entry for. See {@link wordsFor}.
   */
  readonly words: { readonly byLang: ReadonlyMap<string, Words>; readonly fallback: Words };
  readonly looks: Looks;
  /**
   * Code. Code blocks are set in the `code` role; inline code in that role's font stack at
   * `scale` times the size of the text around it (`roles.code.size / roles.body.size`: 10.5 pt in
   * 12 pt body text, 14 pt in a 16 pt heading), as CSS `em` and browsers' monospace scaling do.
   */
  readonly code: { readonly scale: number };
}

/** English words used when neither the language's nor the `en` entry of `strings` has one. */
export const ENGLISH: Words = {
  page: 'Page',
  of: 'of',
  number: 'No.',
  figure: 'Figure',
  toc: 'Contents',
  footnotes: 'Notes',
  backToReference: 'Back to reference',
  keypoints: 'Key points',
  summary: 'Executive summary',
  recommendations: 'Recommendations',
  note: 'Note',
  sidebar: '',
  abstract: 'Abstract',
  about: 'About the authors',
  disclaimer: 'Disclaimer',
  references: 'References',
};

/** The same value for every writer. */
const each = <T>(value: T): PerWriter<T> => ({ html: value, pdf: value, docx: value });

/**
 * Resolves a colour key of the template to `#rrggbb` (a literal `#rrggbb` passes through; an
 * unknown key gives `text`). Only the schema-checked values come out: a key that merely starts
 * with `#` (`"#000;} main{…"`, a key a template may define under `colours`) is looked up, never
 * passed into CSS or XML as written.
 */
export function colourOf(template: Template, key: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(key) ? key : (template.colours[key] ?? template.colours['text']!);
}

/** The words of one language entry, completed from `en`, then from {@link ENGLISH}. */
function completeWords(template: Template, own: Partial<LocalStrings>): Words {
  const en: Partial<LocalStrings> = template.strings['en'] ?? {};
  return Object.fromEntries((Object.keys(ENGLISH) as (keyof Words)[]).map((k) => [k, own[k] ?? en[k] ?? ENGLISH[k]])) as Words;
}

const resolved = new WeakMap<Template, Settings>();

/**
 * The {@link Settings} of a validated template, resolved on the first call for that template
 * object and the same object after (`LoadedTemplate.settings` is this). For code that holds the
 * `Template` only; a writer with the `LoadedTemplate` reads its `settings`.
 */
export function settingsOf(t: Template): Settings {
  let settings = resolved.get(t);
  if (!settings) resolved.set(t, (settings = resolveSettings(t)));
  return settings;
}

/** Resolves a validated template into {@link Settings} (see {@link settingsOf}, which keeps it). */
function resolveSettings(t: Template): Settings {
  const [pageWidth, pageHeight] = PAGE_SIZES[t.page.size];
  const line = (colour: string | PerWriter<string>, width: PerWriter<number | undefined>): LineLook => ({ colour: typeof colour === 'string' ? each(colour) : colour, width });
  // HTML and PDF draw the optional rules in a key's colour; for `---` and `>` the PDF takes `muted`
  // when the template has no `rule` colour, Word the `text` colour (colourOf's fallback).
  const ruleOrMuted = colourOf(t, 'rule' in t.colours ? 'rule' : 'muted');
  const optional = (key: string, width: PerWriter<number | undefined>): LineLook | undefined => (key === 'none' ? undefined : line(colourOf(t, key), width));
  return {
    pageWidth,
    pageHeight,
    textWidth: pageWidth - t.page.margins.start - t.page.margins.end,
    code: { scale: t.roles.code.size / t.roles.body.size },
    headingRoles: [1, 2, 3, 4, 5, 6].map((depth) => (depth === 1 ? 'h1' : depth === 2 ? 'h2' : depth === 3 ? 'h3' : 'h4')),
    words: {
      byLang: new Map(Object.entries(t.strings).map(([lang, own]) => [lang, completeWords(t, own)])),
      fallback: completeWords(t, {}),
    },
    looks: {
      thematicBreak: { ...line({ html: ruleOrMuted, pdf: ruleOrMuted, docx: colourOf(t, 'rule') }, { html: 0.75, pdf: 0.75, docx: 0.75 }), margin: { before: 6, after: 10 } },
      headerRule: optional(t.header.rule, { html: 0.6, pdf: 0.6, docx: 0.5 }),
      footerRule: optional(t.footer.rule, { html: undefined, pdf: undefined, docx: 0.5 }),
      coverRule: optional(t.cover.rule, { html: 1, pdf: 2, docx: 1.5 }),
      blockquote: {
        rule: line(ruleOrMuted, each(2)),
        indent: each(12),
        margin: { before: 2, after: 8 },
      },
      table: {
        // one width in every writer, in whole eighths of a point (OOXML's w:sz unit): 6/8 and 3/8 pt,
        // the nearest to the 0.8/0.4 pt the PDF and HTML drew (Word drew 1/0.5 pt)
        outer: line(colourOf(t, t.table.rule), each(0.75)),
        inner: line(colourOf(t, t.table.rule), each(0.375)),
        margin: { before: 4, after: 10 },
      },
    },
  };
}

/** Template role of a Markdown heading of `depth` (1–6; deeper counts as 6). */
export function headingRole(settings: Settings, depth: number): HeadingRole {
  return settings.headingRoles[Math.min(Math.max(depth, 1), settings.headingRoles.length) - 1]!;
}

/**
 * Every word of the template for `lang` (BCP 47): the entry for the tag as written, else for its
 * primary language (lower case); a missing word comes from the `en` entry, then from English.
 * A language without an entry gets the `en` entry's words, then English: never another
 * language's (there is no Arabic default).
 */
export function wordsFor(settings: Settings, lang: string): Words {
  const primary = lang.toLowerCase().split('-')[0] ?? lang;
  return settings.words.byLang.get(lang) ?? settings.words.byLang.get(primary) ?? settings.words.fallback;
}
