/**
 * Characters XML 1.0 does not allow in a document (§2.2 `Char`): the C0 controls other than tab,
 * line feed and carriage return, U+FFFE and U+FFFF, and UTF-16 surrogates that are not part of a
 * pair. One of them in `word/document.xml` makes the DOCX unreadable (Word and LibreOffice refuse
 * the file), and HTML parsers report them as errors. The parser drops them from a brief with a
 * warning at each place; the DOCX writer drops any that still reach a part (from a template's
 * words, say).
 */

/** One XML-illegal character, global (use with `matchAll` / `replace`). */
// eslint-disable-next-line no-control-regex
export const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** True when `text` holds at least one character XML does not allow. */
export function hasXmlIllegal(text: string): boolean {
  XML_ILLEGAL.lastIndex = 0;
  const found = XML_ILLEGAL.test(text);
  XML_ILLEGAL.lastIndex = 0;
  return found;
}

/** `text` without the characters XML does not allow (the same string when it has none). */
export function stripXmlIllegal(text: string): string {
  return hasXmlIllegal(text) ? text.replace(XML_ILLEGAL, '') : text;
}

/** `U+FFFE`: how a character is named in messages. */
export function codePointName(ch: string): string {
  return `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
