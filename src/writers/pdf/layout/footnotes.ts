/**
 * Page footnotes in pdfmake's layout (pdfmake has none): the notes of a page are set at its foot,
 * below a short rule on the start side, as LaTeX's and Typst's footnote inserts are. Wired in by
 * `install.ts` at four points of a layout pass:
 *
 * - {@link beginFootnotes} (`LayoutBuilder.tryLayoutDocument`): finds the notes' store, a stack the
 *   writer puts last in the content (measured by pdfmake with the rest, never laid out in the flow:
 *   {@link isFootnoteStore});
 * - {@link addLineWithNotes} (`ElementWriter.addLine`): a line carrying marks (`_sahifaNote`) is
 *   placed only with its notes below it; the page's body ends that much higher;
 * - {@link pageReserve} (`DocumentContext.initializePage`): a new page starts with the room taken
 *   by a note continued from the page before;
 * - {@link placeFootnotes} (before pdfmake adds the running header and footer): the notes' lines are
 *   put at the foot of their pages.
 *
 * The rules: a mark and its note are on one page. A line with a mark goes to the next page when its
 * notes do not fit below it but fit on a page of their own; a note that does not fit there either
 * (longer than {@link FootnoteLook.maxShare} of a page) is split at a line, and the rest is set at the
 * foot of the next page, above that page's own notes. No pdfmake imports: works on objects shaped
 * like pdfmake's writer, context and lines.
 */
import { buildNextLine, cloneInline, type BreakInline, type BreakLine, type LineBuilderHooks, type TextNode } from './line-break.js';

/** Key of the store node (its value: the {@link FootnoteLook}). */
export const FOOTNOTE_STORE = '_sahifaFootnotes';
/** Key of a mark's text object: the note's number. pdfmake copies it onto the mark's words. */
export const NOTE_MARK = '_sahifaNote';
/** Key of a text node in the store: the number of the note it belongs to (a note may have several paragraphs). */
export const NOTE_OF = '_sahifaNoteOf';

/** The look of the footnote area; lengths in pt. */
export interface FootnoteLook {
  /** Length of the separator rule. */
  readonly ruleLength: number;
  /** Its thickness. */
  readonly ruleWidth: number;
  /** Its colour, `#rrggbb`. */
  readonly ruleColour: string;
  /** The side it starts from: the start side of the brief (right in RTL). */
  readonly ruleSide: 'left' | 'right';
  /** Space between the body's last line and the rule. */
  readonly spaceAbove: number;
  /** Space between the rule and the first note. */
  readonly spaceBelow: number;
  /** Space between two notes. */
  readonly noteGap: number;
  /** The largest share (0–1) of a page's body height that notes carried over from the page before take. */
  readonly maxShare: number;
}

/** The parts of pdfmake's `DocumentContext` used here (lengths in pt, `page` from 0). */
export interface NoteContext {
  page: number;
  x: number;
  availableHeight: number;
  pageMargins: { top: number; bottom: number; left: number; right: number };
  pages: { items: { type: string; item: unknown }[]; pageSize: { width: number; height: number } }[];
  snapshots?: { page?: number; availableHeight: number; bottomMost?: { page?: number; availableHeight: number } }[];
  getCurrentPage(): { pageSize: { width: number; height: number } } | null;
}

/** The parts of pdfmake's `PageElementWriter` used here. */
export interface NoteWriter {
  context(): NoteContext;
  /** > 0 inside an unbreakable block (a header, footer, background): its lines are not on a page yet. */
  transactionLevel?: number;
  moveToNextPage(pageOrientation?: unknown): void;
}

/** A line being added, with the flag of a line once sent to the next page for its notes. */
type MarkedLine = BreakLine & { x?: number; y?: number; _sahifaNotesMoved?: boolean };

/** What the module asks of the RTL layer: the line builder's hooks, and a line's alignment at a width. */
export interface FootnoteHooks extends LineBuilderHooks {
  align(line: BreakLine & { x: number }, width: number): void;
}

/** A run of a note's lines set on one page. */
interface Piece {
  /** The note's number. */
  readonly n: number;
  readonly lines: MarkedLine[];
  /** Its lines follow lines on an earlier page. */
  readonly continued: boolean;
}

