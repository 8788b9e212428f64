/**
 * unified plugin: footnote references and definitions get `data.number`, in order of first
 * reference, as mdast-util-to-hast and Word number them.
 */
import type { Nodes, Root } from 'mdast';

/** The plugin; see the module comment. */
export function remarkSahifaFootnotes() {
  return (tree: Root): void => {
    const numbers = new Map<string, number>();
    const refs = (node: Nodes): void => {
      if (node.type === 'footnoteReference') {
        const id = node.identifier.toLowerCase();
        if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
        node.data = { ...node.data, number: numbers.get(id) };
      }
      if (node.type === 'footnoteDefinition') return;
      if ('children' in node) for (const c of node.children as Nodes[]) refs(c);
    };
    refs(tree);
    const defs = (node: Nodes): void => {
      if (node.type === 'footnoteDefinition') {
        const n = numbers.get(node.identifier.toLowerCase());
        if (n !== undefined) node.data = { ...node.data, number: n };
        for (const c of node.children) refs(c);
      }
      if ('children' in node) for (const c of node.children as Nodes[]) defs(c);
    };
    defs(tree);
  };
}
