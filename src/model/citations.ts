/**
 * Citations and cross-references as Pandoc, pandoc-crossref and Quarto write them in Markdown:
 * `[@key]`, `[see @key, p. 5]`, `[@a; @b]`, `[-@key]`, `@key` in running text, and `@fig:name`,
 * `[@tbl:name]`, `@sec:name`. Only the syntax and the words lives here; the parse plugins
 * (`parse/plugins/citations.ts`, `cross-references.ts`) resolve them into links.
 */
import type { Digits } from './front-matter.js';

/** One cited item of a citation. */
export interface CiteItem {
  /** Citation key (`smith2020`) or cross-reference label (`fig:chart`). */
  readonly key: string;
  /** Text before the key inside the brackets (`see `), trimmed. */
  readonly prefix: string;
  /** Text after the key (`p. 5`, `ص 5`), trimmed; see {@link readLocator}. */
  readonly suffix: string;
  /** `[-@key]`: the author is left out (the year or number alone). */
  readonly suppressAuthor: boolean;
  /** Offset of the `@` (or `-@`) in the text the citation was found in. */
  readonly offset: number;
}

/** A citation found in a run of text: `[…]` with one or more items, or a bare `@key`. */
export interface CitationSpan {
  /** Offsets in the text: `[` (or `@`) to after `]` (or the key). */
  readonly start: number;
  readonly end: number;
  readonly items: readonly CiteItem[];
  /** A bare `@key` in running text (author in the sentence: "Smith (2020)"). */
  readonly inText: boolean;
}

/**
 * A citation key (Pandoc): starts with a letter, digit or `_`, goes on with those and single
 * internal punctuation `:.#$%&-+?<>~/` followed by one of them (so a key never ends with `.`).
 */
