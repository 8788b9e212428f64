/**
 * Text direction helpers shared by the parser and every writer.
 *
 * Rules used:
 * - The direction of a language comes from its script (CLDR likely-subtags / `Intl.Locale#getTextInfo`
 *   where available, otherwise a list of RTL languages from CLDR).
 * - The direction of a block of text is decided by its words, each going with its strong characters
 *   (UAX #9 classes L vs R/AL), see {@link blockDirection}.
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
 * URLs (with a scheme or `www.`) and e-mail addresses: the writers always set them left to right
 * as isolates, whatever the paragraph (see `writers/shared/isolates.ts`).
 *
 * Linear in the length of the text: a scheme is tried only from the first letter of a run of
 * scheme characters, and an address only from the start of a run of its characters (the
 * lookbehinds), which is where the leftmost match starts anyway. Tried from every position, a
 * 200 KB word took the parser 89 s.
 */
export const URL_OR_EMAIL = /(?:(?=[a-z])(?<=(?:^|[^a-z0-9+.-])[0-9+.-]*)[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/giu;

/**
 * Counts the words of `text` that read left to right and right to left. A word (a stretch
 * between white space) goes with most of its strong letters (see {@link countStrong}); a word
 * without strong letters (a number, punctuation) or with as many of each does not count.
 * URLs and e-mail addresses count only when nothing else does: they are isolates, which UAX #9
 * rule P2 also skips when it looks for a paragraph's direction.
 */
export function countStrongWords(text: string): { ltr: number; rtl: number } {
  const count = (t: string): { ltr: number; rtl: number } => {
    let ltr = 0;
    let rtl = 0;
    for (const word of t.split(/\s+/u)) {
      const c = countStrong(word);
      if (c.ltr > c.rtl) ltr++;
      else if (c.rtl > c.ltr) rtl++;
    }
    return { ltr, rtl };
  };
  const words = count(text.replace(URL_OR_EMAIL, ' '));
  return words.ltr || words.rtl ? words : count(text);
}

/**
 * Direction of one block (paragraph, heading, list item, cell).
 *
 * An explicit direction wins. Otherwise the document direction holds unless most words of the
 * block read the other way ({@link countStrongWords}): an English paragraph inside an Arabic
 * brief is LTR, while an Arabic paragraph that merely starts with "Python" or "2030" stays RTL.
 * This differs on purpose from UAX #9 rule P2 (first strong character), which would make such a
 * paragraph LTR. Words, not letters, are counted because Arabic and Hebrew leave short vowels
 * unwritten and a technical name or slug is one long word: "رابط التحميل: https://…" or
 * "كيفية تطوير ميزات React {/how-react-features-are-developed/}" are Arabic, though most of their
 * letters are Latin.
 *
 * @param text the block's plain text
 * @param documentDir the document's direction (from `dir` or `lang` in the front matter)
 * @param explicit a direction given on the block itself, if any
 */
export function blockDirection(text: string, documentDir: Dir, explicit?: Dir): Dir {
  if (explicit) return explicit;
  const { ltr, rtl } = countStrongWords(text);
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
