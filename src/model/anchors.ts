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
