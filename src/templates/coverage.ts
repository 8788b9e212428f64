/**
 * Characters a brief prints that no font of the template's body stack covers: reported by
 * `sahifa build` as warnings with file, line and column (the PDF draws them as .notdef boxes,
 * never drops them; `sahifa check` reports the same as errors).
 */
import type { Nodes, Root } from 'mdast';
import { fontCoverage } from './font-files.js';
import type { LoadedTemplate } from './schema.js';

/** Whitespace, joiners, bidi and variation controls: never need a glyph. */
const IGNORABLE = /[\s\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff]/u;

/** One uncovered character and where it is (1-based line and column, UTF-16 columns as unist). */
export interface Uncovered {
  readonly char: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Finds printed characters (text, inline code, code) that none of the body role's fonts covers.
 * Positions are those of the character in the source when its node is plain text on one line,
 * else of the node's start. At most `max` are returned.
 */
export function uncoveredCharacters(tree: Root, loaded: LoadedTemplate, max = 20): Uncovered[] {
  const body = loaded.template.roles.body;
  const stacks = [body.font, ...body.fallback].map((k) => fontCoverage(loaded.fontFiles[k]!.regular));
  const out: Uncovered[] = [];
  const walk = (node: Nodes): void => {
    if (out.length >= max) return;
    if ((node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') && node.position) {
      const start = node.position.start;
      const oneLine = node.type === 'text' && node.position.end.line === start.line && node.position.end.offset! - start.offset! === node.value.length;
      let index = 0;
      for (const ch of node.value) {
        const at = index;
        index += ch.length;
        if (IGNORABLE.test(ch)) continue;
        const cp = ch.codePointAt(0)!;
        if (stacks.some((s) => s.has(cp))) continue;
        out.push({ char: ch, line: start.line, column: oneLine ? start.column + at : start.column });
        if (out.length >= max) return;
      }
    }
    if ('children' in node) for (const c of node.children) walk(c as Nodes);
  };
  walk(tree);
  return out;
}