const KEY = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*`;
const BRACKETED = /\[([^[\]]*?@[^[\]]*)\](?!\(|\[|:)/gu;
const BARE = new RegExp(String.raw`(?<![\p{L}\p{N}_@.\-+])@(${KEY})`, 'gu');
const ITEM = new RegExp(String.raw`^(.*?)(-?)@(${KEY})(.*)$`, 'su');

/**
 * The citations in `text`, in order. A `[…]` is one when every `;`-separated part holds a `@key`
 * (`[see @a, p. 5; @b]`); a bare `@key` is one when the character before it is neither a letter,
 * digit nor `@`, `.`, `_`, `-`, `+` (so `name@example.org` is not). `[…](url)` and `[…][ref]` are links.
 */
export function findCitations(text: string): CitationSpan[] {
  if (!text.includes('@')) return [];
  const out: CitationSpan[] = [];
  for (const m of text.matchAll(BRACKETED)) {
    const parts = m[1]!.split(';');
    const items: CiteItem[] = [];
    let offset = m.index + 1;
    for (const part of parts) {
      const p = ITEM.exec(part);
      if (!p || /@/.test(p[1]!)) {
        items.length = 0;
        break;
      }
      items.push({ key: p[3]!, prefix: p[1]!.trim(), suffix: p[4]!.replace(/^\s*[,،]/, '').trim(), suppressAuthor: p[2] === '-', offset: offset + p[1]!.length });
      offset += part.length + 1;
    }
    if (items.length) out.push({ start: m.index, end: m.index + m[0].length, items, inText: false });
  }
  for (const m of text.matchAll(BARE)) {
    if (out.some((s) => m.index >= s.start && m.index < s.end)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, items: [{ key: m[1]!, prefix: '', suffix: '', suppressAuthor: false, offset: m.index }], inText: true });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Kinds of cross-reference labels, by prefix. */
export type CrossKind = 'fig' | 'tbl' | 'sec';

/** The kind of a cross-reference label (`fig:chart` → `fig`), or undefined for a citation key. */
export function crossKind(key: string): CrossKind | undefined {
  const m = /^(fig|tbl|sec):./.exec(key);
  return m ? (m[1] as CrossKind) : undefined;
}

/**
 * The words of a cross-reference (`@fig:chart` → «الشكل 2», "Figure 2") and of a table caption's
 * label («جدول 1», "Table 1"), per primary language; others fall back to English.
 */
export const CROSS_WORDS: Readonly<Record<string, { readonly fig: string; readonly tbl: string; readonly sec: string; readonly table: string }>> = {
  ar: { fig: 'الشكل', tbl: 'الجدول', sec: 'القسم', table: 'جدول' },
  fa: { fig: 'شکل', tbl: 'جدول', sec: 'بخش', table: 'جدول' },
  ur: { fig: 'شکل', tbl: 'جدول', sec: 'حصہ', table: 'جدول' },
  he: { fig: 'איור', tbl: 'טבלה', sec: 'סעיף', table: 'טבלה' },
  en: { fig: 'Figure', tbl: 'Table', sec: 'Section', table: 'Table' },
};

/** {@link CROSS_WORDS} of a BCP 47 language. */
export function crossWords(lang: string): (typeof CROSS_WORDS)[string] {
  return CROSS_WORDS[lang.toLowerCase().split('-')[0] ?? ''] ?? CROSS_WORDS['en']!;
}

/** CSL locator labels by the words (without a final dot) written before the number: English as in Pandoc, and Arabic. */
const LOCATOR_LABELS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:p|pp|page|pages|ص|صص|صفحة|الصفحة|صفحات)$/iu, 'page'],
  [/^(?:chap|chaps|chapter|chapters|ch|فصل|الفصل)$/iu, 'chapter'],
  [/^(?:sec|secs|section|sections|§|قسم|القسم)$/iu, 'section'],
  [/^(?:vol|vols|volume|volumes|مج|مجلد|المجلد)$/iu, 'volume'],
  [/^(?:fig|figs|figure|figures|شكل)$/iu, 'figure'],
  [/^(?:para|paras|paragraph|paragraphs|فقرة)$/iu, 'paragraph'],
  [/^(?:no|nos|number|numbers|رقم)$/iu, 'issue'],
];

/**
 * A citation's suffix read as Pandoc reads it: a locator label and value (`p. 5`, `pp. 33–35`,
 * `ص 5`), or a bare number (a page), then any further text as the suffix; else all of it is the suffix.
 */
export function readLocator(suffix: string): { label?: string; locator?: string; suffix: string } {
  const m = /^([^\s\d.]+)\.?\s*([\p{Nd}ivxlcdm]+(?:\s*[-–,]\s*[\p{Nd}ivxlcdm]+)*)(.*)$/su.exec(suffix);
  if (m) {
    const label = LOCATOR_LABELS.find(([re]) => re.test(m[1]!))?.[1];
    if (label) return { label, locator: m[2]!, suffix: m[3]!.trim() };
  }
  const n = /^(\p{Nd}+(?:\s*[-–]\s*\p{Nd}+)?)(.*)$/su.exec(suffix);
  if (n) return { label: 'page', locator: n[1]!, suffix: n[2]!.trim() };
  return { suffix };
}

/** `n` in the brief's digits (`latn` 0–9, `arab` ٠–٩, `arabext` ۰–۹), as `writers/shared/numbers` prints generated numbers. */
export function localDigits(n: number, digits: Digits): string {
  const s = String(n);
  const zero = digits === 'arab' ? 0x0660 : digits === 'arabext' ? 0x06f0 : undefined;
  return zero === undefined ? s : s.replace(/[0-9]/g, (d) => String.fromCharCode(zero + Number(d)));
}

/**
 * The source place of `node`, or of the character `offset` code units into its text value (a
 * text node's value runs over its lines as written, when no escape or entity is in the way).
 */
export function placeIn(file: string, node: { position?: { start: { line: number; column: number } } | undefined; value?: string }, offset?: number): { file: string; line?: number; column?: number } {
  const start = node.position?.start;
  if (!start) return { file };
  if (offset === undefined || typeof node.value !== 'string') return { file, line: start.line, column: start.column };
  const before = node.value.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  const lines = before.split('\n').length - 1;
  return { file, line: start.line + lines, column: nl < 0 ? start.column + offset : offset - nl };
}
