/**
 * Hook 15 (see install.ts): page footnotes, laid out by `layout/footnotes.ts`.
 * `LayoutBuilder.prototype.tryLayoutDocument` finds the notes' store, `ElementWriter.prototype.addLine`
 * places a line with marks only with room for its notes, `DocumentContext.prototype.initializePage`
 * starts a page below a note continued onto it, and `addHeadersAndFooters` first sets the notes at
 * the foot of their pages. (`processNode` skips the store in the flow: hooks/layout.ts.)
 */
import { addLineWithNotes, beginFootnotes, endFootnotes, pageReserve, placeFootnotes, type FootnoteHooks, type NoteWriter } from '../layout/footnotes.js';
import type { LineBuilderHooks } from '../layout/line-break.js';
import { layoutBidiLine, type BidiLine } from '../layout/line-layout.js';

/** The footnote layout's hooks: the line builder's, and a note line aligned as the body's lines are. */
export function footnoteHooks(lines: LineBuilderHooks): FootnoteHooks {
  return {
    ...lines,
    align: (line, width) => {
      const bidi = line as unknown as BidiLine;
      if (bidi.inlines.length > 0 && bidi.inlines[0]!._bidiLevel !== undefined) layoutBidiLine(bidi, width);
    },
  };
}

type Fn<This, Args extends unknown[], R> = (this: This, ...args: Args) => R;

/** `tryLayoutDocument`: the notes' store found before a layout pass, dropped after it. */
export function tryLayoutHook<T>(tryLayoutDocument: Fn<T, [unknown, ...unknown[]], unknown>): Fn<T, [unknown, ...unknown[]], unknown> {
  return function (this: T, docStructure: unknown, ...rest: unknown[]): unknown {
    beginFootnotes(docStructure);
    try {
      return tryLayoutDocument.call(this, docStructure, ...rest);
    } finally {
      endFootnotes();
    }
  };
}

/** `addHeadersAndFooters`: each page's notes set at its foot first. */
export function headersAndFootersHook<T extends { writer: unknown }>(add: Fn<T, [unknown, unknown], void>, hooks: FootnoteHooks): Fn<T, [unknown, unknown], void> {
  return function (this: T, header: unknown, footer: unknown): void {
    placeFootnotes(this.writer as NoteWriter, hooks);
    add.call(this, header, footer);
  };
}

/** `ElementWriter.prototype.addLine`: a line with footnote marks placed only with room for its notes. */
export function addLineHook<T>(addLine: Fn<T, [object, ...[boolean?, number?]], unknown>, hooks: FootnoteHooks): Fn<T, [object, ...[boolean?, number?]], unknown> {
  return function (this: T, line: object, ...rest: [boolean?, number?]): unknown {
    return addLineWithNotes(this as unknown as NoteWriter, line as Parameters<typeof addLineWithNotes>[1], () => addLine.call(this, line, ...rest), hooks);
  };
}

/** `DocumentContext.prototype.initializePage`: a page's body ends above the notes continued onto it. */
export function initializePageHook<T extends { availableHeight: number }>(initializePage: Fn<T, [], void>): Fn<T, [], void> {
  return function (this: T): void {
    initializePage.call(this);
    this.availableHeight -= pageReserve(this as unknown as Parameters<typeof pageReserve>[0]);
  };
}
