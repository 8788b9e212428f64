/**
 * Which stretches of text must be bidi isolates, shared by the three writers — HTML (`<bdi>`,
 * `dir`), the PDF layer (LRI/RLI … PDI) and DOCX (strong marks around runs) — so they order mixed
 * text the same way ({@link isolateRuns} is the one rule): URLs and e-mail addresses
 * (always left to right), and a run of the direction
 * opposite to its paragraph (Latin words in Arabic, possibly led by a number as in "5 km" or
 * "1. Contributors", or Arabic words in English), across spaces and joining punctuation when a
 * letter or digit follows ("Abraham Accords 2020", "km/h", "e-mail"). Runs without a strong letter
 * (plain numbers) are left to UAX #9, which orders them correctly. A stretch never crosses a line
 * feed (a hard break, a line of code): UAX #9 P1 makes it a paragraph separator.
 */
import { URL_OR_EMAIL, type Dir } from '../../model/direction.js';

/** Scripts whose letters are strong right-to-left (UAX #9 R/AL), as in `model/direction.ts`. */
const RTL_SCRIPTS = '\\p{Script=Arabic}\\p{Script=Hebrew}\\p{Script=Syriac}\\p{Script=Thaana}\\p{Script=Nko}\\p{Script=Adlam}\\p{Script=Samaritan}\\p{Script=Mandaic}\\p{Script=Hanifi_Rohingya}';
/** Arabic-script digits and number signs: not letters, never start or carry a run. */
const ARABIC_NUMBERS = '\\u0660-\\u0669\\u06F0-\\u06F9\\u066A-\\u066C\\u06DD';
/** One strong letter of each direction. */
const STRONG: Record<Dir, string> = {
  // tatweel (U+0640, Script=Common, bidi class AL) is Lm but belongs to the Arabic letter before it
  ltr: `(?:(?![${RTL_SCRIPTS}\\u0640])\\p{L})`,
  rtl: `(?:(?![${ARABIC_NUMBERS}])[${RTL_SCRIPTS}])`,
};

function runPattern(dir: Dir): RegExp {
  const s = STRONG[dir];
  // letters, marks, digits, and inside a word tatweel (بـ) and the joiners ZWNJ/ZWJ (Persian
  // «نرمال‌شده» is one word: cut at its ZWNJ, each half was isolated alone)
  const word = `(?:${s}|\\p{M}|\\p{N}|[\\u0640\\u200c\\u200d])`;
  // white space here is never a line end: a hard break (`\n`) ends a bidi paragraph (UAX #9 P1,
  // the line feed is class B), and a stretch never crosses it
  const space = '[^\\S\\n]';
  // a leading number ("5 km") only when it is a number of its own, not the end of a word (CVSSv2 و)
  return new RegExp(`(?:(?<![\\p{L}\\p{M}\\p{N}])\\p{N}[\\p{N}.,]*${space}?)?${s}${word}*(?:(?:${space}|[.,'’/:&+_@#%\\-–])+(?=${s}|\\p{N})${word}+)*`, 'gu');
}
const RUNS: Record<Dir, RegExp> = { ltr: runPattern('ltr'), rtl: runPattern('rtl') };
const STRONG_LETTER: Record<Dir, RegExp> = { ltr: new RegExp(STRONG.ltr, 'u'), rtl: new RegExp(STRONG.rtl, 'u') };

/** The direction opposite to `dir`. */
export const oppositeDir = (dir: Dir): Dir => (dir === 'rtl' ? 'ltr' : 'rtl');

/**
 * The stretches of `text` that run against the paragraph direction `ctx` and must be isolated.
 *
 * @returns UTF-16 ranges `[start, end)` in order, each with the direction of its content
 */
export function isolatedSpans(text: string, ctx: Dir): { start: number; end: number; dir: Dir }[] {
  const spans: { start: number; end: number; dir: Dir }[] = [];
  for (const m of text.matchAll(URL_OR_EMAIL)) {
    const url = m[0].replace(/[.,;:!?)\]»”'"،؛]+$/u, '');
    spans.push({ start: m.index, end: m.index + url.length, dir: 'ltr' });
  }
  const dir = oppositeDir(ctx);
  // the URL spans are disjoint and in order, as are the runs: one pass over both
  const urls = spans.length;
  let u = 0;
  for (const m of text.matchAll(RUNS[dir])) {
    const start = m.index;
    const end = start + m[0].length;
    while (u < urls && spans[u]!.end <= start) u++;
    if (u === urls || end <= spans[u]!.start) spans.push({ start, end, dir });
  }
  return spans.sort((a, b) => a.start - b.start);
}


/** What the isolation rule needs to know of a styled run (a `TextRun` of `inline-runs.ts`). */
export interface IsolationRun {
  readonly text: string;
  /** Inline code: a left-to-right isolate of its own. */
  readonly code?: boolean;
  /** Link target: link text that is a URL or an e-mail address is a left-to-right isolate of its own. */
  readonly link?: string;
  /** A footnote mark: an isolate of its own in the paragraph's direction. */
  readonly footnote?: number;
  /** An element with `dir` (`<span dir="ltr">`): one isolate per element `id`, in its direction. */
  readonly isolate?: { readonly id: number; readonly dir: Dir };
}

/** One isolate: consecutive pieces with the same `id` share it. */
export interface Isolate {
  readonly id: number;
  readonly dir: Dir;
}

/** A piece of one run, in logical order, with the isolates it is in (outermost first). */
export interface IsolatedPiece<R> {
  readonly text: string;
  readonly style: R;
  /** Index of the run in the input. */
  readonly run: number;
  /** Offset of the piece in its run's text (UTF-16). */
  readonly offset: number;
  readonly isolate?: Isolate | undefined;
  /** An isolate inside `isolate`: a right-to-left stretch inside inline code. */
  readonly nested?: Isolate | undefined;
}

