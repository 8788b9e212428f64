import type { List } from 'mdast';
import type { Column, Content } from 'pdfmake/interfaces.js';
import { colourOf } from '../../../templates/load.js';
import { formatNumber } from '../../shared/numbers.js';
import { collapseMargins, logicalMargins, marginsOf, textBlock, type Margins } from '../blocks.js';
import { markerFont } from '../../shared/list-marker.js';
import type { PdfHandler } from '../state.js';
import { spaceWidth } from '../styles.js';

/** Zero-width, never drawn (no glyph in the fonts; HarfBuzz gives it no advance), no break after it. */
const STRUT = '\u2060';

/** Adds a zero-width inline in the role's own font before a text block's first inline (see {@link list}). */
function withStrut(block: Content | undefined): void {
  const text = (block as { text?: unknown } | undefined)?.text;
  if (!Array.isArray(text) || typeof text[0] !== 'object' || text[0] === null) return;
  const { font: _font, text: _text, sup: _sup, link: _link, linkToDestination: _dest, decoration: _decoration, ...tags } = text[0] as Record<string, unknown>;
  text.unshift({ ...tags, text: STRUT });
}

/**
 * Drops a paragraph's own space above and below (`margin` top and bottom, pt): a tight list's item
 * text is no paragraph in the page (`<li>text</li>`) nor in Word (`List Paragraph`), only the
 * items are spaced (`list.itemSpacing`).
 */
function withoutBlockSpacing(block: Content | undefined): void {
  const b = block as { margin?: unknown } | undefined;
  if (b && Array.isArray(b.margin) && b.margin.length === 4) b.margin = [b.margin[0], 0, b.margin[2], 0];
}

/**
 * Sets the space above a list's first item and below its last (pt, as CSS gives `ul`/`ol` margins
 * that collapse with their items'). Changes the items in place and returns them.
 */
function setListMargins(items: Content[], above: number, below: number): Content[] {
  const first = items[0] as { margin?: Margins } | undefined;
  const last = items[items.length - 1] as { margin?: Margins } | undefined;
  if (first?.margin) first.margin = [first.margin[0], above, first.margin[2], first.margin[3]];
  if (last?.margin) last.margin = [last.margin[0], last.margin[1], last.margin[2], below];
  return items;
}

/**
 * List → one row of two columns per item: the marker column on the start side (right in RTL)
 * of width `template.list.indent` pt, the item's blocks beside it. pdfmake's own `ul`/`ol` put
 * markers on the left only, so RTL lists are built here. As a browser places an `outside` marker
 * (CSS Lists 3; the HTML writer's `"• "` and `"10. "`), the marker ends one space (of the role's
 * font) before the item's text, so the dots of "9." and "10." line up, and a marker wider than
 * the column reaches out into the page margin instead of running into the text.
 *
 * The marker is drawn in the font of the list's script ({@link markerFont}). A line is as tall as
 * its tallest font, and pdfmake breaks the two columns apart, so a marker line taller or shorter
 * than the item's first line could stay on a page its first line left, or go without it. As a
 * browser gives every line the strut of the block's first font (CSS 2 §10.8.1), the marker and
 * the first line of the item's first paragraph both carry a zero-width inline in the role's own
 * font: the two lines have the same height and baseline, and go to a page together.
 */
export const list: PdfHandler<List> = (state, node, ctx) => {
  const t = state.template.template;
  const dir = node.data?.dir ?? ctx.dir;
  const start = node.start ?? 1;
  const role = ctx.role ?? 'body';
  const gap = spaceWidth(state.template, role);
  // mdast-util-to-hast's rule (`listLoose`): the page has no `<p>` in a tight list's items
  const tight = !node.spread && !node.children.some((item) => item.spread);
  const items = node.children.map((item, i): Content => {
    const itemDir = item.data?.dir ?? dir;
    const markerText = node.ordered ? `${formatNumber(start + i, state.doc.meta.digits)}.` : t.list.bullet;
    const marker = textBlock(state, [{ text: STRUT }, { text: markerText }], role, itemDir, 'end', logicalMargins(itemDir, 0, 0, gap, 0));
    const stack = state.fontStack(role);
    const font = markerFont(stack, item.data?.lang ?? node.data?.lang ?? state.doc.meta.lang, markerText);
    if (font > 0) for (const obj of marker.text) if (obj.text !== STRUT) obj.font = stack[font]!.family;
    marker.color = colourOf(t, t.list.bulletColour);
    marker.noWrap = true; // "10." stays whole when wider than its column (pdfmake would split it)
    const blocks = collapseMargins(
      item.children.flatMap((child) => {
        const out = state.one(child, { ...ctx, dir: itemDir });
        if (tight && child.type === 'paragraph') out.forEach(withoutBlockSpacing);
        // a list in an item: `li > ul` spaced by list.itemSpacing above and nothing below (it ends with its item)
        if (child.type === 'list') setListMargins(out, t.list.itemSpacing, 0);
        return out;
      }),
    );
    if (item.children[0]?.type === 'paragraph') withStrut(blocks[0]);
    // the last block's space below collapses into the item's (a loose item's paragraph: 7 pt, not 7 + 4)
    const end = marginsOf(blocks[blocks.length - 1]);
    const below = Math.max(t.list.itemSpacing, end?.[3] ?? 0);
    if (end) (blocks[blocks.length - 1] as { margin: Margins }).margin = [end[0], end[1], end[2], 0];
    const body: Column = { stack: blocks, width: '*' };
    const markerCol: Column = { stack: [marker], width: t.list.indent };
    return {
      columns: itemDir === 'rtl' ? [body, markerCol] : [markerCol, body],
      columnGap: 0,
      margin: [0, 0, 0, below],
    };
  });
  // the page's `ul, ol`: the body's space above and below the list, which the items' spacing collapses into
  const { spaceBefore, spaceAfter } = t.roles.body;
  return setListMargins(items, spaceBefore, Math.max(t.list.itemSpacing, spaceAfter));
};
