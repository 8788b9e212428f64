/**
 * The key order of pdfkit's name trees (the named destinations the table of contents links to;
 * the `PDFNameTree._compareKeys` hook of `install.ts`): the order of the keys' bytes as written,
 * which ISO 32000-1 §7.9.6 requires, instead of `localeCompare`, whose first call loads ICU's
 * collation data (~12 ms of every cold build).
 */

/**
 * Order of two name-tree keys as pdfkit writes them (ISO 32000-1 §7.9.6: keys sorted "in lexical
 * order", byte by byte): a key with only ASCII characters is written as its ASCII bytes, any other
 * as UTF-16BE after the byte order mark FE FF, so every ASCII key comes first; within each group
 * the order of UTF-16 code units is the order of those bytes.
 *
 * @returns negative, zero or positive, as `Array.prototype.sort` expects
 */
export function nameTreeKeyOrder(a: string, b: string): number {
  // eslint-disable-next-line no-control-regex
  const group = (key: string): number => (/[^\x00-\x7f]/.test(key) ? 1 : 0);
  return group(a) - group(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The document's destination name tree (a pdfkit `PDFNameTree`), once pdfkit made its catalog. */
export function destinationTree(doc: { _root?: { data?: { Names?: { data?: { Dests?: object } } } } }): object | undefined {
  return doc._root?.data?.Names?.data?.Dests;
}
