/**
 * Characters a brief prints that no font of the template's body stack covers (the PDF draws them
 * as .notdef boxes, never drops them). One rule for both reports: `sahifa build` gives them as
 * warnings, `sahifa check` as errors, each at its line and column, at most
 * {@link MAX_UNCOVERED_REPORTED} per brief.
 */
import type { Nodes, Root } from 'mdast';
import { fontCoverage } from './font-files.js';
import type { LoadedTemplate } from './schema.js';

/**
 * Characters that never need a glyph: white space, the soft hyphen, bidi controls (ALM, LRM, RLM,
 * embeddings, overrides, isolates), zero-width spaces and joiners, the word joiner and invisible
 * operators, variation selectors, the BOM.
 */
export const NO_GLYPH_NEEDED = /[\s\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff]/u;

/** Most uncovered characters reported per brief (the rest are the same problem again). */
export const MAX_UNCOVERED_REPORTED = 20;

/** A printed node with text: text, inline code, a code block, the front matter (its values only). */
export type PrintedTextNode = Extract<Nodes, { type: 'text' | 'inlineCode' | 'code' | 'yaml' }>;

/** One character no font covers: its node and its UTF-16 index in `node.value`. */
export interface UncoveredAt {
  readonly node: PrintedTextNode;
  readonly char: string;
  readonly index: number;
}

/**
 * The printed characters of `tree` that none of `covers` (each font's cmap: `fontCoverage`) has,
 * in document order, at most {@link MAX_UNCOVERED_REPORTED}. Nodes without a place (made by a
 * plugin) are skipped: they were written somewhere else, which is checked there.
 */
export function findUncovered(tree: Root, covers: readonly ReadonlySet<number>[]): UncoveredAt[] {
  const out: UncoveredAt[] = [];
  const stack: Nodes[] = [tree];
  while (stack.length && out.length < MAX_UNCOVERED_REPORTED) {
    const node = stack.pop()!;
    if ((node.type === 'text' || node.type === 'inlineCode' || node.type === 'code' || node.type === 'yaml') && node.position) {
      let index = 0;
      for (const ch of node.value) {
        const at = index;
        index += ch.length;
        if (NO_GLYPH_NEEDED.test(ch)) continue;
        if (node.type === 'yaml' && !isYamlValue(node.value, at)) continue;
        const cp = ch.codePointAt(0)!;
        if (covers.some((s) => s.has(cp))) continue;
        out.push({ node, char: ch, index: at });
        if (out.length >= MAX_UNCOVERED_REPORTED) break;
      }
    }
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
  }
  return out;
}

/** False when `value[at]` is part of a YAML key (`title:`) or of a comment line (`# …`): those are not printed. */
function isYamlValue(value: string, at: number): boolean {
  const lineStart = value.lastIndexOf('\n', at - 1) + 1;
  const before = value.slice(lineStart, at);
  if (before.trimStart().startsWith('#')) return false;
  const key = /^\s*(?:-\s+)?[\w-]+\s*:(?:\s|$)/.exec(value.slice(lineStart));
  return !key || at - lineStart >= key[0].length;
}

/** One uncovered character and where it is (1-based line and column, UTF-16 columns as unist). */
export interface Uncovered {
  readonly char: string;
  readonly line: number;
  readonly column: number;
}

/**
 * {@link findUncovered} with the body role's fonts of `loaded`, placed without the source text: at
 * the character when its node is plain text on one line, else at the node's start.
 */
export function uncoveredCharacters(tree: Root, loaded: LoadedTemplate): Uncovered[] {
  const body = loaded.template.roles.body;
  const covers = [body.font, ...body.fallback].map((k) => fontCoverage(loaded.fontFiles[k]!.regular));
  return findUncovered(tree, covers).map(({ node, char, index }) => {
    const start = node.position!.start;
    const oneLine = node.type === 'text' && node.position!.end.line === start.line && node.position!.end.offset! - start.offset! === node.value.length;
    return { char, line: start.line, column: oneLine ? start.column + index : start.column };
  });
}
