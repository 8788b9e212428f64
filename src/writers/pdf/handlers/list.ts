import type { List } from 'mdast';
import type { Content } from 'pdfmake/interfaces.js';
import { colourOf } from '../../../templates/load.js';
import { formatNumber } from '../../shared/numbers.js';
import { logicalMargins, textBlock } from '../blocks.js';
import type { PdfHandler } from '../state.js';
import { spaceWidth } from '../styles.js';

/**
 * List → one row of two columns per item: the marker column on the start side (right in RTL)
 * of width `template.list.indent` pt, the item's blocks beside it. pdfmake's own `ul`/`ol` put
 * markers on the left only, so RTL lists are built here. As a browser places an `outside` marker
 * (CSS Lists 3; the HTML writer's `"• "` and `"10. "`), the marker ends one space (of the role's
 * font) before the item's text, so the dots of "9." and "10." line up, and a marker wider than
 * the column reaches out into the page margin instead of running into the text.
 */
export const list: PdfHandler<List> = (state, node, ctx) => {
  const t = state.template.template;
  const dir = node.data?.dir ?? ctx.dir;
  const start = node.start ?? 1;
  const role = ctx.role ?? 'body';
  const gap = spaceWidth(state.template, role);
  return node.children.map((item, i): Content => {
    const itemDir = item.data?.dir ?? dir;
    const markerText = node.ordered ? `${formatNumber(start + i, state.doc.meta.digits)}.` : t.list.bullet;
    const marker = textBlock(state, [{ text: markerText }], role, itemDir, 'end', logicalMargins(itemDir, 0, 0, gap, 0)) as unknown as Record<string, unknown>;
    marker['color'] = colourOf(t, t.list.bulletColour);
    marker['noWrap'] = true; // "10." stays whole when wider than its column (pdfmake would split it)
    const body = { stack: state.all(item.children, { ...ctx, dir: itemDir }), width: '*' };
    const markerCol = { stack: [marker], width: t.list.indent };
    return {
      columns: itemDir === 'rtl' ? [body, markerCol] : [markerCol, body],
      columnGap: 0,
      margin: [0, 0, 0, t.list.itemSpacing],
    } as unknown as Content;
  });
};
