/**
 * Script itemisation (UAX #24, as browsers itemise text before shaping): every character gets the
 * script HarfBuzz shapes it with. Characters of the Common and Inherited scripts (spaces, digits,
 * punctuation, tatweel, ZWNJ, harakat) take the script of the text around them, so the period of
 * "in 2024." is shaped as Latin in an English sentence and as Arabic after Arabic words (Amiri
 * draws the two differently). Rules, after Chromium's `ScriptRunIterator`:
 * - a Common or Inherited character continues the script before it; at the start of the text it
 *   takes the first script that follows;
 * - a closing bracket (general category Pe) takes the script its opening bracket (Ps) had, so a
 *   Latin parenthesis around an Arabic word keeps both halves alike, and the text after it
 *   continues in that script (the period of "(React)." in an Arabic sentence is Arabic);
 * - text with no character of any script ("2024.", a list number "1.") takes the script of its
 *   language, as browsers take it from the content language.
 */

/** ISO 15924 codes HarfBuzz accepts (`hb_script_from_string`), for the scripts told apart here. */
export type ScriptCode = string;

const SCRIPTS: readonly (readonly [ScriptCode, RegExp])[] = [
  ['Arab', /\p{Script=Arabic}/u],
  ['Latn', /\p{Script=Latin}/u],
  ['Hebr', /\p{Script=Hebrew}/u],
  ['Cyrl', /\p{Script=Cyrillic}/u],
  ['Grek', /\p{Script=Greek}/u],
  ['Syrc', /\p{Script=Syriac}/u],
  ['Thaa', /\p{Script=Thaana}/u],
  ['Nkoo', /\p{Script=Nko}/u],
  ['Armn', /\p{Script=Armenian}/u],
  ['Geor', /\p{Script=Georgian}/u],
  ['Deva', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Ethi', /\p{Script=Ethiopic}/u],
  ['Hani', /\p{Script=Han}/u],
  ['Hira', /\p{Script=Hiragana}/u],
  ['Kana', /\p{Script=Katakana}/u],
  ['Hang', /\p{Script=Hangul}/u],
];
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
const OPEN = /\p{Ps}/u;
const CLOSE = /\p{Pe}/u;

/** The scripts {@link scriptOf} returns, by index (`bmp` holds index + 1). */
const CODES: readonly ScriptCode[] = ['', 'Zzzz', ...SCRIPTS.map(([code]) => code)];
/** Memo of {@link scriptOf} for the Basic Multilingual Plane: index + 1 in {@link CODES}, 0 not yet known. */
const bmp = new Uint8Array(0x10000);
const astral = new Map<number, ScriptCode>();

/** Script of a code point, `''` for Common, Inherited and Unknown; memoised (called per character). */
function scriptOf(cp: number): ScriptCode {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? 'Latn' : '';
  if (cp < 0x10000) {
    const k = bmp[cp]!;
    if (k) return CODES[k - 1]!;
    const s = lookUp(cp);
    bmp[cp] = CODES.indexOf(s) + 1;
    return s;
  }
  let s = astral.get(cp);
  if (s === undefined) astral.set(cp, (s = lookUp(cp)));
  return s;
}

function lookUp(cp: number): ScriptCode {
  const ch = String.fromCodePoint(cp);
  return NEUTRAL.test(ch) ? '' : (SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'Zzzz');
}

const OPENING = 2;
const CLOSING_BRACKET = 3;
/** Memo of {@link bracketOf} for the Basic Multilingual Plane: 0 not yet known, 1 no bracket. */
const bracketKinds = new Uint8Array(0x10000);

/** Whether a character is an opening bracket (Ps), a closing one (Pe) or neither (1); memoised. */
function bracketOf(cp: number, ch: string): number {
  const k = cp < 0x10000 ? bracketKinds[cp]! : 0;
  if (k) return k;
  const kind = OPEN.test(ch) ? OPENING : CLOSE.test(ch) ? CLOSING_BRACKET : 1;
  if (cp < 0x10000) bracketKinds[cp] = kind;
  return kind;
}

/** Pairs an opening bracket with its closing one by Unicode's mirroring pairs and the usual ASCII ones. */
const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}', '«': '»', '⟨': '⟩', '‹': '›', '（': '）', '［': '］', '｛': '｝' };

/**
 * The resolved script of every UTF-16 unit of `text` (both units of a surrogate pair get it).
 * `Zzzz` stands for a script not told apart here (HarfBuzz then guesses it); `''` only when the
 * text has no character of any script (e.g. "2024.", or spaces), which HarfBuzz shapes as Common.
 *
 * @returns an array of `text.length` script codes, in logical order
 */
export function resolveScripts(text: string, fallback: ScriptCode = ''): ScriptCode[] {
  const out: ScriptCode[] = new Array(text.length);
  let current: ScriptCode = '';
  const brackets: { close: string; script: ScriptCode }[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const n = cp > 0xffff ? 2 : 1;
    let s = scriptOf(cp);
    const ch = text.slice(i, i + n);
    if (s === '') {
      const kind = bracketOf(cp, ch);
      if (kind === OPENING) brackets.push({ close: CLOSING[ch] ?? '', script: current });
      else if (kind === CLOSING_BRACKET) {
        // the innermost open bracket this one closes (or, without a known pair, the innermost)
        let k = brackets.length - 1;
        while (k >= 0 && brackets[k]!.close !== ch && brackets[k]!.close !== '') k--;
        if (k < 0) k = brackets.length - 1;
        if (k >= 0) {
          if (brackets[k]!.script !== '') s = brackets[k]!.script;
          brackets.length = k;
        }
      }
      if (s === '') s = current;
      else current = s;
    } else if (current === '') {
      // the leading neutrals take the first script that follows
      for (let j = 0; j < i; j++) out[j] = s;
      for (const b of brackets) if (b.script === '') b.script = s;
    }
    if (scriptOf(cp) !== '') current = s;
    for (let j = 0; j < n; j++) out[i + j] = s;
    i += n;
  }
  if (current === '' && fallback) out.fill(fallback);
  return out;
}

const LANGUAGE_SCRIPTS: Record<string, ScriptCode> = { ar: 'Arab', fa: 'Arab', ur: 'Arab', ps: 'Arab', sd: 'Arab', ug: 'Arab', ckb: 'Arab', ku: 'Arab', he: 'Hebr', yi: 'Hebr', ru: 'Cyrl', uk: 'Cyrl', bg: 'Cyrl', el: 'Grek' };

/** The script a language is usually written in (BCP 47 primary subtag), `Latn` for others, `''` for none. */
export function languageScript(lang: string): ScriptCode {
  const primary = lang.toLowerCase().split('-')[0] ?? '';
  return primary ? (LANGUAGE_SCRIPTS[primary] ?? 'Latn') : '';
}

/**
 * Splits `[start, end)` of a text into runs of one resolved script.
 *
 * @param scripts the text's scripts from {@link resolveScripts}
 * @returns runs in logical order, covering the range
 */
export function scriptRuns(scripts: readonly ScriptCode[], start: number, end: number): { start: number; end: number; script: ScriptCode }[] {
  const runs: { start: number; end: number; script: ScriptCode }[] = [];
  for (let i = start; i < end; i++) {
    const s = scripts[i]!;
    const last = runs[runs.length - 1];
    if (last && last.script === s) last.end = i + 1;
    else runs.push({ start: i, end: i + 1, script: s });
  }
  return runs;
}
