/**
 * Dates of a brief: its front-matter `date` read as a day ({@link parseBriefDate}), the creation
 * time written inside outputs ({@link creationDate}) and the date as printed ({@link formatDate}).
 * Reading and printing live together so that a new use of dates (citations, "accessed on") finds
 * both here. No I/O: `SOURCE_DATE_EPOCH` is the one value read from outside.
 */
import type { Digits } from './front-matter.js';

/** Gregorian month names as written in Arabic-speaking countries (Egyptian and Levantine) and in English, → month 1–12. */
const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      ['يناير', 1], ['كانون الثاني', 1], ['january', 1], ['jan', 1],
      ['فبراير', 2], ['شباط', 2], ['february', 2], ['feb', 2],
      ['مارس', 3], ['آذار', 3], ['اذار', 3], ['march', 3], ['mar', 3],
      ['أبريل', 4], ['ابريل', 4], ['إبريل', 4], ['نيسان', 4], ['april', 4], ['apr', 4],
      ['مايو', 5], ['أيار', 5], ['ايار', 5], ['may', 5],
      ['يونيو', 6], ['يونيه', 6], ['حزيران', 6], ['june', 6], ['jun', 6],
      ['يوليو', 7], ['يوليه', 7], ['تموز', 7], ['july', 7], ['jul', 7],
      ['أغسطس', 8], ['اغسطس', 8], ['آب', 8], ['august', 8], ['aug', 8],
      ['سبتمبر', 9], ['أيلول', 9], ['ايلول', 9], ['september', 9], ['sep', 9], ['sept', 9],
      ['أكتوبر', 10], ['اكتوبر', 10], ['تشرين الأول', 10], ['تشرين الاول', 10], ['october', 10], ['oct', 10],
      ['نوفمبر', 11], ['تشرين الثاني', 11], ['november', 11], ['nov', 11],
      ['ديسمبر', 12], ['كانون الأول', 12], ['كانون الاول', 12], ['december', 12], ['dec', 12],
    ] as const
  ).map(([name, month]) => [name, month]),
);

/** `date` with Arabic-Indic and Persian digits made European and spaces collapsed. */
function normaliseDate(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[,،]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A valid UTC date from parts, or undefined. */
function utcDate(year: number, month: number, day: number): Date | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d : undefined;
}

/**
 * Reads the brief's `date` as a UTC day: ISO `2025-11-12`, `12 نوفمبر 2025` (also Levantine month
 * names, Arabic-Indic digits), `12 November 2025`, `November 12, 2025`, or a bare year `2025`
 * (1 January). Returns undefined for anything else.
 */
export function parseBriefDate(date: string | number | undefined): Date | undefined {
  if (date === undefined) return undefined;
  const text = normaliseDate(String(date));
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return utcDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})$/.exec(text);
  if (m) return utcDate(Number(m[1]), 1, 1);
  m = /^(\d{1,2}) (.+) (\d{4})$/.exec(text);
  if (m && MONTHS.has(m[2]!)) return utcDate(Number(m[3]), MONTHS.get(m[2]!)!, Number(m[1]));
  m = /^(.+) (\d{1,2}) (\d{4})$/.exec(text);
  if (m && MONTHS.has(m[1]!)) return utcDate(Number(m[3]), MONTHS.get(m[1]!)!, Number(m[2]));
  return undefined;
}

/**
 * Creation time used inside outputs so rebuilds are byte-identical: `SOURCE_DATE_EPOCH`
 * (seconds since 1970, UTC) when set, else the brief's `date` (see {@link parseBriefDate}),
 * else 1980-01-01 (the ZIP epoch). Never the clock.
 */
export function creationDate(date: string | number | undefined): Date {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return parseBriefDate(date) ?? new Date('1980-01-01T00:00:00Z');
}

/**
 * The date as printed. An ISO date `YYYY-MM-DD` is written out in the brief's language with month
 * names (`Intl.DateTimeFormat`, e.g. "12 نوفمبر 2025" for `ar`, "12 November 2025" for `en`) and
 * digits (`latn`, `arab` or `arabext`); anything else is printed exactly as written.
 */
export function formatDate(date: string | number | undefined, lang: string, digits: Digits): string | undefined {
  if (date === undefined) return undefined;
  const text = String(date);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!iso) return text;
  const when = new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])));
  if (Number.isNaN(when.getTime())) return text;
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: digits }).format(when);
}