/** The notes of one page: their pieces in order and the height (pt) they take from the body, rule included. */
interface PagePlan {
  height: number;
  readonly pieces: Piece[];
}

/** One layout pass (pdfmake lays a document out anew for each `pageBreakBefore` break). */
interface Pass {
  readonly look: FootnoteLook;
  readonly store: Store;
  /** The store's text nodes, measured by pdfmake, by note number ({@link notesOf}). */
  notes?: Map<number, TextNode[]>;
  readonly pages: PagePlan[];
  readonly placed: Set<number>;
  /** The body's layout context (pdfmake's `DocumentContext`), set by {@link pageReserve}. */
  context?: object;
}

/** The store node the writer puts last in the content. */
interface Store {
  readonly stack: (TextNode & { [NOTE_OF]?: number })[];
  readonly [FOOTNOTE_STORE]: FootnoteLook;
}

/** The pass being laid out (pdfmake's layout is synchronous: one at a time). */
let current: Pass | undefined;

/** Whether `node` is the notes' store (which the flow skips). */
export function isFootnoteStore(node: unknown): boolean {
  return typeof node === 'object' && node !== null && FOOTNOTE_STORE in node;
}

/** Starts a layout pass: the store found in the document's content (pdfmake's docStructure), if any. */
export function beginFootnotes(docStructure: unknown): void {
  current = undefined;
  const top = Array.isArray(docStructure) ? docStructure : ((docStructure as { stack?: unknown[] } | null)?.stack ?? []);
  const store = top.find(isFootnoteStore) as Store | undefined;
  if (store) current = { look: store[FOOTNOTE_STORE], store, pages: [], placed: new Set() };
}

/**
 * The store's text nodes by note number, read on first use: after pdfmake has preprocessed and
 * measured the document (its preprocessing may put new objects in the stack).
 */
function notesOf(pass: Pass): Map<number, TextNode[]> {
  if (pass.notes) return pass.notes;
  const notes = new Map<number, TextNode[]>();
  for (const node of pass.store.stack) {
    const n = node[NOTE_OF];
    if (n === undefined) continue;
    const list = notes.get(n);
    if (list) list.push(node);
    else notes.set(n, [node]);
  }
  return (pass.notes = notes);
}

/** Ends the pass. */
export function endFootnotes(): void {
  current = undefined;
}

/**
 * The height (pt) the notes already planned for the context's page take from its body
 * (`DocumentContext.initializePage`). The first context a pass enters a page of is the body's
 * (pdfmake adds the first page before anything else); the contexts of unbreakable blocks (a
 * header, a footer, a background) have pages of their own, with no notes.
 */
export function pageReserve(ctx: { page: number }): number {
  if (!current) return 0;
  current.context ??= ctx;
  return current.context === ctx ? (current.pages[ctx.page]?.height ?? 0) : 0;
}

/** The body's height (pt) of the context's page. */
function bodyHeight(ctx: NoteContext): number {
  const page = ctx.getCurrentPage();
  return page ? page.pageSize.height - ctx.pageMargins.top - ctx.pageMargins.bottom : Infinity;
}

/** The body's width (pt): notes take the whole text column, wherever their mark is. */
function bodyWidth(ctx: NoteContext): number {
  const page = ctx.getCurrentPage();
  return page ? page.pageSize.width - ctx.pageMargins.left - ctx.pageMargins.right : 0;
}

function planOf(pass: Pass, page: number): PagePlan {
  return (pass.pages[page] ??= { height: 0, pieces: [] });
}

function heightOf(lines: readonly BreakLine[]): number {
  let h = 0;
  for (const line of lines) h += line.getHeight();
  return h;
}

/** The room the rule takes on a page's first note: the space above and below it and its thickness. */
function opening(look: FootnoteLook): number {
  return look.spaceAbove + look.ruleWidth + look.spaceBelow;
}

