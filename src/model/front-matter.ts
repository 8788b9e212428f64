/**
 * Front matter of a brief: the YAML block at the top of a Markdown file, validated once
 * into a typed {@link FrontMatter}. Writers never look at raw YAML.
 */
import { z } from './zod.js';
import { CALENDARS, readIsoDate } from './date.js';
import { dirFromLang, type Dir } from './direction.js';

/**
 * The archival standards a PDF can claim besides PDF/UA-1 (front matter or template `pdf.standard`):
 * `PDF/A-2b` (ISO 19005-2, level B) adds pdfkit's sRGB output intent (its ICC profile) and the
 * PDF/A identifier to the XMP; `none` claims none.
 */
export const PDF_STANDARDS = ['none', 'PDF/A-2b'] as const;

/** One of {@link PDF_STANDARDS}. */
export type PdfStandard = (typeof PDF_STANDARDS)[number];

const author = z.union(
  [z.string().min(1), z.object({ name: z.string().min(1), affiliation: z.string().optional() }).strict()],
  { error: 'expected a name, or {name, affiliation}' },
);

/**
 * zod schema of the front matter. Unknown keys are not errors (briefs moved from Jekyll, Hugo or
 * Obsidian carry `layout`, `tags`…): the parser reports each as a warning at its line, so typos
 * are still seen, and `sahifa check --strict` fails on them.
 */
export const frontMatterSchema = z
  .object({
    /** Optional: without it the title block is left out (a warning says so). */
    title: z.string().min(1, 'the title must not be empty').optional(),
    subtitle: z.string().optional(),
    authors: z.array(author).optional(),
    /** Pandoc's and Jekyll's key: one name, or a list. Merged into `authors`. */
    author: z.union([z.string(), z.array(author)], { error: 'expected a name or a list of names' }).optional(),
    organisation: z.string().optional(),
    series: z.string().optional(),
    number: z.union([z.number().int().nonnegative(), z.string()], { error: 'expected a whole number or text, e.g. 7' }).optional(),
    /**
     * An ISO date `YYYY-MM-DD` (or a timestamp, read as its date) is printed in `calendar` and used
     * for reproducible output timestamps; one that names no day (`2025-02-30`) is an error. Other
     * text is printed as written.
     */
    date: z
      .union([z.string(), z.number()], { error: 'expected a date such as 2025-06-15, or text' })
      .superRefine((v, ctx) => {
        const day = readIsoDate(String(v));
        if (day && 'invalid' in day) ctx.addIssue({ code: 'custom', message: day.invalid });
      })
      .optional(),
    /** BibTeX/BibLaTeX `.bib` or CSL-JSON `.json` file(s), relative to the brief, inside the project (`parse/plugins/citations.ts`). */
    bibliography: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: 'expected a file name such as refs.bib, or a list of them' }).optional(),
    /** Citation style: a shipped style name (`chicago-author-date`, `ieee`) or a `.csl` file of the project. */
    csl: z.string().min(1).optional(),
    /** Calendar of the printed date: `gregorian`, `hijri` (Umm al-Qura) or `both`; default from the template. */
    calendar: z.enum(CALENDARS, { error: 'expected gregorian, hijri or both' }).optional(),
    /** The PDF's archival standard (see {@link PDF_STANDARDS}); default from the template. */
    pdf: z.object({ standard: z.enum(PDF_STANDARDS, { error: `expected ${PDF_STANDARDS.join(' or ')}` }).optional() }).strict().optional(),
    summary: z.string().optional(),
    keywords: z.array(z.string()).optional(),
    /** BCP 47 tag. When absent, guessed from the letters of the brief (see `guessLang`). */
    lang: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'lang must be a BCP 47 tag such as ar, fa, en-GB').optional(),
    dir: z.enum(['rtl', 'ltr']).optional(),
    /**
     * Digits of generated numbers, by CLDR numbering system: `latn` 0-9, `arab` the Arabic-script
     * digits of the brief's language (see {@link resolveDigits}), `arabext` ۰-۹ (U+06F0–U+06F9).
     */
    digits: z.enum(['latn', 'arab', 'arabext']).default('latn'),
    template: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'template names are lower-case letters, digits and dashes').optional(),
    /** Print a table of contents (headings `##` and `###`) after the title block. */
    toc: z.boolean().optional(),
  })
  .strip();

/** The keys the schema knows; any other key of the front matter is reported as a warning. */
export const FRONT_MATTER_KEYS: ReadonlySet<string> = new Set(Object.keys(frontMatterSchema.shape));

