/**
 * Where a table of contents' headings land, read back with poppler: the page numbers a DOCX's
 * TOC field results give, and the page each heading is printed on in a PDF (sahifa's, or
 * LibreOffice's rendering of the DOCX), for comparing the DOCX's numbers with both layouts.
 */
import { strFromU8, unzipSync } from 'fflate';
import { SequenceMatcher } from '../../src/verify/roundtrip.js';
import { pdftotext } from './clients.js';

/** One TOC entry of a DOCX: its text and the PAGEREF result written for it. */
export interface TocEntry {
  readonly title: string;
  readonly page: string;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string): string => s.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => XML_ENTITIES[e]!);

/** The entries of the TOC field of a DOCX (paragraphs in the `toc N` styles), in order. */
export function docxTocEntries(docx: Uint8Array): TocEntry[] {
  const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
  const out: TocEntry[] = [];
  for (const p of xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="TOC\d"\/>.*?<\/w:p>/gs)) {
    const link = /<w:hyperlink\b[^>]*>(.*)<\/w:hyperlink>/s.exec(p[0])?.[1] ?? '';
    const [title, pageRef = ''] = link.split('<w:tab/>');
    const text = (s: string): string => unescape([...s.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    out.push({ title: text(title!), page: text(pageRef) });
  }
  return out;
}

/**
 * The letters and digits of a text, for comparing a heading with extracted lines: poppler moves
 * the punctuation around numbers in RTL text (`(1992-الحاضر)` reads `)-1992الحاضر(`), and
 * LibreOffice's PDF maps a lam-alef ligature back to alef-lam (`للانضمام` reads `لالنضمام`), so
 * lam and the alefs are left out too.
 */
export function squeeze(s: string): string {
  return s.replace(/[^\p{L}\p{N}]|[\u0627\u0623\u0625\u0622\u0644]/gu, '');
}

/**
 * Whether an extracted line is a heading's text: equal, or of its length and 90% alike (LibreOffice's
 * PDF of IBM Plex Sans Arabic maps some ligatures back to letters in another order: الحاضر reads الحارض).
 */
function same(line: string, want: string): boolean {
  return line === want || (line.length === want.length && new SequenceMatcher(line, want).ratio() >= 0.9);
}

/**
 * The page (from 1) each heading is printed on in a PDF, by reading its text in order: the TOC is
 * skipped (its title `tocWord`, then a line starting with each entry's text), then each title is
 * the next line, or two or three lines joined (a wrapped heading), equal to it. Undefined for a
 * heading not found.
 */
export function headingPagesInPdf(pdf: string, titles: readonly string[], tocWord: string): (number | undefined)[] {
  const lines = pdftotext(pdf)
    .split('\f')
    .flatMap((page, i) => page.split('\n').map((line) => ({ text: squeeze(line), page: i + 1 })))
    .filter((l) => l.text !== '');
  let at = lines.findIndex((l) => l.text === squeeze(tocWord)) + 1;
  for (const title of titles) {
    const entry = lines.findIndex((l, i) => i >= at && same(l.text.slice(0, squeeze(title).length), squeeze(title)));
    if (entry >= 0) at = entry + 1;
  }
  return titles.map((title) => {
    const want = squeeze(title);
    for (let i = at; i < lines.length; i++) {
      let joined = '';
      for (let k = 0; k < 3 && i + k < lines.length && joined.length < want.length; k++) {
        joined += lines[i + k]!.text;
        if (same(joined, want)) {
          at = i + k + 1;
          return lines[i]!.page;
        }
      }
    }
    return undefined;
  });
}

/** Arabic-Indic and Extended Arabic-Indic digits as 0-9, so page numbers of any digits compare. */
export function latinDigits(s: string): string {
  return s.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90));
}

/** A brief's text with front-matter `key: value` (replacing the key's line, or added; front matter created when absent). */
export function withFrontMatter(text: string, key: string, value: string): string {
  if (!text.startsWith('---\n')) return `---\n${key}: ${value}\n---\n\n${text}`;
  const end = text.indexOf('\n---', 3);
  const head = text
    .slice(4, end)
    .replace(new RegExp(`^${key}:.*$\\n?`, 'm'), '')
    .replace(/\n+$/, '');
  return `---\n${head}\n${key}: ${value}${text.slice(end)}`;
}

/** A brief's text without its footnotes: the `[^id]` marks and the `[^id]: …` definitions (with their indented lines). */
export function withoutNotes(text: string): string {
  return text.replace(/^\[\^[^\]\n]+\]:.*(?:\n(?:[ \t]+.*|[ \t]*(?=\n[ \t]+\S)))*/gm, '').replace(/\[\^[^\]\n]+\]/g, '');
}
