/**
 * Anchor ids of headings, shared by the parser that gives them and links to them, and the writers
 * that turn a link to one into an internal link (HTML `href`, PDF named destination, DOCX bookmark).
 */

/** The anchor id of the `n`th heading (from 1) that gets one: `sec-1`, `sec-2`… */
export function headingId(n: number): string {
  return `sec-${n}`;
}

/** Whether `id` has the shape of a heading's anchor id ({@link headingId}). */
export function isHeadingId(id: string): boolean {
  return /^sec-\d+$/.test(id);
}

/**
 * The heading anchor id a link URL points at (`#sec-2` → `sec-2`), else undefined. The parser
 * points links to headings there and reports a `#sec-N` that names no heading, so the writers
 * link every such URL internally.
 */
export function headingAnchor(url: string): string | undefined {
  return url.startsWith('#') && isHeadingId(url.slice(1)) ? url.slice(1) : undefined;
}

/** Named destination of footnote `n`'s first mark in the text (the note links back to it). */
export const footnoteMarkId = (n: number): string => `fnref-${n}`;
/** Named destination of footnote `n`'s note (its mark links to it). */
export const footnoteNoteId = (n: number): string => `fn-${n}`;
const FOOTNOTE_ID = /^fn(?:ref)?-\d+$/;

/** The footnote destination a `#fn-N` / `#fnref-N` link names, or undefined. */
export function footnoteAnchor(url: string): string | undefined {
  return url.startsWith('#') && FOOTNOTE_ID.test(url.slice(1)) ? url.slice(1) : undefined;
}

/** Anchor id of the `n`th labelled figure (by its figure number): `fig-2`, as the HTML `<figure>` id. */
export const figureId = (n: number): string => `fig-${n}`;
/** Anchor id of the table whose caption has number `n`: `tbl-1`. */
export const tableId = (n: number): string => `tbl-${n}`;
/** Anchor id of the `n`th entry of the reference list (from 1, in the list's order): `ref-1`. */
export const referenceId = (n: number): string => `ref-${n}`;
const TARGET_ID = /^(?:sec|fn|fnref|fig|tbl|ref)-\d+$/;
const BLOCK_ID = /^(?:fig|tbl|ref)-\d+$/;

/** The figure, table-caption or reference-entry destination a `#fig-N` / `#tbl-N` / `#ref-N` link names, or undefined. */
export function blockAnchor(url: string): string | undefined {
  return url.startsWith('#') && BLOCK_ID.test(url.slice(1)) ? url.slice(1) : undefined;
}

/**
 * The destination a link URL names inside the brief (`#sec-2`, `#fn-1`, `#fig-2`, `#tbl-1`,
 * `#ref-3`), else undefined. The parser gives these ids only to blocks it has marked as targets
 * and unlinks a `#…` of this shape that names none, so the PDF and DOCX writers link every such
 * URL internally (PDF named destination, DOCX bookmark).
 */
export function internalAnchor(url: string): string | undefined {
  return url.startsWith('#') && TARGET_ID.test(url.slice(1)) ? url.slice(1) : undefined;
}
