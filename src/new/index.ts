/**
 * `sahifa new <slug>`: starts a brief from its template's starter content
 * (`templates/<name>/starter.md`, looked up in the project first, then in sahifa's own templates).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { SahifaError, isSystemError, systemErrorText } from '../model/errors.js';
import { PACKAGE_ROOT, findTemplate } from '../templates/load.js';

/** Options of {@link newBrief}. */
export interface NewBriefOptions {
  /** File name of the brief without `.md`: letters, digits, `-` and `_`, starting with a letter or digit (see {@link isValidSlug}). */
  readonly slug: string;
  /** Project root. Default `process.cwd()`. */
  readonly root?: string | undefined;
  /** Template whose `starter.md` is copied. Default `policy-brief`. */
  readonly template?: string | undefined;
  /** Folder the brief is written to, relative to the root. Default `content`. */
  readonly dir?: string | undefined;
  /** Date written for `{{date}}` in the starter (as «12 نوفمبر 2025»). Default: today (UTC). */
  readonly date?: Date | undefined;
}

/** What {@link newBrief} wrote. */
export interface NewBriefResult {
  /** Absolute path of the new brief. */
  readonly path: string;
  /** The same path relative to the root. */
  readonly shown: string;
  /** Absolute path of the starter it was made from. */
  readonly starter: string;
}

const ARABIC_MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];

/** True for a usable brief name: letters (any script), digits, `-`, `_`; no dots or slashes; at most 100 characters. */
export function isValidSlug(slug: string): boolean {
  return slug.length <= 100 && /^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(slug);
}

/**
 * Writes `<dir>/<slug>.md` from the template's `starter.md`, replacing `{{date}}` (day, Arabic
 * month name, year, e.g. «12 نوفمبر 2025») and `{{slug}}`. Never overwrites a file.
 *
 * @throws {SahifaError} `input` rule for an invalid slug, when the file already exists or cannot
 *   be written;
 *   `template` rule for a template name that is not valid or not known, or a template without
 *   `starter.md`
 */
export async function newBrief(options: NewBriefOptions): Promise<NewBriefResult> {
  const root = resolve(options.root ?? process.cwd());
  const template = options.template ?? 'policy-brief';
  const dir = resolve(root, options.dir ?? 'content');
  const path = join(dir, `${options.slug}.md`);
  const shown = relative(root, path) || path;
  if (!isValidSlug(options.slug)) {
    throw new SahifaError({ file: shown }, `"${options.slug}" is not a valid brief name: use letters, digits, - and _ (no spaces, dots or slashes)`, 'input');
  }
  findTemplate(template, { root }); // a plain name of a template that exists (never a path such as ../content)
  const starter = [root, PACKAGE_ROOT].map((r) => join(r, 'templates', template, 'starter.md')).find((f) => existsSync(f));
  if (!starter) throw new SahifaError({ file: join('templates', template, 'starter.md') }, `template "${template}" has no starter.md`, 'template');
  const d = options.date ?? new Date();
  const date = `${d.getUTCDate()} ${ARABIC_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  const text = (await readFile(starter, 'utf8')).replaceAll('{{date}}', date).replaceAll('{{slug}}', options.slug);
  const unwritable = (err: unknown): unknown =>
    isSystemError(err) ? new SahifaError({ file: shown }, systemErrorText(err, (p) => relative(root, p) || p, err.syscall === 'mkdir' ? undefined : 'cannot write'), 'input') : err;
  await mkdir(dir, { recursive: true }).catch((err: unknown) => {
    throw unwritable(err);
  });
  try {
    await writeFile(path, text, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new SahifaError({ file: shown }, 'already exists: choose another name (sahifa new never overwrites a brief)', 'input');
    throw unwritable(err);
  }
  return { path, shown, starter };
}