/** A note's lines at `width` pt, built by the RTL layer's line builder on copies of its measured words. */
function noteLines(nodes: readonly TextNode[], width: number, hooks: FootnoteHooks): MarkedLine[] {
  const lines: MarkedLine[] = [];
  for (const node of nodes) {
    const probe: TextNode = { _inlines: (node._inlines ?? []).map(cloneInline) };
    for (let line = buildNextLine(probe, width, hooks); line; line = buildNextLine(probe, width, hooks)) lines.push(line);
  }
  return lines;
}

/** The notes a line marks that are not placed yet, in the line's logical order, once each. */
function marksOf(line: BreakLine, pass: Pass): number[] {
  const out: number[] = [];
  for (const inline of line.inlines as (BreakInline & { [NOTE_MARK]?: number })[]) {
    const n = inline[NOTE_MARK];
    if (n !== undefined && notesOf(pass).has(n) && !pass.placed.has(n) && !out.includes(n)) out.push(n);
  }
  return out.sort((a, b) => a - b);
}

/** Takes `height` pt off the room left on the context's page, in the columns open on it too. */
function reduceRoom(ctx: NoteContext, height: number): void {
  ctx.availableHeight -= height;
  for (const s of ctx.snapshots ?? []) {
    if (s.page === ctx.page) s.availableHeight -= height;
    if (s.bottomMost && s.bottomMost.page === ctx.page) s.bottomMost.availableHeight -= height;
  }
}

/**
 * `ElementWriter.addLine` with the line's notes: `add` is pdfmake's (a position, or false when the
 * line does not fit). Returns false to send the line to the next page (pdfmake tries it there).
 */
export function addLineWithNotes<T>(writer: NoteWriter, line: MarkedLine, add: () => T | false, hooks: FootnoteHooks): T | false {
  const pass = current;
  if (!pass || writer.transactionLevel || writer.context() !== pass.context || !Array.isArray(line.inlines)) return add();
  const numbers = marksOf(line, pass);
  if (numbers.length === 0) return add();
  const ctx = writer.context();
  const look = pass.look;
  const width = bodyWidth(ctx);
  const notes = numbers.map((n) => noteLines(notesOf(pass).get(n)!, width, hooks));
  const plan = planOf(pass, ctx.page);
  const heights = notes.map(heightOf);
  const gaps = notes.map((_, i) => (plan.pieces.length > 0 || i > 0 ? look.noteGap : 0));
  const whole = heights.reduce((a, h, i) => a + h + gaps[i]!, 0);
  const need = (plan.height === 0 ? opening(look) : 0) + whole;
  const room = ctx.availableHeight - line.getHeight();
  if (need > room && !line._sahifaNotesMoved) {
    // on a page of their own the notes would fit (with what the next page already carries)
    const fresh = bodyHeight(ctx) * look.maxShare - (pass.pages[ctx.page + 1]?.height ?? 0);
    const firstLine = (plan.height === 0 ? opening(look) : 0) + gaps[0]! + (notes[0]![0]?.getHeight() ?? 0);
    if (opening(look) + whole - gaps[0]! <= fresh || firstLine > room) {
      line._sahifaNotesMoved = true;
      return false;
    }
  }
  const position = add();
  if (position === false) return position;
  for (const n of numbers) pass.placed.add(n);
  let left = ctx.availableHeight - (plan.height === 0 ? opening(look) : 0);
  const before = plan.height;
  const carried: { n: number; lines: MarkedLine[] }[] = [];
  notes.forEach((lines, i) => {
    if (carried.length) return carried.push({ n: numbers[i]!, lines });
    let k = 0;
    let h = gaps[i]!;
    while (k < lines.length && h + lines[k]!.getHeight() <= left) h += lines[k++]!.getHeight();
    if (k > 0) {
      plan.pieces.push({ n: numbers[i]!, lines: lines.slice(0, k), continued: false });
      left -= h;
      plan.height += (plan.height === 0 ? opening(look) : 0) + h;
    }
    if (k < lines.length) carried.push({ n: numbers[i]!, lines: lines.slice(k) });
  });
  reduceRoom(ctx, plan.height - before);
  carry(pass, ctx, ctx.page + 1, carried);
  return position;
}

/**
 * Sets lines continued from an earlier page at the foot of `page`, above its own notes: at most
 * {@link FootnoteLook.maxShare} of the page's body (at least one line, so a note longer than pages
 * goes on), the rest on the pages after.
 */
