/**
 * The template definition: every design decision of a brief as data, read by all three writers.
 * Lengths are in pt, colours are `#rrggbb`. Validated with zod; see `templates/<name>/template.yaml`.
 */
import { CALENDARS } from '../model/date.js';
import { PDF_STANDARDS } from '../model/front-matter.js';
import { z } from '../model/zod.js';
import type { Settings } from './settings.js';
import { PAGE_SIZES } from './units.js';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colours are written #rrggbb');
const pt = z.number().nonnegative();

/** A text role: font family key (from `fonts`), size in pt, line height as a multiple of size. */
const role = z
  .object({
    font: z.string(),
    /**
     * Further font keys tried, in order, for characters `font` lacks (e.g. Hebrew or symbols):
     * the role's font stack is `[font, ...fallback]`.
     */
    fallback: z.array(z.string()).default([]),
    /** Font size in pt (text of size 0 prints nothing). */
    size: z.number().positive(),
    lineHeight: z.number().positive().default(1.4),
    bold: z.boolean().default(false),
    colour: z.string().default('text'),
    spaceBefore: pt.default(0),
    spaceAfter: pt.default(0),
  })
  .strict();

/** Names of the box components a template styles (see src/model/directives.ts for the directives that map to them). */
export const COMPONENT_NAMES = ['keypoints', 'summary', 'recommendations', 'note', 'quote', 'sidebar', 'abstract', 'about', 'disclaimer', 'references', 'toc', 'footnotes'] as const;

/** A component name. */
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/**
 * The look of one box component. Colours are colour keys (or `none`); lengths in pt.
 * `borders`: which sides carry the border (`start` is the right side in an RTL brief).
 */
const box = z
  .object({
    background: z.string().default('none'),
    border: z.string().default('none'),
    borders: z.enum(['none', 'start', 'all', 'top', 'topBottom']).default('all'),
    borderWidth: pt.default(1),
    padding: pt.default(0),
    /** Colour of the box's title (colour key). */
    titleColour: z.string().default('accent'),
    /** Text role of the box's paragraphs. */
    role: z.enum(['body', 'small', 'quote']).default('body'),
    /** Text colour of the box's paragraphs (colour key); default: the role's. */
    textColour: z.string().optional(),
    spaceBefore: pt.default(6),
    spaceAfter: pt.default(10),
  })
  .strict();

/** Look of a box component after validation. */
export type BoxStyle = z.output<typeof box>;

/**
 * Words a template prints, per language: page numbers ("صفحة 1 من 3"), the brief number, figure
 * labels ("شكل"), and the default titles of sections and boxes. Only `page`, `of` and `number` are
 * required; a missing word falls back to the `en` entry, then to English.
 */
const localStrings = z
  .object({
    page: z.string(),
    of: z.string(),
    number: z.string(),
    figure: z.string().optional(),
    toc: z.string().optional(),
    footnotes: z.string().optional(),
    backToReference: z.string().optional(),
    keypoints: z.string().optional(),
    summary: z.string().optional(),
    recommendations: z.string().optional(),
    note: z.string().optional(),
    sidebar: z.string().optional(),
    abstract: z.string().optional(),
    about: z.string().optional(),
    disclaimer: z.string().optional(),
    references: z.string().optional(),
  })
  .strict();

/** True when `name` is a Unicode script name or alias (`Arabic`, `Hebr`) that `\p{scx=…}` knows. */
export function isScriptName(name: string): boolean {
  if (!/^[A-Za-z_]+$/.test(name)) return false;
  try {
    new RegExp(`\\p{scx=${name}}`, 'u');
    return true;
  } catch {
    return false;
  }
}

