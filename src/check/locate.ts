/**
 * Places inside the source of a text node. A node's `value` is not its source (escapes, entities,
 * blockquote markers and list indentation are gone), so an index into the value is mapped to a
 * source offset by matching the value's characters in order against the node's source slice.
 */
import type { Nodes } from 'mdast';

/** 1-based line and column (column in UTF-16 code units, as unist counts). */
export interface Point {
  readonly line: number;
  readonly column: number;
}

/** Converts offsets in a text to lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** The point of a 0-based UTF-16 offset. */
  point(offset: number): Point {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/**
 * Source offset of `node.value[index]`: the value's characters are matched in order to the next
 * equal character of the node's source (`text`), starting after a fenced code block's opening
 * line. Falls back to the node's start when the source does not hold the character (an entity
 * such as `&#x4E2D;`).
 *
 * @param node a node with `value` and a position with offsets (`text`, `inlineCode`, `code`, `yaml`)
 * @param index UTF-16 index into `node.value`
 * @param text the whole source the node was parsed from
 */
export function sourceOffset(node: Nodes & { value: string }, index: number, text: string): number {
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? text.length;
  let s = start;
  if (node.type === 'code' || node.type === 'yaml') {
    const nl = text.indexOf('\n', start);
    if (nl >= 0 && nl < end) s = nl + 1;
  }
  const value = node.value;
  for (let v = 0; v <= index; v++) {
    const found = text.indexOf(value[v]!, s);
    if (found < 0 || found >= end) return start;
    if (v === index) return found;
    s = found + 1;
  }
  return start;
}
