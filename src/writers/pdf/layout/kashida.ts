/**
 * Kashida justification for Arabic lines: stretch words by inserting tatweel (U+0640) at joining
 * positions instead of (or before) widening the spaces. Positions follow the W3C Arabic Layout
 * Requirements (alreq, "Kashida and justification") in priority order, one position per word:
 *
 * 1. after an initial or medial Seen or Sad (س ش ص ض);
 * 2. before a final Teh Marbuta, Heh or Dal (ة ه د ذ);
 * 3. before a final Alef, Tah, Lam, Kaf or Gaf (ا ط ظ ل ك گ ک);
 * 4. before a final Reh, Waw, Ain, Qaf, Feh or Yeh (ر ز و ع غ ق ف ي ى ی ے);
 * 5. any other joining pair inside the word, the last one first.
 *
 * A tatweel is only inserted between two letters that join (the first one joins to the left,
 * the second to the right), never next to a space, never in the last line of a paragraph, never
 * in Latin or digits.
 */

/** Letters that do not join to the following letter (UAX #9-independent: Arabic joining type R or U). */
const RIGHT_JOINING = new Set([...'اأإآٱدذرزژوؤةۀەۃۓےء']);
const ARABIC_LETTER = /[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FF]/u;
const MARK = /\p{M}/u;

const PRIORITY: { after?: Set<string>; before?: Set<string> }[] = [
  { after: new Set([...'سشصض']) },
  { before: new Set([...'ةهد ذ'.replace(' ', '')]) },
  { before: new Set([...'اطظلكگک']) },
  { before: new Set([...'رزوعغقفيىیے']) },
];

/** The tatweel (Arabic kashida) character. */
export const TATWEEL = '\u0640';

/**
 * The best kashida position in an Arabic word: a UTF-16 index to insert tatweel at (after the
 * preceding letter and its marks), or -1 when the word has no allowed position.
 */
export function kashidaPosition(word: string): number {
  // letter indices (skipping marks), with the index just after each letter's marks
  const letters: { ch: string; start: number; end: number }[] = [];
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (MARK.test(ch) || ch === TATWEEL) {
      if (letters.length) letters[letters.length - 1]!.end = i + 1;
      continue;
    }
    letters.push({ ch, start: i, end: i + 1 });
  }
  const joins: number[] = []; // k: a tatweel may go between letters[k] and letters[k+1]
  for (let k = 0; k + 1 < letters.length; k++) {
    const a = letters[k]!.ch;
    const b = letters[k + 1]!.ch;
    if (ARABIC_LETTER.test(a) && ARABIC_LETTER.test(b) && !RIGHT_JOINING.has(a) && a !== 'ء') joins.push(k);
  }
  if (joins.length === 0) return -1;
  const last = letters.length - 1;
  for (const rule of PRIORITY) {
    for (const k of [...joins].reverse()) {
      if (rule.after?.has(letters[k]!.ch)) return letters[k]!.end;
      if (rule.before?.has(letters[k + 1]!.ch) && k + 1 === last) return letters[k]!.end;
    }
  }
  return letters[joins[joins.length - 1]!]!.end;
}