/**
 * A digit system as the writers print it (CLDR numbering system ids): `latn` 0-9, `arab` Arabic-Indic
 * ٠-٩ (U+0660–U+0669), `arabext` Extended Arabic-Indic ۰-۹ (U+06F0–U+06F9, Persian and Urdu).
 */
export type Digits = 'latn' | 'arab' | 'arabext';

/** Validated front matter with `lang`, `dir` and `digits` resolved and `author` merged into `authors`. */
export type FrontMatter = Omit<z.output<typeof frontMatterSchema>, 'dir' | 'lang' | 'author' | 'digits'> & { readonly lang: string; readonly dir: Dir; readonly digits: Digits };

/** Languages whose native digits are the Extended Arabic-Indic ones (CLDR: fa, ps, ur, ks, and Balochi, Kurdish in Arabic script…). */
const ARABEXT_LANGUAGES: ReadonlySet<string> = new Set(['fa', 'ps', 'ur', 'ks', 'sd', 'bal', 'ckb', 'glk', 'mzn', 'lrc']);

/**
 * The digit system of `digits: arab` in a language: `arab` asks for the Arabic-script digits *of the
 * brief's language*, which are ۰-۹ (`arabext`) in Persian, Urdu and the other languages of
 * {@link ARABEXT_LANGUAGES} (their CLDR native numbering system) and ٠-٩ elsewhere. `latn` and
 * `arabext` are taken as written.
 */
export function resolveDigits(digits: z.output<typeof frontMatterSchema>['digits'], lang: string): Digits {
  if (digits !== 'arab') return digits;
  return ARABEXT_LANGUAGES.has(lang.toLowerCase().split('-')[0]!) ? 'arabext' : 'arab';
}

/** One author as printed: name plus optional affiliation. */
export interface Author {
  readonly name: string;
  readonly affiliation?: string | undefined;
}

/** Normalises the `authors` field (strings or objects) to {@link Author} records. */
export function authorsOf(meta: FrontMatter): Author[] {
  return (meta.authors ?? []).map((a) => (typeof a === 'string' ? { name: a } : a));
}

/**
 * Completes parsed front matter: `lang` defaults to `fallbackLang` (guessed from the text),
 * `dir` to the direction of `lang`, `digits: arab` becomes the digits of `lang` ({@link resolveDigits});
 * `author` is merged into `authors`.
 */
export function resolveFrontMatter(parsed: z.output<typeof frontMatterSchema>, fallbackLang: string): FrontMatter {
  const { author: alias, ...rest } = parsed;
  const lang = parsed.lang ?? fallbackLang;
  const extra = alias === undefined ? [] : Array.isArray(alias) ? alias : alias.split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*،\s*/).filter(Boolean);
  const authors = [...(parsed.authors ?? []), ...extra];
  return { ...rest, ...(authors.length ? { authors } : {}), lang, dir: parsed.dir ?? dirFromLang(lang), digits: resolveDigits(parsed.digits, lang) };
}

/**
 * Guesses the language of a text from its letters, for briefs without `lang`: Hebrew letters →
 * `he`; Arabic script → `ur` when Urdu-only letters (ٹ ڈ ڑ ں ے ھ) are present, `fa` when Persian
 * letters (پ چ ژ گ) or Persian yeh/keheh dominate, else `ar`; otherwise `en`.
 */
export function guessLang(text: string): string {
  const count = (re: RegExp): number => text.match(re)?.length ?? 0;
  const hebrew = count(/\p{Script=Hebrew}/gu);
  const arabic = count(/\p{Script=Arabic}/gu);
  const latin = count(/\p{Script=Latin}/gu);
  if (hebrew > arabic && hebrew > latin / 4) return 'he';
  if (arabic > 0 && arabic >= latin / 4) {
    if (count(/[\u0679\u0688\u0691\u06BA\u06D2\u06BE]/g) > arabic / 200) return 'ur';
    if (count(/[\u067E\u0686\u0698\u06AF]/g) + count(/[\u06CC\u06A9]/g) > count(/[\u064A\u0643]/g)) return 'fa';
    return 'ar';
  }
  return 'en';
}

/**
 * Line and column (1-based) of a top-level `key:` in the front matter of a brief's text, or
 * undefined when there is no front matter or no such key. For messages about a key's value that
 * are found after parsing (e.g. an unknown template).
 */
export function frontMatterKeyPlace(text: string, key: string): { line: number; column: number } | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trimEnd() !== '---') return undefined;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^(["']?)${escaped}\\1\\s*:`);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^(---|\.\.\.)\s*$/.test(line)) return undefined;
    if (pattern.test(line)) return { line: i + 1, column: 1 };
  }
  return undefined;
}
