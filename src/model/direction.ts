/**
 * Text direction helpers shared by the parser and every writer.
 *
 * Rules used:
 * - The direction of a language comes from its script (CLDR likely-subtags / `Intl.Locale#getTextInfo`
 *   where available, otherwise a list of RTL languages from CLDR).
 * - The direction of a block of text is decided by its strong characters (UAX #9 classes L vs R/AL),
 *   see {@link blockDirection}.
 */

/** Inline base direction: `ltr` or `rtl` (UAX #9 paragraph embedding level 0 or 1). */
export type Dir = 'ltr' | 'rtl';

/** Languages written right to left (CLDR: scripts Arab, Hebr, Syrc, Thaa, Nkoo, Adlm, Rohg, Mand, Samr). */
const RTL_LANGS = new Set([
  'ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku-arab', 'lrc', 'mzn', 'nqo', 'pa-arab', 'ps', 'sd',
  'syr', 'ug', 'ur', 'yi', 'prs', 'glk', 'bal', 'bqi', 'ff-adlm', 'rhg', 'sam', 'mid', 'az-arab', 'uz-arab',
]);

/**
 * Direction of a BCP 47 language tag: `rtl` for Arabic, Persian, Urdu, Hebrew, Pashto, Sindhi,
 * Uyghur, Kurdish (Sorani), Dhivehi, Syriac, Yiddish… and for any tag with an RTL script subtag
 * (`-Arab`, `-Hebr`, `-Syrc`, `-Thaa`, `-Nkoo`, `-Adlm`). Everything else is `ltr`.
 */
export function dirFromLang(lang: string): Dir {
  const tag = lang.toLowerCase();
  if (/-(arab|hebr|syrc|thaa|nkoo|adlm|rohg|mand|samr)(-|$)/.test(tag)) return 'rtl';
  if (/-(latn|cyrl)(-|$)/.test(tag)) return 'ltr';
  const primary = tag.split('-')[0] ?? '';
  return RTL_LANGS.has(tag) || RTL_LANGS.has(primary) ? 'rtl' : 'ltr';
}

/** Strong right-to-left letters (UAX #9 bidi classes R and AL), approximated by script. */
const STRONG_RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Hanifi_Rohingya}]/u;
/** Characters that are letters but carry no strong RTL direction: strong L. */
const LETTER = /\p{L}/u;
const NOT_STRONG_RTL_NUMBERS = /[\u0660-\u0669\u06F0-\u06F9\u066A-\u066C\u06DD]/u;

/** Counts strong-LTR and strong-RTL letters in `text` (digits and punctuation are neutral here). */
export function countStrong(text: string): { ltr: number; rtl: number } {
  let ltr = 0;
  let rtl = 0;
  for (const ch of text) {
    if (NOT_STRONG_RTL_NUMBERS.test(ch)) continue;
    if (STRONG_RTL.test(ch)) rtl++;
    else if (LETTER.test(ch)) ltr++;
  }
  return { ltr, rtl };
}

/**
 * Direction of one block (paragraph, heading, list item, cell).
 *
 * An explicit direction wins. Otherwise the document direction holds unless most strong letters
 * of the block belong to the other direction: an English paragraph inside an Arabic brief is LTR,
 * while an Arabic paragraph that merely starts with "Python" or "2030" stays RTL. This differs on
 * purpose from UAX #9 rule P2 (first strong character), which would make such a paragraph LTR.
 *
 * @param text the block's plain text
 * @param documentDir the document's direction (from `dir` or `lang` in the front matter)
 * @param explicit a direction given on the block itself, if any
 */
export function blockDirection(text: string, documentDir: Dir, explicit?: Dir): Dir {
  if (explicit) return explicit;
  const { ltr, rtl } = countStrong(text);
  if (documentDir === 'rtl') return ltr > rtl ? 'ltr' : 'rtl';
  return rtl > ltr ? 'rtl' : 'ltr';
}

/** True when `text` holds at least one strong RTL letter (UAX #9 R or AL, by script). */
export function hasStrongRtl(text: string): boolean {
  for (const ch of text) {
    if (NOT_STRONG_RTL_NUMBERS.test(ch)) continue;
    if (STRONG_RTL.test(ch)) return true;
  }
  return false;
}
