/**
 * The title block on page 1 (from `writers/shared/title-block`): a band in the template's cover
 * colour holding kicker, title, subtitle, authors, organisation and date, with an optional rule.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { colourOf } from '../../templates/load.js';
import { titleBlock } from '../shared/title-block.js';
import { plain, textBlock } from './blocks.js';
import type { PdfState } from './state.js';

/** Builds the title block content. */
export function titleBlockContent(state: PdfState): Content {
  const t = state.template.template;
  const meta = state.doc.meta;
  const tb = titleBlock(meta, t);
  const dir = meta.dir;
  const lines: Content[] = [];
  if (tb.kicker) lines.push(textBlock(state, plain(tb.kicker), 'meta', dir, 'start', [0, 0, 0, 4]));
  if (tb.title) {
    const title = textBlock(state, plain(tb.title), 'title', dir, 'start');
    title.color = colourOf(t, t.cover.titleColour);
    // the document's one H1 (PDF/UA-1 7.4: the body's headings nest under it)
    state.structure.claim(title, state.structure.create('H1'));
    lines.push(title);
  }
  if (tb.subtitle) lines.push(textBlock(state, plain(tb.subtitle), 'subtitle', dir, 'start'));
  for (const a of tb.authors) lines.push(textBlock(state, plain(a), 'meta', dir, 'start', [0, 0, 0, 1]));
  const facts = [tb.organisation, tb.date].filter((x): x is string => !!x);
  for (const f of facts) lines.push(textBlock(state, plain(f), 'meta', dir, 'start', [0, 0, 0, 1]));
  if (lines.length === 0) return [];
  const band = t.cover.band === 'none' ? undefined : colourOf(t, t.cover.band);
  const coverRule = state.template.settings.looks.coverRule;
  const rule = coverRule?.width.pdf === undefined ? undefined : coverRule.colour.pdf;
  const pad = t.cover.padding;
  return {
    table: { widths: ['*'], body: [[{ stack: lines, fillColor: band }]] },
    layout: {
      hLineWidth: (i: number) => (i === 1 && rule ? coverRule!.width.pdf! : 0),
      hLineColor: () => rule ?? '#000000',
      vLineWidth: () => 0,
      paddingLeft: () => pad,
      paddingRight: () => pad,
      paddingTop: () => pad,
      paddingBottom: () => pad * 0.75,
    },
    margin: [0, 0, 0, t.cover.spaceAfter],
  };
}
