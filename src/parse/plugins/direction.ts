/**
 * unified plugin: resolves `data.dir` on every block node (paragraph, heading, list, list item,
 * blockquote, table, table cell) with {@link blockDirection}, so that the three writers agree.
 * Inline code and links keep no direction of their own here: writers isolate them.
 */
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { blockDirection, type Dir } from '../../model/direction.js';

const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
const CONTAINERS = new Set(['list', 'listItem', 'blockquote', 'table', 'tableRow', 'footnoteDefinition']);

/** Sets `node.data.dir` on blocks; containers take the direction of most of their text. */
export function remarkSahifaDirection() {
  return (tree: Root, file: VFile): void => {
    const docDir: Dir = file.data.meta?.dir ?? 'rtl';
    const walk = (node: Nodes, inherited: Dir): void => {
      if (TEXT_BLOCKS.has(node.type) || CONTAINERS.has(node.type)) {
        const dir = blockDirection(toString(node), inherited);
        node.data = { ...node.data, dir };
        // Blocks inside a container are judged against the document direction, not the container,
        // so one English item in an Arabic list stays LTR without flipping its neighbours.
      }
      if ('children' in node) for (const child of node.children) walk(child as Nodes, docDir);
    };
    walk(tree, docDir);
  };
}
