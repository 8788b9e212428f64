/**
 * The keep-with-next rule decided during the PDF layout (`breakBeforeHeading`): the dry run's
 * verdicts on made-up pages, a brief whose headings move to the next page laid out once
 * (pdfmake alone lays the whole document out again for every heading it moves), and headings
 * above a figure or a rule at a page foot, read back with poppler.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import LayoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getWriter, loadTemplate, parse as parseBrief } from '../src/index.js';
import { parse } from '../src/parse/index.js';
import { breakBeforeHeading, type ColumnWidths, type KeepNode, type LineHeights } from '../src/writers/pdf/layout/keep-with-next.js';
import { manyHeadingsBrief } from './helpers/briefs.js';
import { hasCommand, needClient, pdftotext, tempDir } from './helpers/clients.js';
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
  it('counts every line of a header cell that wraps in its column, where the column widths are known', () => {
    const layout = { hLineWidth: () => 1, paddingTop: () => 4, paddingBottom: () => 4 };
    // a header cell of three words: one line per word at 60 pt or less, one line at 400 pt
    const wrapping: LineHeights = (node, width, max) => Array.from({ length: Math.min(max, width <= 60 ? (node._inlines ?? []).length : 1) }, () => 20);
    const cell = (words: number) => ({ text: 'x', _inlines: Array.from({ length: words }, () => ({ height: 20 })) });
    const table = { table: { body: [[cell(1), cell(3)], [cell(1), cell(1)]], headerRows: 1, widths: [{}, {}] }, _layout: layout, _offsets: { total: 10 }, _margin: [0, 0, 0, 0] } as unknown as KeepNode;
    // heading 36 pt; header row 1 + 4 + 3 × 20 + 4 + 1 = 70 pt when the second column is 60 pt wide
    const narrow: ColumnWidths = (_table, width) => [width - 10 - 60, 60];
    expect(breakBeforeHeading([heading(), table], 36 + 69, 400, false, wrapping, Infinity, narrow)).toBe(true);
    expect(breakBeforeHeading([heading(), table], 36 + 71, 400, false, wrapping, Infinity, narrow)).toBe(false);
    // without the widths, only each cell's first word counts (1 + 4 + 20 + 4 + 1 = 30 pt)
    expect(breakBeforeHeading([heading(), table], 36 + 69, 400, false, wrapping)).toBe(false);
    expect(breakBeforeHeading([heading(), table], 36 + 29, 400, false, wrapping)).toBe(true);
  });
  it('breaks before a heading that runs over the page end (pdfmake’s pass moved it, laying the document out again)', () => {
    // a three-line heading: 10 + 20 + 20 fit in 50 pt, its third line goes to the next page
    expect(breakBeforeHeading([heading(3), text(1)], 50, 400, false, heights)).toBe(true);
    // a second heading running over the end moves the first with it
    expect(breakBeforeHeading([heading(), heading(3), text(1)], 36 + 50, 400, false, heights)).toBe(true);
    // all of it fits: 10 + 60 + 6 and the paragraph's 10 + 20
    expect(breakBeforeHeading([heading(3), text(1)], 106, 400, false, heights)).toBe(false);
    // first on its page, or nothing after it in its stack: not moved here
    expect(breakBeforeHeading([heading(3), text(1)], 50, 400, true, heights)).toBe(false);
    expect(breakBeforeHeading([heading(3)], 50, 400, false, heights)).toBe(false);
  });
  it('leaves to pdfmake what the dry run cannot tell: a list or box after the heading, the end of the stack', () => {
    const list = { ul: [], _margin: [0, 0, 0, 0] } as unknown as KeepNode;
    expect(breakBeforeHeading([heading(), list], 20, 400, false, heights)).toBe(false);
    expect(breakBeforeHeading([heading()], 35, 400, false, heights)).toBe(false);
    expect(breakBeforeHeading([text(2), text(1)], 20, 400, false, heights)).toBe(false);
  });
  it('breaks before a heading over a figure pdfmake moves whole to the next page (its pass saw the figure below the heading)', () => {
    // an unbreakable stack: a 200 pt image 6 pt below its top, then a one-line caption (4 pt above it)
    const figure = { stack: [{ image: 'x', _height: 200, _margin: [0, 6, 0, 0] }, text(1, 4, 0)], unbreakable: true, _margin: [0, 0, 0, 12] } as unknown as KeepNode;
    // heading 36 pt, then the whole figure: 6 + 200 + 4 + 20 = 230 pt
    expect(breakBeforeHeading([heading(), figure], 36 + 230, 400, false, heights)).toBe(false);
    expect(breakBeforeHeading([heading(), figure], 36 + 229.9, 400, false, heights)).toBe(true);
    expect(breakBeforeHeading([heading(), figure], 36 + 229.9, 400, true, heights)).toBe(false);
    // the figure's caption wraps: its lines count
    const long = { ...figure, stack: [{ image: 'x', _height: 200, _margin: [0, 6, 0, 0] }, text(3, 4, 0)] } as unknown as KeepNode;
    expect(breakBeforeHeading([heading(), long], 36 + 269.9, 400, false, heights)).toBe(true);
    expect(breakBeforeHeading([heading(), long], 36 + 270, 400, false, heights)).toBe(false);
    // a figure that would not fit below the heading on a new page either (pdfmake leaves out a
    // block taller than a page): moving the heading would leave it alone on that page
    expect(breakBeforeHeading([heading(), figure], 100, 400, false, heights, 36 + 230)).toBe(true);
    expect(breakBeforeHeading([heading(), figure], 100, 400, false, heights, 36 + 229.9)).toBe(false);
  });
  it('looks through a rule (a canvas 0 pt high, which pdfmake never moves) to the block after it', () => {
    const rule = { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 400, y2: 0 }], _minHeight: 0, _margin: [0, 6, 0, 10] } as unknown as KeepNode;
    // heading 36, rule 6 + 10, paragraph 10 + 20: 82 pt
    expect(breakBeforeHeading([heading(), rule, text(5)], 82, 400, false, heights)).toBe(false);
    expect(breakBeforeHeading([heading(), rule, text(5)], 81.9, 400, false, heights)).toBe(true);
    // the rule's bottom margin, or its top margin, does not fit
    expect(breakBeforeHeading([heading(), rule, text(5)], 36 + 15, 400, false, heights)).toBe(true);
    expect(breakBeforeHeading([heading(), rule, text(5)], 36 + 5, 400, false, heights)).toBe(true);
    // over a figure
    const figure = { stack: [{ image: 'x', _height: 200 }], unbreakable: true } as unknown as KeepNode;
    expect(breakBeforeHeading([heading(), rule, figure], 36 + 16 + 199.9, 400, false, heights)).toBe(true);
    expect(breakBeforeHeading([heading(), rule, figure], 36 + 16 + 200, 400, false, heights)).toBe(false);
    // the end of the stack after the rule: not decided here
    expect(breakBeforeHeading([heading(), rule], 60, 400, false, heights)).toBe(false);
  });
  it('breaks before a heading and rule over a list item (columns) none of whose columns can start on the page', () => {
    const rule = { canvas: [{ type: 'line' }], _minHeight: 0, _margin: [0, 6, 0, 10] } as unknown as KeepNode;
    // a list item: the text beside its marker, each column's first word 20 pt (or `marker` pt) high
    const item = (marker = 20) => ({ columns: [{ stack: [{ text: 'x', _inlines: [{ height: 20 }] }] }, { stack: [{ text: '•', _inlines: [{ height: marker }] }] }], _margin: [0, 0, 0, 4] }) as unknown as KeepNode;
    // heading 36, rule 16, first line 20: 72 pt
    expect(breakBeforeHeading([heading(), rule, item()], 71.9, 400, false, heights)).toBe(true);
    expect(breakBeforeHeading([heading(), rule, item()], 72, 400, false, heights)).toBe(false);
    // the marker fits where the text does not: pdfmake keeps the item's start on this page
    expect(breakBeforeHeading([heading(), rule, item(10)], 65, 400, false, heights)).toBe(false);
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

/** A word drawn on a page, from `pdftotext -bbox` (pt, origin top left; `page` from 1). */
interface PageWord {
  text: string;
  page: number;
  yMin: number;
  yMax: number;
}

