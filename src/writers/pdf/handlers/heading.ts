import type { Heading, Nodes, Root } from 'mdast';
import { inlineRuns } from '../../shared/inline-runs.js';
import { textBlock } from '../blocks.js';
import type { PdfHandler } from '../state.js';
import { headingRole } from '../../../templates/settings.js';

/** Heading → a start-aligned text block kept with the next block, with a PDF outline entry. */
export const heading: PdfHandler<Heading> = (state, node, ctx) => {
  const dir = node.data?.dir ?? ctx.dir;
  const runs = inlineRuns(node.children, {}, (n) => state.unknowns.add(n));
  const block = textBlock(state, runs, headingRole(state.template.settings, node.depth), dir, 'start');
  block.headlineLevel = node.depth;
  const text = runs.map((r) => r.text).join('');
  // An empty heading (`#` alone, or only bidi marks and other invisible characters such as U+200E)
  // lays out no line; pdfmake then fails on its outline entry.
  if (/[^\s\p{Default_Ignorable_Code_Point}]/u.test(text)) {
    block.outline = true;
    block.outlineText = text;
    const parent = bookmarkParents(state.doc.tree).get(node);
    if (parent) block.outlineParentId = parent;
  }
  if (node.data?.id) block.id = node.data.id; // target of the table of contents' page references and links
  return block;
};

const parentsOf = new WeakMap<Root, WeakMap<Heading, string>>();

/**
 * The bookmark each heading nests under: the id of the nearest heading before it (in document
 * order) of a lower depth that has an id, so `###` sits under its `##` in the PDF outline (pdfkit's
 * `addItem` on the parent's item; pdfmake finds it by `outlineParentId`). Worked out once per tree.
 */
function bookmarkParents(tree: Root): WeakMap<Heading, string> {
  let parents = parentsOf.get(tree);
  if (parents) return parents;
  parents = new WeakMap();
  const open: Array<{ depth: number; id: string }> = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'heading') {
      while (open.length && open[open.length - 1]!.depth >= node.depth) open.pop();
      const parent = open[open.length - 1];
      if (parent) parents!.set(node, parent.id);
      if (node.data?.id) open.push({ depth: node.depth, id: node.data.id });
      return;
    }
    if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(tree);
  parentsOf.set(tree, parents);
  return parents;
}