const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:|www\.)\S+$|^\S+@\S+\.\S+$/i;

/** True when link text is a URL or an e-mail address: a left-to-right isolate of its own. */
export const isUrlLike = (text: string): boolean => URL_LIKE.test(text.trim());
/** A letter, mark or digit: the ends of a stretch. */
const WORDISH = /[\p{L}\p{M}\p{N}]/u;

/** True when the run is an isolate of its own, never part of a stretch of the paragraph's text. */
function ownIsolate(run: IsolationRun, ctx: Dir): Dir | undefined {
  if (run.isolate) return run.isolate.dir;
  if (run.code || (run.link && isUrlLike(run.text))) return 'ltr';
  if (run.footnote !== undefined) return ctx;
  return undefined;
}

/**
 * The one isolation rule of the three writers (HTML `<bdi>`/`dir`, PDF LRI/RLI…PDI, DOCX strong
 * marks around runs), so that they show a paragraph in the same visual order. UAX #9 treats an
 * isolate as one neutral character (rules X5a–X6a, BD8), so what it holds keeps its own order and
 * takes its place among the paragraph's words in reading order.
 *
 * 1. Own isolates: inline code and URL-like link text (left to right), an inline HTML element with
 *    `dir` (in that direction, one isolate per element) and a footnote mark (in the paragraph's
 *    direction, so "2023.²" never reads as the number 2023.2 and the mark follows "Zotero" on its
 *    reading side). Inside inline code, each right-to-left stretch is an isolate nested in the
 *    code's, as on a line of a code block.
 * 2. Stretches running against the paragraph ({@link isolatedSpans}, on the paragraph's whole text,
 *    where a hard break ends them), each cut where the style changes (a new run): a styled run
 *    of Latin is an item of the sentence of its own, as the HTML writer's per-element `<bdi>`
 *    makes it ("**BDFL:** BDFL اختصار…": the bold label is read first, on the right). The one
 *    exception is a number after white space: it stays with the words before it
 *    ("**Python** 3.12"), which UAX #9 alone would set on their far side (rule W2 makes it an
 *    Arabic number).
 *
 * @param runs the paragraph's runs in logical order (style changes between them)
 * @param ctx the paragraph's direction
 * @returns the runs' text in order, split at isolate edges
 */
export function isolateRuns<R extends IsolationRun>(runs: readonly R[], ctx: Dir): IsolatedPiece<R>[] {
  let id = 0;
  const plain = runs.map((r) => (ownIsolate(r, ctx) ? '\uFFFC'.repeat(r.text.length) : r.text)).join('');
  // run boundaries inside the paragraph's text
  const edges: number[] = [];
  let at = 0;
  for (const r of runs) edges.push((at += r.text.length));
  const spans: { start: number; end: number; dir: Dir; id: number }[] = [];
  for (const span of isolatedSpans(plain, ctx)) {
    const url = span.dir === 'ltr' && URL_LIKE.test(plain.slice(span.start, span.end));
    let start = span.start;
    for (const edge of url ? [] : edges) {
      if (edge <= start || edge >= span.end) continue;
      let last = edge; // end of the last word before the edge
      while (last > start && !WORDISH.test(plain[last - 1]!)) last--;
      let next = edge; // first letter or digit after it
      while (next < span.end && !WORDISH.test(plain[next]!)) next++;
      // one word across a style change ("**Py**thon"), or a number after white space: one stretch
      const gap = plain.slice(last, next);
      if (gap === '' || (/^\s+$/u.test(gap) && /\p{N}/u.test(plain[next] ?? ''))) continue;
      if (last > start) spans.push({ start, end: last, dir: span.dir, id: ++id });
      start = next;
    }
    if (start < span.end) spans.push({ start, end: span.end, dir: span.dir, id: ++id });
  }
  // a piece cut off without a letter of its direction (the "3" of "**3** km") is left to UAX #9
  const kept = spans.filter((s) => STRONG_LETTER[s.dir].test(plain.slice(s.start, s.end)));
  const out: IsolatedPiece<R>[] = [];
  const elements = new Map<number, number>();
  let first = 0;
  at = 0;
  runs.forEach((run, index) => {
    const start = at;
    at += run.text.length;
    const own = ownIsolate(run, ctx);
    const push = (from: number, to: number, isolate?: Isolate, nested?: Isolate): void => {
      if (to > from) out.push({ text: run.text.slice(from, to), style: run, run: index, offset: from, isolate, nested });
    };
    if (own) {
      let mine = run.isolate ? elements.get(run.isolate.id) : undefined;
      if (mine === undefined) mine = ++id;
      if (run.isolate) elements.set(run.isolate.id, mine);
      const isolate = { id: mine, dir: own };
      if (!run.code) return push(0, run.text.length, isolate);
      // inline code reads left to right; its right-to-left stretches keep their own order inside
      let pos = 0;
      for (const s of isolatedSpans(run.text, 'ltr')) {
        if (s.dir !== 'rtl') continue;
        push(pos, s.start, isolate);
        push(s.start, s.end, isolate, { id: ++id, dir: 'rtl' });
        pos = s.end;
      }
      return push(pos, run.text.length, isolate);
    }
    let pos = start;
    while (first < kept.length && kept[first]!.end <= pos) first++;
    for (let k = first; k < kept.length && kept[k]!.start < at; k++) {
      const span = kept[k]!;
      if (span.end <= pos) continue;
      if (span.start > pos) push(pos - start, span.start - start);
      const end = Math.min(span.end, at);
      push(Math.max(span.start, pos) - start, end - start, { id: span.id, dir: span.dir });
      pos = end;
    }
    push(pos - start, at - start);
  });
  return out;
}
