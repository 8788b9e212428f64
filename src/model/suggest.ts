/**
 * "Did you mean …?" for names an author misspells: front-matter keys, directives, template names.
 */

/**
 * Edit distance between `a` and `b` counting an insertion, a deletion, a substitution or a swap
 * of two neighbouring characters as one edit (optimal string alignment), case-insensitive.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The candidate closest to `word` when it is close enough to be a slip of the keyboard (at most
 * two edits, and fewer than half the word's letters), else undefined. Ties go to the first.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance > 0 && bestDistance <= Math.min(2, Math.ceil(word.length / 2) - 1) ? best : undefined;
}

/** `; did you mean \`x\`?` for {@link closest}, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, format: (name: string) => string = (n) => `\`${n}\``): string {
  const hit = closest(word, candidates);
  return hit === undefined ? '' : `; did you mean ${format(hit)}?`;
}
