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
  /**
   * Most runs of emphasis delimiters (`*`, `_`, `~`: about two per emphasis, strong or
   * strikethrough span) in a brief, counted on the source before parsing: the Markdown parser
   * spends about a millisecond and tens of kilobytes on each.
   */
  readonly maxEmphasisDelimiters: number;
  /** Most footnote references (`[^1]`) in a brief, and most footnote definitions (`[^1]: …`). */
  readonly maxFootnotes: number;
  /** Most headings (`#` lines) in a brief: each is an outline entry, an anchor and, with `toc: true`, a line of the contents. */
  readonly maxHeadings: number;
  /** Most list items in a brief, all lists and levels together. */
  readonly maxListItems: number;
  /** Most links in a brief (Markdown links, autolinks and bare URLs): each is an annotation in the PDF and a relationship in the DOCX. */
  readonly maxLinks: number;
  /**
   * Longest link URL, in characters. A longer one is printed as text with a warning: the PDF
   * repeats a link's URL on every line the link covers.
   */
  readonly maxUrlChars: number;
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
  maxDocumentBytes: 1024 * 1024,
  maxFrontMatterChars: 64 * 1024,
  maxYamlAliases: 100,
  maxNestingDepth: 64,
  maxDelimiterRun: 100,
  maxTableCells: 10_000,
  maxEmphasisDelimiters: 20_000,
  maxFootnotes: 2_000,
  maxHeadings: 1_000,
  maxListItems: 5_000,
  maxLinks: 10_000,
  maxUrlChars: 2_048,
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

/** HTML elements whose end tag may be left out (the parser closes them): they do not nest. */
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'rb', 'rt', 'rp', 'rtc', 'colgroup', 'caption', 'html', 'head', 'body']);
/** HTML elements that have no end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'frame', 'basefont', 'bgsound', 'image']);
/**
 * An HTML start or end tag: `<name`, `</name`, and whether it ends with `/>`. The name ends at white
 * space, `/` or `>` (CommonMark's tag name), so an autolink `<https://…>` is no element.
 */
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])(?:[^<>"']|"[^"]*"|'[^']*')*?(\/?)>/g;
/** An inline code span on one line (its content is not HTML). */
const CODE_SPAN = /(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g;
/**
 * Where a link starts in the source: the `](` of an inline link or image, an autolink `<https:`
 * (not the destination of an inline link: `](<https:`), or a bare URL where GFM's autolink literal
 * may start (at the start of a line, after white space, `*`, `_`, `~` or a `(` that does not open
 * a link's destination).
 */
const LINK_START = /\]\(|(?<!\()<(?:https?|mailto):|(?<=^|[\s*_~]|(?<!\])\()(?:https?:\/\/|www\.)/gi;

/** `n` with thousands separators, for messages. */
const count = (n: number): string => n.toLocaleString('en');

/**
 * Scans Markdown source text, line by line and without parsing it, for what would make the parser
 * slow, its memory large or its tree deep: block-quote markers, list markers and indentation at
 * the start of a line (each level is a `>`, a list marker, or two columns of indentation), `:::`
 * component openings and closings, raw HTML elements open inside each other (within one block:
 * a blank line ends it), runs of inline delimiters, and the counts of emphasis delimiter runs,
 * footnotes, headings, list items and links in the whole brief. Lines inside fenced code blocks are
 * skipped. Links are counted as `](`, less one for each `![` of the line (an image), plus
 * autolinks and bare URLs: a link the parser would not make is rarely counted, and the parser's
 * own count (`safety.ts`) still applies; this one refuses a brief of 30,000 links before parsing
 * it (which took 4 s and 550 MB).
 *
 * @returns the first problem, or undefined when the text is within the limits
 */
export function scanSource(text: string, limits: Limits = DEFAULT_LIMITS): ScanProblem | undefined {
  const lines = text.split('\n');
  let fence: string | undefined;
  let directives = 0;
  let html = 0; // raw HTML elements open in the current block
  let emphasis = 0;
  let notes = 0;
  let noteDefinitions = 0;
  let headings = 0;
  let items = 0;
  let links = 0;
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
      if (m && !/^(?:\*[ \t]*){3,}$|^(?:-[ \t]*){3,}$/.test(line.slice(j))) { // a list marker, not a thematic break
        items++;
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
    if (items > limits.maxListItems) return { line: i + 1, column: 1, reason: `more than ${count(limits.maxListItems)} list items in the brief; the limit is ${count(limits.maxListItems)}` };
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
    const rest = line.slice(j);
    if (!rest.trim()) {
      html = 0; // a blank line ends an HTML block and a paragraph
      continue;
    }
    if (/^ {0,3}#{1,6}(?:[ \t]|$)/.test(rest) && ++headings > limits.maxHeadings) {
      return { line: i + 1, column: j + 1, reason: `more than ${count(limits.maxHeadings)} headings in the brief; the limit is ${count(limits.maxHeadings)}` };
    }
    const definition = /^ {0,3}\[\^[^\]]+\]:/.test(rest);
    if (definition && ++noteDefinitions > limits.maxFootnotes) {
      return { line: i + 1, column: j + 1, reason: `more than ${count(limits.maxFootnotes)} footnote definitions in the brief; the limit is ${count(limits.maxFootnotes)}` };
    }
    for (let at = rest.indexOf('[^', definition ? rest.indexOf(']:') : 0); at >= 0; at = rest.indexOf('[^', at + 2)) {
      if (++notes > limits.maxFootnotes) return { line: i + 1, column: j + at + 1, reason: `more than ${count(limits.maxFootnotes)} footnote references in the brief; the limit is ${count(limits.maxFootnotes)}` };
    }
    if (/^ {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/.test(rest)) continue; // a thematic break
    for (const d of rest.matchAll(/[*_~]+/g)) {
      if (++emphasis > limits.maxEmphasisDelimiters) {
        return { line: i + 1, column: j + d.index + 1, reason: `more than ${count(limits.maxEmphasisDelimiters)} emphasis delimiters (*, _, ~) in the brief, about ${count(limits.maxEmphasisDelimiters / 2)} spans of emphasis, strong or strikethrough text; the limit is ${count(limits.maxEmphasisDelimiters)}` };
      }
    }
    if (rest.includes('](') || rest.includes('<') || rest.includes('://') || /www\./i.test(rest)) {
      const text = rest.includes('`') ? rest.replace(CODE_SPAN, (c) => ' '.repeat(c.length)) : rest;
      let images = text.split('![').length - 1;
      for (const l of text.matchAll(LINK_START)) {
        if (l[0] === '](' && images > 0) {
          images--;
          continue;
        }
        if (++links > limits.maxLinks) return { line: i + 1, column: j + l.index + 1, reason: `more than ${count(limits.maxLinks)} links in the brief; the limit is ${count(limits.maxLinks)}` };
      }
    }
    if (rest.includes('<')) {
      for (const tag of rest.replace(CODE_SPAN, (c) => ' '.repeat(c.length)).matchAll(TAG)) {
        const name = tag[2]!.toLowerCase();
        if (VOID.has(name) || OPTIONAL_END.has(name) || tag[3]) continue;
        if (tag[1]) html = Math.max(0, html - 1);
        else if (++html > limits.maxNestingDepth) {
          return { line: i + 1, column: j + tag.index + 1, reason: `raw HTML elements nested more than ${limits.maxNestingDepth} deep (<${name}> inside ${limits.maxNestingDepth} open elements); the limit is ${limits.maxNestingDepth}` };
        }
      }
    }
  }
  return undefined;
}
