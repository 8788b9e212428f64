/**
 * Dates of a brief: its front-matter `date` read as a day ({@link parseBriefDate}, {@link readIsoDate}),
 * the creation time written inside outputs ({@link creationDate}) and the date as printed
 * ({@link formatDate}) in the Gregorian calendar, the Hijri calendar (Umm al-Qura, through `Intl`'s
 * `islamic-umalqura`), or both.
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
 * Reads the brief's `date` as a UTC day: ISO `2025-11-12` (or a timestamp, {@link readIsoDate}), `12 نوفمبر 2025` (also Levantine month
 * names, Arabic-Indic digits), `12 November 2025`, `November 12, 2025`, or a bare year `2025`
 * (1 January). Returns undefined for anything else.
 */
export function parseBriefDate(date: string | number | undefined): Date | undefined {
  if (date === undefined) return undefined;
  const text = normaliseDate(String(date));
  const iso = readIsoDate(text);
  if (iso) return 'invalid' in iso ? undefined : isoDayToDate(iso);
  let m = /^(\d{4})$/.exec(text);
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

/** The calendar names `calendar:` accepts. */
export const CALENDARS = ['gregorian', 'hijri', 'both'] as const;

/** Which calendar(s) a brief's date is printed in (front matter `calendar`, default from the template). */
export type Calendar = (typeof CALENDARS)[number];

/** A day of the proleptic Gregorian calendar: year, month 1–12, day 1–31. */
export interface IsoDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * An ISO 8601 calendar date `YYYY-MM-DD`, or a timestamp starting with one (`2025-06-15T10:00:00`,
 * with optional seconds, fraction and zone), which is read as its date as written (the zone is not
 * applied: the brief says which day it is).
 */
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads `text` as an ISO date. Returns the day; `{ invalid }` for a text shaped like an ISO date
 * that names no day (`2025-02-30`, `2025-13-45`), with the reason; undefined for anything else
 * (free text such as «15 يونيو 2025», printed as written).
 */
export function readIsoDate(text: string): IsoDay | { invalid: string } | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return { invalid: `${text.trim()} is not a date: there is no month ${month}` };
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) return { invalid: `${text.trim()} is not a date: month ${month} of ${year} has ${last} days` };
  return { year, month, day };
}

/** The day as a UTC midnight `Date`. */
export function isoDayToDate(d: IsoDay): Date {
  const out = new Date(Date.UTC(d.year, d.month - 1, d.day));
  out.setUTCFullYear(d.year); // Date.UTC maps years 0–99 to 1900–1999
  return out;
}

/** Primary language subtag, lower case (`ar-SA` → `ar`). */
const primary = (lang: string): string => lang.toLowerCase().split('-')[0] ?? lang;

/**
 * The words around the two dates of `calendar: both`, per primary language: Arabic
 * «19 ذو الحجة 1446 هـ الموافق 15 يونيو 2025م» (the usual form of Saudi and Gulf documents), other
 * languages the Gregorian date in parentheses after the Hijri one.
 */
const BOTH: Readonly<Record<string, (hijri: string, gregorian: string) => string>> = {
  ar: (h, g) => `${h} الموافق ${g}م`,
};

/**
 * A day written out in the brief's language (`lang`, BCP 47) with month names, in the digits of
 * the brief (`latn`, `arab` or `arabext`):
 * - `gregorian`: «15 يونيو 2025», "15 June 2025";
 * - `hijri`: Umm al-Qura (`Intl` calendar `islamic-umalqura`), «19 ذو الحجة 1446 هـ»;
 * - `both`: «19 ذو الحجة 1446 هـ الموافق 15 يونيو 2025م», "Dhuʻl-Hijjah 19, 1446 AH (June 15, 2025)".
 * The order of day, month and year is the locale's (`en` month first, `en-GB` day first).
 */
export function formatDay(d: IsoDay, lang: string, digits: Digits, calendar: Calendar): string {
  const when = isoDayToDate(d);
  const locale = lang;
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: digits };
  const gregorian = new Intl.DateTimeFormat(`${locale}-u-ca-gregory`, options).format(when);
  if (calendar === 'gregorian') return gregorian;
  const hijri = new Intl.DateTimeFormat(`${locale}-u-ca-islamic-umalqura`, options).format(when);
  if (calendar === 'hijri') return hijri;
  return (BOTH[primary(lang)] ?? ((h: string, g: string) => `${h} (${g})`))(hijri, gregorian);
}

/**
 * The front matter's `date` as printed: an ISO date or timestamp in `calendar` ({@link formatDay}),
 * anything else (or an impossible ISO date, which the front-matter schema already refused) exactly
 * as written.
 */
export function formatDate(date: string | number | undefined, lang: string, digits: Digits, calendar: Calendar = 'gregorian'): string | undefined {
  if (date === undefined) return undefined;
  const text = String(date);
  const day = readIsoDate(text);
  return day && !('invalid' in day) ? formatDay(day, lang, digits, calendar) : text;
}
