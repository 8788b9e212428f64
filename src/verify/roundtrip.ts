/**
 * TypeScript port of `shared/tools/roundtrip.py`: how faithfully a PDF gives back its Markdown
 * source's text, in order. Same extraction (pandoc plain text; `pdftotext -enc UTF-8`), same
 * normalisation, same furniture rules, and a port of Python's `difflib.SequenceMatcher`
 * (no junk, `autojunk=False`) so the figures agree with the Python script.
 */
import { execFileSync } from 'node:child_process';

/** `pdftotext -enc UTF-8 file -` (poppler). */
function pdftotext(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

/** Bidi controls, tatweel, harakat and joiners: extractors disagree on them. */
const DROP = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u0640\u064b-\u065f\u0670\u200c\u200d]/gu;
/** Python's `str.split()` whitespace (`str.isspace`). */
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
/** Python 3 `\d` on `str`: any Unicode decimal digit. */
const DIGITS = /\p{Nd}/gu;

/** NFKC, no bidi controls/harakat/tatweel/joiners, then letters and numbers only (categories L*, N*). */
export function norm(s: string): string {
  return Array.from(s.normalize('NFKC').replace(DROP, ''))
    .filter((ch) => /[\p{L}\p{N}]/u.test(ch))
    .join('');
}

/** A matching block: `a[a..a+size] == b[b..b+size]` (indices in code points). */
export interface Match {
  readonly a: number;
  readonly b: number;
  readonly size: number;
}

/**
 * Python's `difflib.SequenceMatcher(None, a, b, autojunk=False)`: `findLongestMatch` and
 * `matchingBlocks` follow CPython's code step for step (same tie-breaking), over code points.
 */
export class SequenceMatcher {
  private readonly a: readonly string[];
  private readonly b: readonly string[];
  private readonly b2j = new Map<string, number[]>();

  constructor(a: string, b: string) {
    this.a = Array.from(a);
    this.b = Array.from(b);
    this.b.forEach((ch, j) => {
      const list = this.b2j.get(ch);
      if (list) list.push(j);
      else this.b2j.set(ch, [j]);
    });
  }

  /**
   * Longest matching block in `a[alo:ahi]` and `b[blo:bhi]`; of several, the one that starts
   * earliest in `a`, then earliest in `b`. Size 0 (at `alo`, `blo`) when nothing matches.
   */
  findLongestMatch(alo: number, ahi: number, blo: number, bhi: number): Match {
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of this.b2j.get(this.a[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = next;
    }
    return { a: besti, b: bestj, size: bestsize };
  }

  /** Non-overlapping matching blocks in increasing order, adjacent ones merged, ending with the sentinel `(len(a), len(b), 0)`. */
  matchingBlocks(): Match[] {
    const queue: [number, number, number, number][] = [[0, this.a.length, 0, this.b.length]];
    const blocks: Match[] = [];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop()!;
      const m = this.findLongestMatch(alo, ahi, blo, bhi);
      if (!m.size) continue;
      blocks.push(m);
      if (alo < m.a && blo < m.b) queue.push([alo, m.a, blo, m.b]);
      if (m.a + m.size < ahi && m.b + m.size < bhi) queue.push([m.a + m.size, ahi, m.b + m.size, bhi]);
    }
    blocks.sort((x, y) => x.a - y.a || x.b - y.b || x.size - y.size);
    const merged: Match[] = [];
    for (const m of blocks) {
      const last = merged[merged.length - 1];
      if (last && last.a + last.size === m.a && last.b + last.size === m.b) merged[merged.length - 1] = { ...last, size: last.size + m.size };
      else merged.push(m);
    }
    merged.push({ a: this.a.length, b: this.b.length, size: 0 });
    return merged;
  }

  /** Python's `ratio()`: 2·matches / (len(a) + len(b)), 1 when both are empty. */
  ratio(): number {
    const matches = this.matchingBlocks().reduce((n, m) => n + m.size, 0);
    const total = this.a.length + this.b.length;
    return total ? (2 * matches) / total : 1;
  }
}

/** The source's text as {@link roundtrip} compares it (pandoc plain text, normalised). */
function sourceText(sourceMd: string): string {
  return norm(execFileSync('pandoc', [sourceMd, '-t', 'plain', '--wrap=none', '-s'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/**
 * Share of the source's normalised characters found in order in `text` (the `chars` figure of
 * {@link roundtrip} for a text got some other way, such as a tagged PDF's structure tree).
 */
export function charsInOrder(sourceMd: string, text: string): number {
  const src = sourceText(sourceMd);
  const matched = new SequenceMatcher(src, norm(text)).matchingBlocks().reduce((n, m) => n + m.size, 0);
  return matched / Math.max(1, Array.from(src).length);
}

/** Result of {@link roundtrip}. */
export interface RoundtripResult {
  /** Share of the source's normalised characters found in order in the PDF text (recall, 0–1). */
  readonly chars: number;
  /** Share of the PDF's body lines found verbatim (normalised) in the source (0–1). */
  readonly lines: number;
  /** Number of body lines found in the source. */
  readonly found: number;
  /** Number of body lines (lines of 8+ letters that are not furniture). */
  readonly body: number;
  /** Number of furniture lines: recurring on another page (digits aside), or mostly not from the source. */
  readonly furniture: number;
}

/**
 * Measures a rendered PDF against its Markdown source, as `roundtrip.py SOURCE.md PDF` does.
 *
 * @param sourceMd path of the Markdown source (read by `pandoc -t plain --wrap=none -s`)
 * @param pdfPath path of the PDF (read by `pdftotext -enc UTF-8`)
 * @throws when pandoc or pdftotext fails
 */
export function roundtrip(sourceMd: string, pdfPath: string): RoundtripResult {
  const src = sourceText(sourceMd);
  const txt = pdftotext(pdfPath).replace(/\r\n?/g, '\n'); // Python's text mode: universal newlines
  const seen = new Map<string, Set<number>>();
  txt.split('\f').forEach((page, i) => {
    for (const raw of page.split('\n')) {
      const key = norm(raw).replace(DIGITS, '');
      if (!key) continue;
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(i);
    }
  });
  const body: string[] = [];
  let furniture = 0;
  for (const raw of txt.split('\n')) {
    const toks = raw.split(PY_SPACE).map(norm).filter(Boolean);
    const total = toks.reduce((n, t) => n + Array.from(t).length, 0);
    if (total < 8) continue;
    const known = toks.filter((t) => src.includes(t)).reduce((n, t) => n + Array.from(t).length, 0);
    const joined = toks.join('');
    if ((seen.get(joined.replace(DIGITS, ''))?.size ?? 0) > 1 || known / total < 0.5) furniture++;
    else body.push(joined);
  }
  const found = body.filter((l) => src.includes(l)).length;
  const matched = new SequenceMatcher(src, norm(txt)).matchingBlocks().reduce((n, m) => n + m.size, 0);
  return { chars: matched / Math.max(1, Array.from(src).length), lines: found / Math.max(1, body.length), found, body: body.length, furniture };
}