/** The words of a PDF with their pages and boxes. */
function pageWords(pdf: string): PageWord[] {
  const out: PageWord[] = [];
  let page = 0;
  for (const line of pdftotext(pdf, ['-bbox']).split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ text: m[3]!, page, yMin: Number(m[1]), yMax: Number(m[2]) });
  }
  return out;
}

/** `n` words of Arabic filler, one paragraph. */
function filler(n: number): string {
  const words = 'تقسم مناطق القياس المعزولة الشبكة إلى أحياء صغيرة لكل منها مدخل مزود بعداد وتكشف مقارنة التدفق الليلي الأدنى بالاستهلاك المتوقع مواقع التسرب بدقة'.split(' ');
  return Array.from({ length: n }, (_, i) => words[i % words.length]).join(' ') + '.';
}

const skipPoppler = needClient('pdftotext', hasCommand('pdftotext'));

describe.skipIf(skipPoppler)('a heading above a figure or a rule at a page foot (poppler)', () => {
  /**
   * Builds, through the public API, a brief of a paragraph of `words` words, the heading "HEAD1",
   * `after` and a paragraph starting "TAIL1", as `content/x.md` (so `images/…` is the repository's
   * chart, 900 × 460 px); returns its words.
   */
  async function build(words: number, after: string, template: string): Promise<PageWord[]> {
    const md = `---\ntitle: "اختبار"\nlang: ar\n---\n\n${filler(words)}\n\n## عنوان HEAD1\n\n${after}\n\nTAIL1 ${filler(40)}\n`;
    const doc = parseBrief(md, join(ROOT, 'content', 'x.md'), { cwd: ROOT });
    expect(doc.messages.map(String)).toEqual([]);
    const { bytes } = await (await getWriter('pdf')).write({ doc, template: loadTemplate(template, { root: ROOT }), created: new Date(0), outDir: tempDir() });
    const file = join(tempDir('sahifa-keep-'), 'x.pdf');
    writeFileSync(file, bytes);
    return pageWords(file);
  }

  /**
   * For each filler length, the heading is on the page of the first word after it (`next`: the
   * figure's caption, or the paragraph after a rule, which lies between them), never alone at the
   * foot of the page before; and for some lengths (the reproductions: pdfmake left the heading
   * at the foot of page 1 and put the block on page 2) the heading starts page 2, no body line
   * above it.
   */
  async function expectKeptTogether(lengths: number[], after: string, next: string, template = 'policy-brief'): Promise<void> {
    const top = loadTemplate(template, { root: ROOT }).template.page.margins.top;
    let moved = 0;
    for (const n of lengths) {
      const words = await build(n, after, template);
      const head = words.find((w) => w.text === 'HEAD1')!;
      const first = words.find((w) => w.text === next)!;
      expect({ n, heading: head.page, next: first.page }).toEqual({ n, heading: first.page, next: first.page });
      if (head.page === 1) continue;
      moved++;
      expect(words.filter((w) => w.page === head.page && w.yMax > top && w.yMin < head.yMin).map((w) => w.text)).toEqual([]);
    }
    expect(moved).toBeGreaterThan(0);
  }

  const figure = '![منحنى FIG1 للفاقد](images/water-loss-chart.png)';

  it('moves the heading to the next page with a figure that does not fit below it', async () => {
    // the figure (about 300 pt with its caption) fits below the heading at 260 words, not after
    await expectKeptTogether([260, 300, 400], figure, 'FIG1');
  });

  it('moves the heading to the next page with a figure in memo too', async () => {
    await expectKeptTogether([550, 600, 650], figure, 'FIG1', 'memo');
  });

  it('moves the heading and the rule under it to the next page with the paragraph after the rule', async () => {
    // 524–548 words: heading and rule fit at the foot of page 1, the paragraph's first line not
    await expectKeptTogether([518, 524, 536, 548], '---', 'TAIL1');
  });

  it('moves the heading and the rule under it with a figure after the rule', async () => {
    await expectKeptTogether([260, 380], `---\n\n${figure}`, 'FIG1');
  });

  it('moves the heading with a table whose header row wraps in a narrow column (the whole header row counts)', async () => {
    const table = `| العمود الأول | العمود HDR1 الثاني |\n|---|---|\n| ${filler(60)} | خلية |\n| خلية ثالثة | خلية رابعة |`;
    // 504–534 words: the header's first words fit below the heading, its second line not
    await expectKeptTogether([498, 504, 516, 528, 534], table, 'HDR1');
  });

  it('moves the heading and the rule under it with a code block or a quote after the rule (left to pdfmake\'s pass)', async () => {
    await expectKeptTogether([518, 524, 530, 536, 542, 548], '---\n\n```\nCODE1 x = 1\n```', 'CODE1');
    await expectKeptTogether([518, 524, 530, 536, 542, 548], '---\n\n> QUOTE1 اقتباس قصير', 'QUOTE1');
  });

  it('moves the heading and the rule under it with a list after the rule', async () => {
    await expectKeptTogether([518, 530, 542], '---\n\n- LIST1 بند أول\n- بند ثان', 'LIST1');
  });
});
