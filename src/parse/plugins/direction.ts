/**
 * unified plugin: resolves `data.dir` on every block node (paragraph, heading, list, list item,
 * blockquote, table, table cell) with {@link blockDirection}, so that the three writers agree.
 * Only printed text counts (`model/printed-text.ts`): raw HTML as the parser resolved it (its text
 * and image alt texts, not its tags, attribute URLs or hidden content). Code blocks are always
 * left to right (each line a bidi paragraph of its own, UAX #9 P1). Inline code and
 * links keep no direction of their own here: writers isolate them.
 */
import type { Nodes, Root } from 'mdast';
import type { VFile } from 'vfile';
import { blockDirection, type Dir } from '../../model/direction.js';
import { printedText } from '../../model/printed-text.js';

const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);
const CONTAINERS = new Set(['list', 'listItem', 'blockquote', 'table', 'tableRow', 'footnoteDefinition', 'component']);

/**
 * Sets `node.data.dir` on blocks; containers take the direction of most of their text.
 * A direction already set before this plugin runs is explicit (e.g. `:::abstract{lang=en}`): it is
 * kept, the blocks inside are judged against it instead of the document's, and the container's
 * `data.lang` is handed down to them.
 */
export function remarkSahifaDirection() {
  return (tree: Root, file: VFile): void => {
    const docDir: Dir = file.data.meta?.dir ?? 'rtl';
    const walk = (node: Nodes, inherited: Dir, lang: string | undefined): void => {
      let base = inherited;
      let innerLang = lang;
      if (TEXT_BLOCKS.has(node.type) || CONTAINERS.has(node.type)) {
        const explicit = node.data?.dir;
        // A component box takes the surrounding direction (its title and frame follow the page),
        // whatever language most of its text is in; its blocks are judged one by one.
        const dir = node.type === 'component' ? (explicit ?? inherited) : blockDirection(printedText(node), inherited, explicit);
        node.data = { ...node.data, dir, ...(lang && !node.data?.lang ? { lang } : {}) };
        // Blocks inside a container are judged against the document direction, not the container,
        // so one English item in an Arabic list stays LTR without flipping its neighbours; an
        // explicit direction holds for everything inside.
        if (explicit) {
          base = explicit;
          innerLang = node.data.lang ?? lang;
        }
      }
      if (node.type === 'code') {
        // Code reads left to right, whatever its comments and strings are written in: a line of
        // Latin code judged RTL comes out token-reversed ("qux + (baz)foo.bar"). Each line is a
        // paragraph of its own (UAX #9 P1: the line feed is a paragraph separator, class B) with
        // the LTR base direction; the writers isolate its right-to-left stretches.
        node.data = { ...node.data, dir: 'ltr' };
      }
      if ('children' in node) for (const child of node.children) walk(child as Nodes, base, innerLang);
    };
    walk(tree, docDir, undefined);
  };
}
