/**
 * The template definition: every design decision of a brief as data, read by all three writers.
 * Lengths are in pt, colours are `#rrggbb`. Validated with zod; see `templates/<name>/template.yaml`.
 */
import { z } from 'zod';
import { PAGE_SIZES } from './units.js';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colours are written #rrggbb');
const pt = z.number().nonnegative();

/** A text role: font family key (from `fonts`), size in pt, line height as a multiple of size. */
const role = z
  .object({
    font: z.string(),
    size: pt,
    lineHeight: z.number().positive().default(1.4),
    bold: z.boolean().default(false),
    colour: z.string().default('text'),
    spaceBefore: pt.default(0),
    spaceAfter: pt.default(0),
  })
  .strict();

/** One font family: display name and files (relative to the project's `fonts/` folder). */
const fontFamily = z
  .object({
    family: z.string(),
    regular: z.string(),
    bold: z.string(),
    italic: z.string().optional(),
    boldItalic: z.string().optional(),
    licence: z.string(),
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
      })
      .strict(),
    fonts: z.record(z.string(), fontFamily),
    colours: z.record(z.string(), colour).refine((c) => 'text' in c, 'colours.text is required'),
    roles: z
      .object({
        title: role,
        subtitle: role,
        meta: role,
        h2: role,
        h3: role,
        h4: role,
        body: role,
        running: role,
      })
      .strict(),
    paragraph: z.object({ align: z.enum(['start', 'justify']).default('justify') }).strict().default({ align: 'justify' }),
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
    header: z.object({ show: z.boolean().default(true), rule: z.string().default('none') }).strict().default({ show: true, rule: 'none' }),
    footer: z
      .object({ pageNumbers: z.boolean().default(true), rule: z.string().default('none') })
      .strict()
      .default({ pageNumbers: true, rule: 'none' }),
    strings: z
      .record(z.string(), z.object({ page: z.string(), of: z.string(), number: z.string() }).strict())
      .default({}),
  })
  .strict();

/** A validated template. `dir` holds the template's folder so writers can find fonts. */
export type Template = z.output<typeof templateSchema>;

/** A text role after validation. */
export type Role = z.output<typeof role>;

/** A template with its fonts resolved to absolute paths and loaded bytes. */
export interface LoadedTemplate {
  readonly template: Template;
  /** The template file (for messages). */
  readonly file: string;
  /** Font files by family key and style, as absolute paths. */
  readonly fontFiles: Readonly<Record<string, { regular: string; bold: string }>>;
}
