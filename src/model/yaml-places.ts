/**
 * Parse YAML and locate keys: the shared helper behind front-matter and template errors,
 * so both report `file:line:column` of the offending key.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { SahifaError } from './errors.js';

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
 * @throws {SahifaError} `yaml` rule, with line and column, when the YAML does not parse
 */
export function parseLocatedYaml(text: string, file: string, lineOffset = 0, maxAliasCount = 100): LocatedYaml {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = counter.linePos(first.pos[0]);
    throw new SahifaError({ file, line: pos.line + lineOffset, column: pos.col }, `invalid YAML: ${first.message.split('\n')[0]}`, 'yaml');
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