/** One font family: display name and files (relative to the project's `fonts/` folder). */
const fontFamily = z
  .object({
    family: z.string(),
    regular: z.string(),
    bold: z.string(),
    italic: z.string().optional(),
    boldItalic: z.string().optional(),
    licence: z.string(),
    /**
     * Scripts (UAX #24 names, e.g. `Arabic`, `Hebrew`) whose characters this family never draws even
     * where its cmap has them: a character whose Script_Extensions include one of them goes to the
     * next font of the role's stack (the PDF's fallback, CSS `unicode-range` in HTML). DejaVu Sans
     * Mono has monospaced Arabic letters; code's Arabic comments take the body font instead.
     */
    excludeScripts: z.array(z.string().refine(isScriptName, 'not a Unicode script name (UAX #24)')).default([]),
  })
  .strict();

/** zod schema of a template file. */
export const templateSchema = z
  .object({
    name: z.string(),
    description: z.string().default(''),
    page: z
      .object({
        size: z.enum(Object.keys(PAGE_SIZES) as [keyof typeof PAGE_SIZES, ...(keyof typeof PAGE_SIZES)[]]).default('A4'),
        /** Margins in pt; `start`/`end` are logical (right/left in an RTL brief). */
        margins: z.object({ top: pt, bottom: pt, start: pt, end: pt }).strict(),
        /** Text columns. Only 1 is supported by all three writers today. */
        columns: z.literal(1, 'only one text column is supported').default(1),
      })
      .strict(),
    fonts: z.record(z.string(), fontFamily),
    colours: z.record(z.string(), colour).refine((c) => 'text' in c, 'colours.text is required'),
    roles: z
      .object({
        title: role,
        subtitle: role,
        meta: role,
        /** `#` in the body; a template without it sets `#` in its `h2` role (see the transform below). */
        h1: role.optional(),
        h2: role,
        h3: role,
        h4: role,
        body: role,
        running: role,
        /** Figure and table captions. */
        caption: role,
        /** Pull quotes (`:::quote`). */
        quote: role,
        /** Titles of boxes (key points, sidebar, notes…) and of the TOC, notes and references sections. */
        boxTitle: role,
        /** Small print: footnotes/endnotes, disclaimer, references. */
        small: role,
        /**
         * Code: code blocks in this role; inline code in its font stack at `size / body.size` of the
         * text around it (CSS `em`, as browsers scale monospace). A template without it sets code
         * in the `body` role.
         */
        code: role.optional(),
      })
      .strict()
      .transform(({ h1, code, ...roles }) => ({ ...roles, h1: h1 ?? roles.h2, code: code ?? roles.body })),
    paragraph: z
      .object({
        align: z.enum(['start', 'justify']).default('justify'),
        /**
         * How justified Arabic lines are filled: `space` widens the word gaps only; `kashida`
         * first stretches words with tatweel at the joining positions alreq allows (PDF; Word gets
         * `w:jc="lowKashida"`), then widens the gaps with what is left.
         */
        justify: z.enum(['space', 'kashida']).default('space'),
      })
      .strict()
      .default({ align: 'justify', justify: 'space' }),
    list: z
      .object({ bullet: z.string().min(1).default('•'), indent: pt.default(18), itemSpacing: pt.default(4), bulletColour: z.string().default('accent') })
      .strict()
      .default({ bullet: '•', indent: 18, itemSpacing: 4, bulletColour: 'accent' }),
    cover: z
      .object({
        /** Band behind the title block: colour key, or `none`. */
        band: z.string().default('none'),
        titleColour: z.string().default('text'),
        /** Line under the title block: colour key, or `none`. */
        rule: z.string().default('none'),
        padding: pt.default(18),
        spaceAfter: pt.default(18),
      })
      .strict(),
    header: z
      .object({
        show: z.boolean().default(true),
        rule: z.string().default('none'),
        /** A PNG or JPEG file, relative to the template's folder, shown at the end side of the running header. */
        logo: z.string().min(1).optional(),
        /** Height of the logo in pt (its width keeps the image's aspect). */
        logoHeight: z.number().positive().default(18),
      })
      .strict()
      .default({ show: true, rule: 'none', logoHeight: 18 }),
    footer: z
      .object({ pageNumbers: z.boolean().default(true), rule: z.string().default('none') })
      .strict()
      .default({ pageNumbers: true, rule: 'none' }),
    table: z
      .object({
        /** Background of the header row: colour key or `none`. */
        headerBackground: z.string().default('none'),
        /** Text colour of the header row (colour key). */
        headerColour: z.string().default('text'),
        /** Colour of the horizontal rules (colour key). */
        rule: z.string().default('muted'),
        /** Cell padding in pt. */
        padding: pt.default(4),
      })
      .strict()
      .default({ headerBackground: 'none', headerColour: 'text', rule: 'muted', padding: 4 }),
    figure: z
      .object({
        /** Largest width of a figure as a share of the text column (0–1]; images never grow beyond their natural size at 96 dpi. */
        maxWidth: z.number().positive().max(1).default(1),
        /** Separator between "شكل 1" and the caption text. */
        separator: z.string().default(': '),
      })
      .strict()
      .default({ maxWidth: 1, separator: ': ' }),
    /**
     * Where the PDF sets footnotes: `page`, at the foot of the page of their mark (below a short
     * rule on the start side), or `end`, collected in a notes section at the end of the brief. The
     * HTML always has endnotes with back-links (a web page has no page foot); the DOCX always has
     * Word's own footnotes, which Word and LibreOffice set at the page foot.
     */
    footnotes: z.enum(['page', 'end']).default('page'),
    /** Look of each component (Markdown directive), by component name; see `COMPONENT_NAMES`. */
    components: z
      .object(Object.fromEntries(COMPONENT_NAMES.map((n) => [n, box.prefault({})])) as Record<ComponentName, z.ZodPrefault<typeof box>>)
      .strict()
      .prefault({}),
    strings: z.record(z.string(), localStrings).default({}),
    /** Calendar of the printed date when the brief's front matter has no `calendar` (see `model/date.ts`). */
    calendar: z.enum(CALENDARS).default('gregorian'),
    /**
     * The PDF's archival standard when the brief's front matter sets none (`model/front-matter.ts`
     * `PDF_STANDARDS`). HTML and DOCX ignore it: it names a PDF standard.
     */
    pdf: z.object({ standard: z.enum(PDF_STANDARDS).default('none') }).strict().prefault({}),
  })
  .strict();