function carry(pass: Pass, ctx: NoteContext, page: number, notes: { n: number; lines: MarkedLine[] }[]): void {
  const look = pass.look;
  const budget = bodyHeight(ctx) * look.maxShare;
  let rest: { n: number; lines: MarkedLine[] }[] = [];
  for (const { n, lines } of notes) {
    if (rest.length) {
      rest.push({ n, lines });
      continue;
    }
    const plan = planOf(pass, page);
    const gap = plan.pieces.length > 0 ? look.noteGap : 0;
    let used = plan.height + (plan.height === 0 ? opening(look) : 0) + gap;
    let k = 0;
    while (k < lines.length && (k === 0 && plan.height === 0 ? true : used + lines[k]!.getHeight() <= budget)) used += lines[k++]!.getHeight();
    if (k > 0) {
      plan.pieces.push({ n, lines: lines.slice(0, k), continued: true });
      plan.height = used;
    }
    if (k < lines.length) rest = [{ n, lines: lines.slice(k) }];
  }
  if (rest.length) carry(pass, ctx, page + 1, rest);
}

/**
 * Notes whose mark was laid out where no room could be kept for them (in an unbreakable block:
 * a table's header row, which pdfmake repeats on every page it runs over): set whole at the foot
 * of the page the mark ended up on, as nothing is ever left out.
 */
function placeLeftOver(pass: Pass, ctx: NoteContext, hooks: FootnoteHooks): void {
  const notes = notesOf(pass);
  if (pass.placed.size === notes.size) return;
  const width = bodyWidth(ctx);
  ctx.pages.forEach((page, index) => {
    for (const { type, item } of page.items) {
      if (type !== 'line') continue;
      for (const n of marksOf(item as BreakLine, pass)) {
        pass.placed.add(n);
        const plan = planOf(pass, index);
        const lines = noteLines(notes.get(n)!, width, hooks);
        const gap = plan.pieces.length > 0 ? pass.look.noteGap : 0;
        // in number order, after the notes continued from the page before
        const at = plan.pieces.findIndex((p) => !p.continued && p.n > n);
        plan.pieces.splice(at < 0 ? plan.pieces.length : at, 0, { n, lines, continued: false });
        plan.height += (plan.height === 0 ? opening(pass.look) : 0) + gap + heightOf(lines);
      }
    }
  });
}

/**
 * Puts every page's notes at its foot (before pdfmake adds the running header and footer): the
 * rule on the start side, then the notes' lines from the top of the reserved room down. Pages a
 * continued note still needs are added first.
 */
export function placeFootnotes(writer: NoteWriter, hooks: FootnoteHooks): void {
  const pass = current;
  if (!pass) return;
  const ctx = writer.context();
  while (ctx.pages.length < pass.pages.length) {
    ctx.page = ctx.pages.length - 1;
    writer.moveToNextPage();
  }
  const look = pass.look;
  placeLeftOver(pass, ctx, hooks);
  pass.pages.forEach((plan, index) => {
    const page = ctx.pages[index];
    if (!page || plan.pieces.length === 0) return;
    const { width, height } = page.pageSize;
    const margins = ctx.pageMargins;
    const textWidth = width - margins.left - margins.right;
    let y = height - margins.bottom - plan.height + look.spaceAbove + look.ruleWidth / 2;
    const x1 = look.ruleSide === 'right' ? width - margins.right - look.ruleLength : margins.left;
    page.items.push({
      type: 'vector',
      item: { type: 'line', x1, y1: y, x2: x1 + look.ruleLength, y2: y, lineWidth: look.ruleWidth, lineColor: look.ruleColour },
    });
    y += look.ruleWidth / 2 + look.spaceBelow;
    plan.pieces.forEach((piece, i) => {
      if (i > 0) y += look.noteGap;
      for (const line of piece.lines) {
        const placed = line as MarkedLine & { x: number; y: number };
        placed.x = margins.left;
        placed.y = y;
        hooks.align(placed, textWidth);
        page.items.push({ type: 'line', item: placed });
        y += line.getHeight();
      }
    });
  });
}
