/**
 * PDF handlers for the policy-brief components: boxes (`component` nodes), numbered figures, the
 * table of contents and the endnotes section. Every look comes from `template.components`,
 * `template.figure` and the roles; all text goes through {@link textBlock} (the RTL layer).
 */
import type { Column, Content, ContentImage, ContentSvg, ContentTable } from 'pdfmake/interfaces.js';
import type { FootnoteDefinition, Paragraph, PhrasingContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { footnoteMarkId, footnoteNoteId } from '../../model/anchors.js';
import type { Dir } from '../../model/direction.js';
import { mimeOf } from '../../model/images.js';
import type { Component, Figure, Toc } from '../../model/mdast.js';
import { colourOf } from '../../templates/load.js';
import type { BoxStyle, ComponentName } from '../../templates/schema.js';
import { wordsFor } from '../../templates/settings.js';
import { boxStyle, componentTitle, figureCaption, figureMaxHeight, figureSize, footnotesOf, outline, recommendationsBlocks } from '../shared/components.js';
import { inlineRuns, type TextRun } from '../shared/inline-runs.js';
import { formatNumber } from '../shared/numbers.js';
import { logicalMargins, plain, textBlock } from './blocks.js';
import { spaceWidth, textWidth } from './styles.js';
import { svgContent } from './svg.js';
import { tagNote } from './tagging/nodes.js';
import { FOOTNOTE_STORE, NOTE_OF, type FootnoteLook } from './layout/footnotes.js';
import { markBox } from './layout/box-split.js';
import type { PdfContext, PdfHandler, PdfState } from './state.js';

/**
 * A box: a one-cell table with the component's background, borders (sides by `borders`, the
 * `start` side being the right one in RTL) and padding (pt), holding an optional title and blocks.
 */
export function box(state: PdfState, style: BoxStyle, dir: Dir, title: readonly TextRun[] | undefined, blocks: Content[]): Content {
  const t = state.template.template;
  const stack: Content[] = [];
  if (title) {
    const head = textBlock(state, title, 'boxTitle', dir, 'start', [0, 0, 0, t.roles.boxTitle.spaceAfter]);
    head.color = colourOf(t, style.titleColour);
    stack.push(head);
  }
  stack.push(...blocks);
  const width = style.border === 'none' || style.borders === 'none' ? 0 : style.borderWidth;
  const colour = style.border === 'none' ? '#000000' : colourOf(t, style.border);
  const startIndex = dir === 'rtl' ? 1 : 0; // vertical lines: 0 = left, 1 = right
  const h = (i: number): number => (style.borders === 'all' || style.borders === 'topBottom' || (style.borders === 'top' && i === 0) ? width : 0);
  const v = (i: number): number => (style.borders === 'all' || (style.borders === 'start' && i === startIndex) ? width : 0);
  const pad = style.padding;
  const node: Content = {
    table: { widths: ['*'], body: [[{ stack, ...(style.background === 'none' ? {} : { fillColor: colourOf(t, style.background) }) }]] },
    layout: {
      hLineWidth: h,
      vLineWidth: v,
      hLineColor: () => colour,
      vLineColor: () => colour,
      paddingLeft: () => pad,
      paddingRight: () => pad,
      paddingTop: () => pad,
      paddingBottom: () => Math.max(0, pad - 2),
    },
    margin: [0, style.spaceBefore, 0, style.spaceAfter],
  };
  markBox(node, title !== undefined); // breaks over a page end by layout/box-split.ts
  return node;
}

/** The context for a box's blocks: its direction and language, its role and text colour. */
function boxContext(state: PdfState, style: BoxStyle, dir: Dir, ctx: PdfContext): PdfContext {
  const t = state.template.template;
  return { ...ctx, dir, role: style.role, ...(style.textColour ? { colour: colourOf(t, style.textColour) } : {}) };
}

/** `component` → a box titled by its label or the template's word, its blocks inside (lists numbered in recommendations). */
export const component: PdfHandler<Component> = (state, node, ctx) => {
  const dir = node.data?.dir ?? ctx.dir;
  const style = boxStyle(state.template.template, node.name);
  const title = componentTitle(node, state.template.template, state.doc.meta.lang);
  const blocks = state.all(recommendationsBlocks(node), boxContext(state, style, dir, ctx));
  return box(state, style, dir, title ? inlineRuns(title, {}, (n) => state.unknowns.add(n)) : undefined, blocks);
};

/**
 * `figure` → the image (embedded from a data URL: pdfmake reads no files) at the size
 * {@link figureSize} gives (no taller than {@link figureMaxHeight}, so it is never dropped),
 * centred, with its caption "شكل 1: …" under it; kept on one page.
 *
 */
export const figure: PdfHandler<Figure> = (state, node, ctx) => {
  const t = state.template.template;
  const meta = state.doc.meta;
  const { label, text } = figureCaption(node, t, meta.lang, meta.digits);
  const column = state.template.settings.textWidth;
  const { width, height } = figureSize(node, t, column, figureMaxHeight(t, column, text));
  const dir = node.data?.dir ?? ctx.dir;
  const caption = textBlock(state, [{ text: label, bold: true }, { text: text.slice(label.length) }], 'caption', dir, 'center');
  if (node.data?.id) caption.id = node.data.id; // a labelled figure: named destination of its cross-references
  return {
    stack: [{ ...picture(state, node, width, height), alignment: 'center', margin: [0, t.roles.caption.spaceBefore, 0, 0] }, caption],
    unbreakable: true,
  };
};

/** The figure's picture: a PNG or JPEG from a data URL, an SVG as vectors ({@link svgContent}). */
function picture(state: PdfState, node: Figure, width: number, height: number): ContentImage | ContentSvg {
  if (node.format === 'svg') return svgContent(state, node, width, height);
  return { image: `data:${mimeOf(node.format)};base64,${Buffer.from(node.bytes.buffer, node.bytes.byteOffset, node.bytes.byteLength).toString('base64')}`, width, height };
}

/**
 * `toc` → a box with the template's title word and one row per heading: the heading text on the
 * start side, a dot leader, its page number (in the brief's digits) on the end side. The numbers
 * come from a first layout (`state.tocPages`, see index.ts); before it, a placeholder of the same
 * width holds their place.
 */
export const toc: PdfHandler<Toc> = (state, _node, ctx) => {
  const t = state.template.template;
  const meta = state.doc.meta;
  const style = boxStyle(t, 'toc');
  // the entry cell's text width: the box's inner width (padding and vertical rules off) less the
  // page column and the 4 pt pdfmake's noBorders layout pads between the two cells
  const rules = style.border === 'none' || style.borders === 'none' ? 0 : style.borders === 'all' ? 2 * style.borderWidth : style.borders === 'start' ? style.borderWidth : 0;
  const entries = outline(state.doc.tree);
  const numberOf = (id: string): string => {
    const n = state.tocPages?.get(id);
    return n === undefined ? '00' : formatNumber(n, meta.digits);
  };
  // the page numbers' column: as wide as the widest number (two digits at least, the placeholder
  // of the first layout) and a space, so the leaders end close to the numbers
  const pageColumn = Math.max(...[formatNumber(0, meta.digits).repeat(2), ...entries.map((e) => numberOf(e.id))].map((s) => textWidth(state.template, 'body', s))) + spaceWidth(state.template, 'body');
  const cell = state.template.settings.textWidth - 2 * style.padding - rules - pageColumn - 4;
  const rows = entries.map((e) => {
    const dir = e.node.data?.dir ?? ctx.dir;
    const indent = e.indent * t.list.indent;
    const margin = logicalMargins(dir, indent, 0, 0, 0);
    const entry = textBlock(state, plain(e.text), 'body', dir, 'start', [0, 0, 0, 0]);
    entry.linkToDestination = e.id;
    const leader = dotLeader(state, e.text, cell - indent);
    // the leader in its own column, set flush against the page number (the end side), so every
    // leader ends at the same place whatever its count of stops
    const cellContent: Content = leader
      ? { columns: logicalOrder(dir, [{ stack: [entry], width: leader.entryWidth }, { stack: [textBlock(state, plain(leader.dots), 'body', dir, 'end', [0, 0, 0, 0])], width: '*' }]), columnGap: 0, margin }
      : { ...entry, margin };
    const page = textBlock(state, plain(numberOf(e.id)), 'body', ctx.dir, 'end', [0, 0, 0, 0]);
    page.linkToDestination = e.id;
    return ctx.dir === 'rtl' ? [page, cellContent] : [cellContent, page];
  });
  if (!rows.length) return undefined;
  const table: ContentTable = { table: { widths: ctx.dir === 'rtl' ? [pageColumn, '*'] : ['*', pageColumn], body: rows }, layout: 'noBorders' };
  return box(state, style, ctx.dir, plain(wordsFor(state.template.settings, meta.lang).toc), [table]);
};

/** Columns in reading order placed left to right: reversed in an RTL block. */
function logicalOrder(dir: Dir, columns: Column[]): Column[] {
  return dir === 'rtl' ? [...columns].reverse() : columns;
}

/**
 * The dot leader between a contents entry and its page number (as Word's TOC tab with a dot
 * leader): the entry's width (as HarfBuzz shapes it, plus 2 pt of slack for the line layer's
 * rounding, so it never wraps) and as many full stops as fill the rest of the line of `width` pt
 * less a space on each side. None when the entry takes the whole line or wraps (its last line's
 * width is not known before layout).
 */
function dotLeader(state: PdfState, text: string, width: number): { entryWidth: number; dots: string } | undefined {
  const space = spaceWidth(state.template, 'body');
  const dot = textWidth(state.template, 'body', '.');
  const entryWidth = textWidth(state.template, 'body', text) + 2;
  const dots = Math.floor((width - entryWidth - 2 * space) / dot);
  return dots >= 3 ? { entryWidth, dots: '.'.repeat(dots) } : undefined;
}

/**
 * The endnotes section: the referenced footnote definitions in number order, each with its number
 * on the start side, in the `footnotes` component's look and the template's word for "notes".
 * Nothing when the brief has no footnotes.
 */
export function endnotes(state: PdfState, dir: Dir): Content[] {
  const t = state.template.template;
  const meta = state.doc.meta;
  const notes = footnotesOf(state.doc.tree);
  if (!notes.length) return [];
  const style = boxStyle(t, 'footnotes' satisfies ComponentName);
  const ctx = boxContext(state, style, dir, { dir });
  const rows = notes.map((note) => {
    const noteDir = note.data?.dir ?? dir;
    const n = note.data!.number!;
    // placed as a list marker is (handlers/list.ts): ending one space before the note's text, as
    // a browser places the HTML's outside "1. " marker
    const roleSpec = t.roles[style.role];
    // numbered in the box's own font (the HTML's footnote markers keep it too, not the list
    // markers' script font), the space after it in that font
    const gap = spaceWidth(state.template, style.role, roleSpec.font);
    const mark = textBlock(state, plain(`${formatNumber(n, meta.digits)}.`), style.role, noteDir, 'end', logicalMargins(noteDir, 0, 0, gap, 0));
    mark.color = colourOf(t, style.titleColour);
    mark.noWrap = true;
    // the note's destination, which its mark links to
    const first = mark.text[0];
    if (first) first._anchor = footnoteNoteId(n);
    // numbered in the font of the brief's script, as the HTML's list marker (shared/list-marker.ts)
    const body: Column = { stack: state.all(withBackLink(note.children, n), { ...ctx, dir: noteDir }), width: '*' };
    const markCol: Column = { stack: [mark], width: t.list.indent };
    const row: Content = { columns: noteDir === 'rtl' ? [body, markCol] : [markCol, body], columnGap: 0 };
    tagNote(state.structure, row, mark, body, footnoteNoteId(n));
    return row;
  });
  return [box(state, style, dir, plain(wordsFor(state.template.settings, meta.lang).footnotes), rows)];
}

/**
 * The store of page footnotes (`layout/footnotes.ts` sets them at the foot of their marks' pages):
 * each note's paragraphs as text blocks in the `small` role across the text column, the first
 * opening with the note's number in the brief's digits (the destination its mark links to), the
 * last ending with a ↩ that links back to the mark, as the endnotes do. A note of one paragraph is a `/Note` structure element
 * whose text is its own; a longer note is a `/Note` with a `P` per paragraph. A block other than a
 * paragraph (a list, a code block) becomes a paragraph of its text. Nothing without footnotes.
 */
export function pageNotes(state: PdfState, dir: Dir): Content[] {
  const t = state.template.template;
  const digits = state.doc.meta.digits;
  const notes = footnotesOf(state.doc.tree);
  if (!notes.length) return [];
  const style = boxStyle(t, 'footnotes' satisfies ComponentName);
  const align = t.paragraph.align === 'justify' ? 'justify' : 'start';
  const tree = state.structure;
  const blocks: Content[] = [];
  for (const note of notes) {
    const noteDir = note.data?.dir ?? dir;
    const n = note.data!.number!;
    const plainBlocks = note.children.map((c) => (c.type === 'paragraph' ? c : ({ type: 'paragraph', children: [{ type: 'text', value: toString(c) }] } satisfies Paragraph)));
    const paragraphs = withBackLink(plainBlocks, n) as Paragraph[];
    const texts = paragraphs.map((p) => textBlock(state, inlineRuns(p.children, {}, (u) => state.unknowns.add(u)), 'small', noteDir, align, [0, 0, 0, 0]));
    // "1. " as the HTML's endnotes and the PDF's own endnotes number them, so the formats agree
    const number = textBlock(state, [{ text: `${formatNumber(n, digits)}.` }, { text: ' ' }], 'small', noteDir, align).text;
    for (const obj of number) obj.color = colourOf(t, style.titleColour);
    number[0]!._anchor = footnoteNoteId(n);
    texts[0]?.text.unshift(...number);
    const lang = note.data?.lang;
    // /ID the note's anchor (PDF/UA-1 7.9), as the endnotes' (tagNote)
    if (texts.length === 1) tree.claim(texts[0], tree.create('Note', { lang, id: footnoteNoteId(n) }));
    else {
      const el = tree.create('Note', { lang, id: footnoteNoteId(n) });
      for (const text of texts) tree.append(el, tree.claim(text, tree.create('P')));
      tree.own(texts, el);
    }
    // the blocks themselves, not copies: the Note owns them, and the notes' section claims them by identity
    for (const text of texts) blocks.push(Object.assign(text, { [NOTE_OF]: n }));
  }
  const look: FootnoteLook = {
    // a third of the column, as LaTeX's 2 in rule is of its 5 in column
    ruleLength: state.template.settings.textWidth / 3,
    ruleWidth: style.border === 'none' ? 0.5 : style.borderWidth,
    ruleColour: colourOf(t, style.border === 'none' ? 'muted' : style.border),
    ruleSide: dir === 'rtl' ? 'right' : 'left',
    spaceAbove: style.spaceBefore,
    spaceBelow: style.padding,
    noteGap: t.roles.small.spaceAfter,
    maxShare: 0.5,
  };
  return [{ stack: blocks, [FOOTNOTE_STORE]: look } as Content];
}

/**
 * A note's content with a link back to its mark after the last paragraph's text (" ↩"), as the
 * HTML's endnotes have (mdast-util-to-hast's back-reference).
 */
function withBackLink(children: FootnoteDefinition['children'], n: number): FootnoteDefinition['children'] {
  const last = children[children.length - 1];
  const back: PhrasingContent[] = [{ type: 'text', value: ' ' }, { type: 'link', url: `#${footnoteMarkId(n)}`, children: [{ type: 'text', value: '↩' }] }];
  if (last?.type !== 'paragraph') return [...children, { type: 'paragraph', children: back }];
  return [...children.slice(0, -1), { ...last, children: [...last.children, ...back] }];
}
