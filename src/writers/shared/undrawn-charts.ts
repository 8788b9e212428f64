/**
 * Charts the build step never drew. `::chart` figures get their SVG from `renderCharts`
 * (`charts/render.ts`), which `build` calls between parse and the writers; a library user who
 * calls `parse` then a writer directly would otherwise hand the writers a figure of zero bytes
 * (an empty image, an SVG pdfmake cannot read). Such a figure is written as a paragraph of its
 * alt text (the caption when it has none), with a warning at the directive (rule `chart`), in
 * every format alike.
 */
import type { Nodes, Paragraph, Root } from 'mdast';
import { VFileMessage } from 'vfile-message';
import type { Figure } from '../../model/mdast.js';
import type { Format, Writer, WriteInput, WriteResult } from '../types.js';

/** Whether `node` is a chart figure with no drawing. */
const undrawn = (node: Nodes): node is Nodes & Figure => node.type === 'figure' && (node as unknown as Figure).chart !== undefined && (node as unknown as Figure).bytes.length === 0;

/** Whether a tree has an undrawn chart. */
const hasUndrawn = (node: Nodes): boolean => undrawn(node) || ('children' in node && (node.children as Nodes[]).some(hasUndrawn));

/**
 * The tree with every undrawn chart replaced by a paragraph of its alt text, and one warning per
 * chart (in `file`, the brief's path); the tree itself when it has none (it is never changed in place: the writers share it).
 */
export function withoutUndrawnCharts(tree: Root, format: Format, file: string): { tree: Root; messages: VFileMessage[] } {
  if (!hasUndrawn(tree)) return { tree, messages: [] };
  const messages: VFileMessage[] = [];
  const copy = <T extends Nodes>(node: T): T => {
    if (undrawn(node)) {
      const m = new VFileMessage(`${format.toUpperCase()}: \`::chart\` "${node.url}" was not drawn (call renderCharts after parse, as build does); its alt text is shown`, { place: node.position, ruleId: 'chart', source: 'sahifa' });
      m.name = `${file}:${m.name}`; // as vfile's `file.message` names it
      m.file = file;
      m.fatal = false;
      messages.push(m);
      const text = node.alt || node.caption;
      const paragraph: Paragraph = { type: 'paragraph', children: text ? [{ type: 'text', value: text }] : [], ...(node.position ? { position: node.position } : {}), ...(node.data ? { data: node.data } : {}) };
      return paragraph as unknown as T;
    }
    if (!('children' in node) || !hasUndrawn(node)) return node;
    return { ...node, children: (node.children as Nodes[]).map(copy) };
  };
  return { tree: copy(tree), messages };
}

/** `writer` with undrawn charts written as their alt text ({@link withoutUndrawnCharts}), its warnings added to the result's. */
export function guardUndrawnCharts(writer: Writer): Writer {
  return {
    ...writer,
    async write(input: WriteInput): Promise<WriteResult> {
      const { tree, messages } = withoutUndrawnCharts(input.doc.tree, writer.format, input.doc.path);
      if (!messages.length) return writer.write(input);
      const result = await writer.write({ ...input, doc: { ...input.doc, tree } });
      return { ...result, messages: [...messages, ...(result.messages ?? [])] };
    },
  };
}
