/**
 * unified plugin: an author's direction for one list item, written `{dir=rtl}` or `{dir=ltr}` at
 * the very start of the item (`- {dir=ltr} An English item`), as components take `{dir=…}`. The
 * attribute becomes the explicit `data.dir` of the item and of the paragraph it opens (kept by
 * the direction plugin, which runs after; further blocks of the item are judged against it) and
 * is taken out of the text, with the spaces after it. Anything else in braces is left as text.
 */
import type { ListItem, Nodes, Root } from 'mdast';

/** `{dir=rtl}` / `{dir=ltr}` (quotes allowed) at the start of an item's text, and the spaces after it. */
const ATTRIBUTE = /^\{\s*dir\s*=\s*(["']?)(rtl|ltr)\1\s*\}[ \t]*/;

/** Sets `data.dir` of list items that open with a `{dir=…}` attribute and removes the attribute. */
export function remarkSahifaItemDirection() {
  return (tree: Root): void => {
    const walk = (node: Nodes): void => {
      if (node.type === 'listItem') takeAttribute(node);
      if ('children' in node) for (const child of node.children as Nodes[]) walk(child);
    };
    walk(tree);
  };
}

/** Reads and removes the attribute from the item's first paragraph's first text node. */
function takeAttribute(item: ListItem): void {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return;
  const text = first.children[0];
  if (text?.type !== 'text') return;
  const match = ATTRIBUTE.exec(text.value);
  if (!match) return;
  const dir = match[2] as 'rtl' | 'ltr';
  item.data = { ...item.data, dir };
  first.data = { ...first.data, dir };
  const rest = text.value.slice(match[0].length);
  if (!rest) {
    first.children.shift();
    return;
  }
  text.value = rest;
  // the text now starts after the attribute (which holds no line break)
  const start = text.position?.start;
  if (start) text.position = { ...text.position!, start: { line: start.line, column: start.column + match[0].length, ...(start.offset === undefined ? {} : { offset: start.offset + match[0].length }) } };
}
