/**
 * `footnoteDefinition` handler: the note's blocks where the definition stands, its first paragraph
 * starting with `[label]`, matching the `[label]` that inline-runs writes for references.
 */
import type { FootnoteDefinition } from 'mdast';
import type { FileChild } from 'docx';
import type { DocxContext } from '../state.js';
import { blocks } from './index.js';

/** Markdown footnote definition → its blocks, labelled. */
export function footnoteDefinition(node: FootnoteDefinition, ctx: DocxContext): FileChild[] {
  const [first, ...rest] = node.children;
  const label = { type: 'text' as const, value: `[${node.label ?? node.identifier}] ` };
  const head = first?.type === 'paragraph' ? [{ ...first, children: [label, ...first.children] }] : first ? [first] : [];
  return blocks([...head, ...rest], ctx);
}
