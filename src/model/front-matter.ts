/**
 * Front matter of a brief: the YAML block at the top of a Markdown file, validated once
 * into a typed {@link FrontMatter}. Writers never look at raw YAML.
 */
import { z } from 'zod';
import { dirFromLang, type Dir } from './direction.js';

const author = z.union([
  z.string().min(1),
  z.object({ name: z.string().min(1), affiliation: z.string().optional() }).strict(),
]);

/** zod schema of the front matter. Unknown keys are errors, so typos are caught. */
export const frontMatterSchema = z
  .object({
    title: z.string().min(1, 'a brief needs a title'),
    subtitle: z.string().optional(),
    authors: z.array(author).optional(),
    organisation: z.string().optional(),
    series: z.string().optional(),
    number: z.union([z.number().int().nonnegative(), z.string()]).optional(),
    /** Printed as written; an ISO date `YYYY-MM-DD` is also used for reproducible output timestamps. */
    date: z.union([z.string(), z.number()]).optional(),
    summary: z.string().optional(),
    keywords: z.array(z.string()).optional(),
    lang: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'lang must be a BCP 47 tag such as ar, fa, en-GB').default('ar'),
    dir: z.enum(['rtl', 'ltr']).optional(),
    digits: z.enum(['latn', 'arab']).default('latn'),
    template: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'template names are lower-case letters, digits and dashes').optional(),
  })
  .strict();

/** Validated front matter with defaults applied (`lang` `ar`, `digits` `latn`) and `dir` resolved from `lang`. */
export type FrontMatter = Omit<z.output<typeof frontMatterSchema>, 'dir'> & { readonly dir: Dir };

/** One author as printed: name plus optional affiliation. */
export interface Author {
  readonly name: string;
  readonly affiliation?: string | undefined;
}

/** Normalises the `authors` field (strings or objects) to {@link Author} records. */
export function authorsOf(meta: FrontMatter): Author[] {
  return (meta.authors ?? []).map((a) => (typeof a === 'string' ? { name: a } : a));
}

/** Completes parsed front matter: `dir` defaults to the direction of `lang`. */
export function resolveFrontMatter(parsed: z.output<typeof frontMatterSchema>): FrontMatter {
  return { ...parsed, dir: parsed.dir ?? dirFromLang(parsed.lang) };
}
