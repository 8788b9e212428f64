/**
 * Hook 13's logic (wired by `install.ts`): pdfkit writes the document information (Title, Author,
 * Subject, Keywords, Creator, Producer) into the XMP metadata as written, unescaped, so a title
 * with `&` or `<` made the XMP ill-formed (and let a brief add XMP elements of its own). The
 * values are escaped for XML while the XMP is written; the Info dictionary keeps them as they are.
 */

/** The document information keys pdfkit copies into the XMP. */
const XMP_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer'] as const;

/** `s` with the five XML special characters as character references. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Runs `write` (pdfkit's `_addInfo`) with the string values of `info` escaped for XML, then puts
 * the values back.
 */
export function withXmlSafeInfo(info: Record<string, unknown>, write: () => void): void {
  const saved = XMP_KEYS.map((k) => [k, info[k]] as const);
  for (const [k, v] of saved) if (typeof v === 'string') info[k] = escapeXml(v);
  try {
    write();
  } finally {
    for (const [k, v] of saved) info[k] = v;
  }
}
