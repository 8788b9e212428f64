/**
 * `footnoteDefinition` handler: nothing where the definition stands. Referenced notes are real Word
 * footnotes (see `footnotes` in `../components.ts`, passed to the Document), marked in the text by
 * `FootnoteReferenceRun`s (`handlers/inline.ts`).
 */
import type { FootnoteDefinition } from 'mdast';
import type { FileChild } from 'docx';
import type { DocxContext } from '../state.js';

/** Markdown footnote definition → no body blocks (its content goes to the footnotes part). */
export function footnoteDefinition(_node: FootnoteDefinition, _ctx: DocxContext): FileChild[] {
  return [];
}
