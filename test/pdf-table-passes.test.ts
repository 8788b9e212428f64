/**
 * A table laid out again: pdfmake keeps a table's page-break state (`_bottomByPage`,
 * `_breaksBySpan`) on the table node, and lays the whole document out again when its
 * `pageBreakBefore` pass moves a heading (the keep-with-next rule). A boxed quote (a one-cell table
 * with a side rule) that ended near the foot of a page in the first pass and breaks on that page
 * in the second drew its rule down to the first pass's bottom (6 pt below where it belongs in
 * this brief). Read back with poppler (the words) and qpdf (the rules drawn on each page).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pdfmake from 'pdfmake';
import LayoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from '../src/parse/index.js';
import { boxOverPageEndBrief } from './helpers/briefs.js';
import { hasCommand, needClient, pdftotext, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const skip = needClient('poppler-utils (pdftotext)', hasCommand('pdftotext')) ?? needClient('qpdf', hasCommand('qpdf', ['--version']));

interface Built {
  file: string;
  /** Layout passes pdfmake made (`tryLayoutDocument` calls). */
  passes: number;
}

/** The heading of {@link boxOverPageEndBrief}, as pdfmake's nodes carry its text. */
const HEADING = 'عنوان ينتقل إلى الصفحة التالية';
const isHeading = (node: { text?: unknown; headlineLevel?: unknown }): boolean => typeof node.headlineLevel === 'number' && JSON.stringify(node.text ?? '').includes(HEADING);

/**
 * Builds a brief to PDF in policy-brief, counting pdfmake's layout passes. How the heading gets to
 * page 2 is chosen here, so the test does not hang on when the keep-with-next rule leaves a case to
 * pdfmake's pass: `moved` — pdfmake's `pageBreakBefore` moves it once laid out on page 1, and pdfmake
 * lays the whole document out again (what its pass does for a heading left alone at a page foot);
 * `broken` — the heading carries `pageBreak: 'before'`, one layout.
 */
async function build(md: string, dir: string, name: string, how: 'moved' | 'broken'): Promise<Built> {
  const { pdfWriter } = await import('../src/writers/pdf/index.js');
  const { loadTemplate } = await import('../src/templates/load.js');
  const builder = ((LayoutBuilderModule as { default?: unknown }).default ?? LayoutBuilderModule) as { prototype: { tryLayoutDocument(...args: unknown[]): unknown } };
  const api = pdfmake as unknown as { createPdf(def: Record<string, unknown>): unknown };
  const createPdf = api.createPdf.bind(api);
  const spy = vi.spyOn(builder.prototype, 'tryLayoutDocument');
  const create = vi.spyOn(api, 'createPdf').mockImplementation((def) => {
    if (how === 'moved') {
      const rule = def['pageBreakBefore'] as (node: never, nodes: never) => boolean;
      def['pageBreakBefore'] = (node: { text?: unknown; headlineLevel?: unknown; startPosition?: { pageNumber: number } }, nodes: never) =>
        (isHeading(node) && node.startPosition?.pageNumber === 1) || rule(node as never, nodes);
    } else {
      const mark = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(mark);
        else if (node && typeof node === 'object') {
          const n = node as Record<string, unknown>;
          if (isHeading(n)) n['pageBreak'] = 'before';
          else for (const key of ['stack', 'content', 'columns']) if (n[key] !== undefined) mark(n[key]);
        }
      };
      mark(def['content']);
    }
    return createPdf(def);
  });
  try {
    const doc = parse(md, `${name}.md`, { cwd: ROOT });
    const { bytes } = await pdfWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: dir });
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, bytes);
    return { file, passes: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
    create.mockRestore();
  }
}

/** Vertical segments (`x y0 m x y1 l`, pdfmake's top-down pt) stroked on page `page` (from 1), read from the content stream qpdf expands. */
function verticalRules(pdf: string, page: number): { x: number; y0: number; y1: number }[] {
  const qdf = `${pdf}.qdf`;
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
  const text = readFileSync(qdf, 'latin1');
  const at = text.indexOf(`%% Contents for page ${page}\n`);
  expect(at).toBeGreaterThanOrEqual(0);
  const start = text.indexOf('stream\n', at) + 'stream\n'.length;
  const content = text.slice(start, text.indexOf('endstream', start));
  return [...content.matchAll(/([\d.]+) ([\d.]+) m\n([\d.]+) ([\d.]+) l\n/g)]
    .map((m) => ({ x: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]) }))
    .filter((s) => s.x === s.x1)
    .map(({ x, y0, y1 }) => ({ x, y0, y1 }));
}

/** The words of pages 2 and 3 with their boxes (`pdftotext -bbox`). */
const wordsOfPages2And3 = (pdf: string): string => pdftotext(pdf, ['-f', '2', '-l', '3', '-bbox']).replace(/<head>[\s\S]*?<\/head>/, '');

describe.skipIf(skip)('a boxed quote over a page end, in a document pdfmake lays out twice', () => {
  let twice: Built;
  let once: Built;
  beforeAll(async () => {
    const dir = tempDir();
    twice = await build(boxOverPageEndBrief(12, 1), dir, 'twice', 'moved');
    once = await build(boxOverPageEndBrief(12, 1), dir, 'once', 'broken');
  });

  it('is laid out twice (a heading moved by pageBreakBefore), its twin once, with the same pages 2 and 3', () => {
    expect(twice.passes).toBe(2);
    expect(once.passes).toBe(1);
    expect(wordsOfPages2And3(twice.file)).toBe(wordsOfPages2And3(once.file));
  });

  it('ends the side rule on the page where the quote breaks where the single-pass layout ends it', () => {
    const rules = verticalRules(twice.file, 2);
    expect(rules).toHaveLength(1);
    expect(rules).toEqual(verticalRules(once.file, 2));
    // the first pass's bottom was 773 pt, just above the bottom margin (841.89 − 64 pt); the quote's
    // last line on page 2 ends 6 pt higher
    expect(rules[0]!.y1).toBeLessThan(841.89 - 64 - 10);
    // and on page 3 the rest of the quote has its own rule
    expect(verticalRules(twice.file, 3)).toEqual(verticalRules(once.file, 3));
    expect(verticalRules(twice.file, 3)).toHaveLength(1);
  });
});

describe('quotes nested deep', () => {
  it('lay out without Node warning about page-change listeners (each open table listens)', async () => {
    const { pdfWriter } = await import('../src/writers/pdf/index.js');
    const { loadTemplate } = await import('../src/templates/load.js');
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const md = `---\ntitle: "اقتباسات"\nlang: ar\n---\n\n${'> '.repeat(12)}نص في أعمق اقتباس.\n`;
      const doc = parse(md, 'deep.md', { cwd: ROOT });
      const { bytes } = await pdfWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: tempDir() });
      expect(bytes.length).toBeGreaterThan(1000);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.includes('MaxListeners'))).toEqual([]);
  });
});
