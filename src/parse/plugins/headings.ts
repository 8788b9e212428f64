/**
 * unified plugin (after `figures`): the headings and the table of contents.
 *
 * - headings `#`…`###` with text get `data.id` (`sec-1`…) for the table of contents, in
 *   document order;
 * - front matter `toc: true` → a {@link Toc} node at the start of the body.
 */
import type { Heading, Nodes, Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import { headingId } from '../../model/anchors.js';
import { printedText } from '../../model/printed-text.js';
import type { Toc } from '../../model/mdast.js';

/** Deepest heading level listed in the table of contents (and given an id). */
export const TOC_DEPTH = 3;

/** The plugin; see the module comment. */
export function remarkSahifaHeadings() {
  return (tree: Root, file: VFile): void => {
    let sections = 0;
    const walk = (node: Nodes): void => {
      // a heading with no printed text (`##` alone, or only hidden HTML) prints nothing: no
      // anchor, no entry in the contents
      // (the PDF listed it with no page and linked to a destination pdfmake never made)
      if (node.type === 'heading' && node.depth <= TOC_DEPTH && /[^\s\p{Default_Ignorable_Code_Point}]/u.test(printedText(node))) {
        (node as Heading).data = { ...node.data, id: headingId(++sections) };
      }
      if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
    };
    walk(tree);
    const meta = file.data.meta;
    if (meta && (meta as { toc?: boolean }).toc) tree.children.unshift({ type: 'toc' } satisfies Toc as RootContent);
  };
}
