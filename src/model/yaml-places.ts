/**
 * Parse YAML and locate keys: the shared helper behind front-matter and template errors,
 * so both report `file:line:column` of the offending key.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { SahifaError, SahifaErrors } from './errors.js';

/**
 * Offset of the first quote character `quote` that opens a quoted scalar (at the start of a
 * value: after `key: `, `- `, `[`, `{` or `,`) and is never closed, or undefined. Double-quoted
 * scalars skip `\"`; single-quoted ones `''`. Comments are skipped. A quote whose closing one is
 * followed by more text on its line is taken as unclosed (its "closing" quote opened a later value).
 */
function unclosedQuote(text: string, quote: string): number | undefined {
  const opener = /(?:^|[\s[{,])(["'])/g;
  let at = 0;
  while (at < text.length) {
    opener.lastIndex = at;
    const m = opener.exec(text);
    if (!m) return undefined;
    const start = m.index + m[0].length - 1;
    // a `#` comment before the quote on its line hides it
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(lineStart, start);
    if (/(^|\s)#/.test(before) || !/(^\s*(-\s+)?|:\s+|-\s+|[[{,]\s*)$/.test(before)) {
      at = start + 1;
      continue;
    }
    const q = m[1]!;
    let i = start + 1;
    for (;;) {
      const close = text.indexOf(q, i);
      if (close < 0) return q === quote ? start : undefined;
      if (q === '"' && isEscaped(text, close)) i = close + 1;
      else if (q === "'" && text[close + 1] === "'") i = close + 2;
      else {
        // a quote that "closes" with text after it on its line (`date: "2025"` after an unclosed
        // `title: "…`) is another value's opening: the first one never closed
        const after = text.slice(close + 1, (text.indexOf('\n', close) + 1 || text.length + 1) - 1);
        if (!/^\s*(?:[,\]}:]|#|$)/.test(after)) return q === quote ? start : undefined;
        at = close + 1;
        break;
      }
    }
  }
  return undefined;
}

/** True when the character at `index` follows an odd number of backslashes. */
function isEscaped(text: string, index: number): boolean {
  let n = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** A parsed YAML document plus a function that maps a key path to its 1-based line and column. */
export interface LocatedYaml {
  readonly value: unknown;
  /** Place of the node at `path` (or of its nearest existing parent), already shifted by the line offset. */
  placeOf(path: ReadonlyArray<PropertyKey>): { line: number; column: number };
}

/**
 * Parses YAML text with the `yaml` package (YAML 1.2 core schema: no dates, no custom tags,
 * alias expansion capped by `maxAliasCount`).
 *
 * @param text the YAML source
 * @param file file name for messages
 * @param lineOffset number of lines before `text` in `file` (e.g. 1 for front matter after `---`)
 * @param maxAliasCount aliases expanded at most (the `yaml` package's limit against alias bombs)
 * @throws {SahifaError} `yaml` rule, with line and column, when the YAML does not parse (a
 *   {@link SahifaErrors} when it has several errors; an unclosed quote is placed where it opens)
 */
export function parseLocatedYaml(text: string, file: string, lineOffset = 0, maxAliasCount = 100): LocatedYaml {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const seen = new Set<string>();
    const all: SahifaError[] = [];
    for (const e of doc.errors) {
      let pos = counter.linePos(e.pos[0]);
      let reason = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      // yaml reports an unclosed quote where the text ends: point at the quote that opens it
      const quote = e.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(reason)?.[1] : undefined;
      const opening = quote ? unclosedQuote(text, quote) : undefined;
      if (opening !== undefined) {
        pos = counter.linePos(opening);
        reason = `the ${quote === '"' ? 'double' : 'single'} quote opened here is never closed`;
      }
      const key = `${pos.line}:${pos.col}:${reason}`;
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(new SahifaError({ file, line: pos.line + lineOffset, column: pos.col }, `invalid YAML: ${reason}`, 'yaml'));
    }
    throw all.length === 1 ? all[0]! : new SahifaErrors(all);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount });
  } catch (err) {
    throw new SahifaError({ file, line: 1 + lineOffset, column: 1 }, `invalid YAML: ${(err as Error).message}`, 'yaml');
  }
  return {
    value,
    placeOf(path) {
      let node: unknown = doc.contents;
      let range = (doc.contents as YamlNode | null)?.range;
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
          if (!pair) break;
          range = (pair.key as YamlNode).range ?? range;
          node = pair.value;
        } else if (isSeq(node) && typeof key === 'number') {
          const item = node.items[key] as YamlNode | undefined;
          if (!item) break;
          range = item.range ?? range;
          node = item;
        } else break;
      }
      const pos = counter.linePos(range?.[0] ?? 0);
      return { line: pos.line + lineOffset, column: pos.col };
    },
  };
}
