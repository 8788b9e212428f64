/**
 * Every size and depth limit sahifa applies to its inputs, in one place. A brief or template that
 * goes over one stops with a {@link SahifaError} (rule `limit`) naming the file, the place and the
 * limit, instead of exhausting memory, the stack or the clock. The defaults are far above what a
 * real policy brief needs; {@link Limits} can be overridden per build (`BuildOptions.limits`).
 */

/** The limits; see {@link DEFAULT_LIMITS} for the values and what each one bounds. */
export interface Limits {
  /** Largest brief, in bytes of UTF-8 (checked before parsing). */
  readonly maxDocumentBytes: number;
  /** Largest YAML front matter, in characters. */
  readonly maxFrontMatterChars: number;
  /**
   * YAML aliases expanded at most (the `yaml` package's `maxAliasCount`): stops "billion laughs"
   * alias bombs.
   */
  readonly maxYamlAliases: number;
  /**
   * Deepest nesting of blocks (block quotes, lists, components) and of inline markup (emphasis,
   * links) in a brief. Checked on the source text before parsing and on the tree after it.
   */
  readonly maxNestingDepth: number;
  /**
   * Longest run of one inline delimiter (`*`, `_`, `[`, `]`, `~`) in a line. Long runs make the
   * Markdown parser slow and its tree deep; real text never needs them.
   */
  readonly maxDelimiterRun: number;
  /** Most cells (rows × columns, header row included) of one table. */
  readonly maxTableCells: number;
  /** Most pixels (width × height) of one image. */
  readonly maxImagePixels: number;
  /**
   * Most bytes the decoded pixels of one image may take (width × height × channels × bytes per
   * channel, from its header: see `decodedBytes` in `model/images.ts`). The pixel limit alone let
   * a small 16-bit RGBA PNG decode to 400 MB and the PDF build grow to 1.45 GB.
   */
  readonly maxImageDecodedBytes: number;
  /** Largest image file, in bytes. */
  readonly maxImageBytes: number;
  /** Largest font file, in bytes. */
  readonly maxFontBytes: number;
}

/** The default limits. */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxDocumentBytes: 2 * 1024 * 1024,
  maxFrontMatterChars: 64 * 1024,
  maxYamlAliases: 100,
  maxNestingDepth: 64,
  maxDelimiterRun: 100,
  maxTableCells: 20_000,
  maxImagePixels: 50_000_000,
  maxImageDecodedBytes: 200 * 1000 * 1000,
  maxImageBytes: 20 * 1024 * 1024,
  maxFontBytes: 50 * 1024 * 1024,
});

/** The default limits with `overrides` applied (undefined fields keep their default). */
export function limitsWith(overrides: Partial<Limits> | undefined): Limits {
  if (!overrides) return DEFAULT_LIMITS;
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(overrides)) if (typeof v === 'number' && v > 0) out[k] = v;
  return out as unknown as Limits;
}

/** Bytes as a short human figure: `512 B`, `64 KB`, `2.0 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Where a source pre-scan found the text going over a limit. */
export interface ScanProblem {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/**
 * Scans Markdown source text, line by line and without parsing it, for nesting and delimiter runs
 * that would make the parser slow or its tree deep: block-quote markers, list markers and
 * indentation at the start of a line (each level is a `>`, a list marker, or two columns of
 * indentation), `:::` component openings and closings, and runs of inline delimiters.
 * Lines inside fenced code blocks are skipped.
 *
 * @returns the first problem, or undefined when the text is within the limits
 */
export function scanSource(text: string, limits: Limits = DEFAULT_LIMITS): ScanProblem | undefined {
  const lines = text.split('\n');
  let fence: string | undefined;
  let directives = 0;
  const runRe = new RegExp(`([*_\\[\\]~])\\1{${limits.maxDelimiterRun},}`);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    // Block prefix: indentation, `>` and list markers.
    let depth = 0;
    let col = 0;
    let j = 0;
    for (;;) {
      const start = j;
      while (line[j] === ' ' || line[j] === '\t') col += line[j++] === '\t' ? 4 : 1;
      // A marker and the one space after it are one level; further indentation counts as nesting.
      if (line[j] === '>') {
        depth++;
        j++;
        if (line[j] === ' ') j++;
        continue;
      }
      const m = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/.exec(line.slice(j));
      if (m) {
        depth++;
        j += m[0].length;
        if (line[j] === ' ') j++;
        continue;
      }
      if (j === start) break;
      if (j >= line.length) break;
      break;
    }
    const level = depth + Math.floor(col / 2);
    if (level > limits.maxNestingDepth) {
      return { line: i + 1, column: 1, reason: `blocks nested ${level} deep (block quotes, lists, indentation); the limit is ${limits.maxNestingDepth}` };
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      continue;
    }
    if (/^\s*:{3,}[A-Za-z]/.test(line)) {
      if (++directives > limits.maxNestingDepth) {
        return { line: i + 1, column: 1, reason: `components (:::) nested more than ${limits.maxNestingDepth} deep` };
      }
    } else if (/^\s*:{3,}\s*$/.test(line)) directives = Math.max(0, directives - 1);
    const run = runRe.exec(line);
    if (run) {
      return { line: i + 1, column: run.index + 1, reason: `a run of more than ${limits.maxDelimiterRun} "${run[1]}" characters; escape them (\\${run[1]}) or shorten the run` };
    }
  }
  return undefined;
}
