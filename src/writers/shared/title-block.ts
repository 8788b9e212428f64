/**
 * What the title block (cover) shows and in which order, shared by all writers so that the
 * three outputs agree: kicker (series · number), title, subtitle, authors, organisation, date.
 * The order title → subtitle → authors → date is also Pandoc's, so text round-trips compare.
 */
import { formatDate } from '../../model/date.js';
import { printedText } from '../../model/printed-text.js';
import type { SahifaDocument } from '../../model/document.js';
import { authorsOf, type FrontMatter } from '../../model/front-matter.js';
import type { Template } from '../../templates/schema.js';
import { settingsOf, wordsFor } from '../../templates/settings.js';
import { formatNumber } from './numbers.js';

/** Lines of the title block, each with the template role it is set in. */
export interface TitleBlock {
  /** Series and number, e.g. "أوراق سياسات · العدد 1" (absent when neither is set). */
  readonly kicker?: string | undefined;
  /** Absent when the front matter has no title (the block then starts with its other lines). */
  readonly title?: string | undefined;
  readonly subtitle?: string | undefined;
  /** "Name (Affiliation)" per author. */
  readonly authors: readonly string[];
  readonly organisation?: string | undefined;
  readonly date?: string | undefined;
}

/** Builds the title block from front matter. */
export function titleBlock(meta: FrontMatter, template: Template): TitleBlock {
  const s = wordsFor(settingsOf(template), meta.lang);
  const parts: string[] = [];
  if (meta.series) parts.push(meta.series);
  if (meta.number !== undefined) {
    const n = typeof meta.number === 'number' ? formatNumber(meta.number, meta.digits) : meta.number;
    parts.push(`${s.number} ${n}`);
  }
  return {
    kicker: parts.length ? parts.join(' · ') : undefined,
    title: meta.title,
    subtitle: meta.subtitle,
    authors: authorsOf(meta).map((a) => (a.affiliation ? `${a.name} (${a.affiliation})` : a.name)),
    organisation: meta.organisation,
    date: formatDate(meta.date, meta.lang, meta.digits, meta.calendar ?? template.calendar),
  };
}

/**
 * The document's title for metadata (HTML `<title>`, PDF Title, DOCX core properties) and the
 * running header: the front-matter title, else the printed text of the first heading (`model/printed-text.ts`:
 * raw HTML as a browser shows it, white space collapsed), else the file's slug.
 */
export function documentTitle(doc: SahifaDocument): string {
  if (doc.meta.title) return doc.meta.title;
  const first = doc.tree.children.find((n) => n.type === 'heading');
  const text = first ? printedText(first).replace(/\s+/g, ' ').trim() : '';
  return text || doc.slug;
}