/** A validated template. `dir` holds the template's folder so writers can find fonts. */
export type Template = z.output<typeof templateSchema>;

/** Words of one language (see `strings` in the template). */
export type LocalStrings = z.output<typeof localStrings>;

/** A text role after validation. */
export type Role = z.output<typeof role>;

/**
 * The files of one font family, absolute paths. Without `italic` (`boldItalic`) italic text is
 * drawn in the upright face slanted, as browsers synthesise an oblique.
 */
export interface FontFiles {
  readonly regular: string;
  readonly bold: string;
  readonly italic?: string;
  readonly boldItalic?: string;
}

/** A template with its fonts resolved to absolute paths and loaded bytes. */
export interface LoadedTemplate {
  readonly template: Template;
  /** The template resolved once into what the writers read (text width, heading roles, words, looks). */
  readonly settings: Settings;
  /** The template file (for messages). */
  readonly file: string;
  /** Font files by family key and style, as absolute paths. */
  readonly fontFiles: Readonly<Record<string, FontFiles>>;
  /** The running header's logo (`header.logo`), read and checked when the template loads. */
  readonly logo?: TemplateLogo | undefined;
}

/** A logo image of a template: its file, bytes, format and size (pixels; `heightPt` in pt). */
export interface TemplateLogo {
  /** Absolute path of the image file. */
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly format: 'png' | 'jpg';
  readonly width: number;
  readonly height: number;
  /** Height it is shown at, in pt (`header.logoHeight`). */
  readonly heightPt: number;
  /** Width it is shown at, in pt (aspect kept). */
  readonly widthPt: number;
}
