/**
 * The keep-with-next rule decided during the PDF layout (`breakBeforeHeading`): the dry run's
 * verdicts on made-up pages, and a brief whose headings move to the next page laid out once
 * (pdfmake alone lays the whole document out again for every heading it moves).
 */
import LayoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from '../src/parse/index.js';
import { breakBeforeHeading, type KeepNode, type LineHeights } from '../src/writers/pdf/bidi/keep-with-next.js';
import { manyHeadingsBrief } from './helpers/briefs.js';
import { ROOT } from './helpers/seed.js';

/** A text node with `lines` lines of 20 pt and margins [0, top, 0, bottom]. */
const text = (lines: number, top = 10, bottom = 6, headlineLevel?: number): KeepNode => ({ text: 'x', _inlines: Array.from({ length: lines }, () => ({})), _margin: [0, top, 0, bottom], ...(headlineLevel !== undefined ? { headlineLevel } : {}) });
const heading = (lines = 1, top = 10, bottom = 6): KeepNode => text(lines, top, bottom, 2);
const heights: LineHeights = (node, _width, max) => Array.from({ length: Math.min(max, (node._inlines ?? []).length) }, () => 20);

describe('breakBeforeHeading (the dry run)', () => {
  it('keeps the heading where it is when the first line after it fits below it', () => {
    // heading 10 + 20 + 6, paragraph 10 + 20: 66 pt
    expect(breakBeforeHeading([heading(), text(5)], 66, 400, false, heights)).toBe(false);
  });
  it('breaks when the first line after the heading would start on the next page', () => {
    expect(breakBeforeHeading([heading(), text(5)], 65.9, 400, false, heights)).toBe(true);
    // the paragraph's top margin alone does not fit
    expect(breakBeforeHeading([heading(), text(5)], 45, 400, false, heights)).toBe(true);
    // the heading's bottom margin does not fit
    expect(breakBeforeHeading([heading(), text(5)], 35, 400, false, heights)).toBe(true);
  });
  it('never breaks before a heading that is the first block on its page, or one that does not fit itself', () => {
    expect(breakBeforeHeading([heading(), text(5)], 40, 400, true, heights)).toBe(false);
    expect(breakBeforeHeading([heading(), text(5)], 25, 400, false, heights)).toBe(false);
    expect(breakBeforeHeading([heading(), text(5)], 5, 400, false, heights)).toBe(false);
  });
  it('moves a heading with the headings right after it', () => {
    // two headings (36 pt each) then the paragraph's first line (30): 102 pt
    expect(breakBeforeHeading([heading(), heading(), text(1)], 102, 400, false, heights)).toBe(false);
    expect(breakBeforeHeading([heading(), heading(), text(1)], 101, 400, false, heights)).toBe(true);
    expect(breakBeforeHeading([heading(), heading(), text(1)], 50, 400, false, heights)).toBe(true);
  });
  it('breaks before a heading over a table whose first row cannot start on the page (pdfmake’s own pass missed it)', () => {
    // a table with margin 4 above, its first row's cells starting with words 18 and 20 pt high
    const table = { table: { body: [[{ text: 'a', _inlines: [{ height: 18 }] }, { text: 'b', _inlines: [{ height: 20 }] }], [{ text: 'c', _inlines: [{ height: 30 }] }]] }, _margin: [0, 4, 0, 0] } as unknown as KeepNode;
    // heading 36 pt, then 4 + 20 for the row: 60 pt needed
    expect(breakBeforeHeading([heading(), table], 59.9, 400, false, heights)).toBe(true);
    expect(breakBeforeHeading([heading(), table], 39, 400, false, heights)).toBe(true);
    // room for the row's tallest first word: pdfmake decides (the row may still not fit)
    expect(breakBeforeHeading([heading(), table], 60, 400, false, heights)).toBe(false);
    expect(breakBeforeHeading([heading(), table], 59.9, 400, true, heights)).toBe(false);
  });
  it('counts the rules, paddings and cell margins of a header row, which pdfmake never splits', () => {
    const layout = { hLineWidth: (i: number) => (i <= 1 ? 0.8 : 0.4), paddingTop: () => 4, paddingBottom: () => 4 };
    const cell = { text: 'a', _inlines: [{ height: 20 }], _margin: [0, 2, 0, 3] };
    const table = (headerRows?: number) => ({ table: { body: [[cell]], ...(headerRows ? { headerRows } : {}) }, _layout: layout, _margin: [0, 0, 0, 0] }) as unknown as KeepNode;
    // heading 36 pt; header row 0.8 + 4 + (2 + 20 + 3) + 4 + 0.8 = 34.6 pt
    expect(breakBeforeHeading([heading(), table(1)], 36 + 34.5, 400, false, heights)).toBe(true);
    expect(breakBeforeHeading([heading(), table(1)], 36 + 34.7, 400, false, heights)).toBe(false);
    // a body row may split: only what must sit above its first line counts (0.8 + 4 + 2 + 20)
    expect(breakBeforeHeading([heading(), table()], 36 + 26.7, 400, false, heights)).toBe(true);
    expect(breakBeforeHeading([heading(), table()], 36 + 26.9, 400, false, heights)).toBe(false);
  });
  it('leaves to pdfmake what the dry run cannot tell: a list or box after the heading, a heading over a page end, the end of the stack', () => {
    const list = { ul: [], _margin: [0, 0, 0, 0] } as unknown as KeepNode;
    expect(breakBeforeHeading([heading(), list], 20, 400, false, heights)).toBe(false);
    expect(breakBeforeHeading([heading(3), text(1)], 50, 400, false, heights)).toBe(false);
    expect(breakBeforeHeading([heading()], 35, 400, false, heights)).toBe(false);
    expect(breakBeforeHeading([text(2), text(1)], 20, 400, false, heights)).toBe(false);
  });
  it('narrows the column by the side margins for the dry run', () => {
    const widths: number[] = [];
    breakBeforeHeading([{ ...heading(), _margin: [12, 10, 8, 6] }, text(1)], 500, 400, false, (node, width, max) => (widths.push(width), heights(node, width, max)));
    expect(widths).toEqual([380, 400]);
  });
});

describe('a brief whose headings move to the next page', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is laid out once, with no heading moved by laying the document out again', async () => {
    const builder = ((LayoutBuilderModule as { default?: unknown }).default ?? LayoutBuilderModule) as { prototype: { tryLayoutDocument(...args: unknown[]): unknown } };
    const passes = vi.spyOn(builder.prototype, 'tryLayoutDocument');
    const { pdfWriter } = await import('../src/writers/pdf/index.js');
    const { loadTemplate } = await import('../src/templates/load.js');
    // pdfmake alone lays this brief out 3 times
    const doc = parse(manyHeadingsBrief(), 'headings.md', { cwd: ROOT });
    await pdfWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: ROOT });
    expect(passes).toHaveBeenCalledTimes(1);
  });
});
