/**
 * Page footnotes in the PDF (`layout/footnotes.ts`), read back by poppler and qpdf: every note on
 * the page of its mark and below it (the notes' named destinations by `pdfinfo -dests`, their words
 * by `pdftotext -bbox`), a note longer than a page continued at the foot of the next pages above
 * their own notes, and links both ways between each mark and its note (qpdf's JSON).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { manyFootnotesBrief } from './helpers/briefs.js';
import { sahifa } from './helpers/cli.js';
import { hasCommand, needClient, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const skip = needClient('poppler-utils (pdfinfo, pdftotext) and qpdf', hasCommand('pdfinfo') && hasCommand('pdftotext') && hasCommand('qpdf', ['--version']));

/** A word as `pdftotext -bbox` gives it: page from 1, y from the top of the page (pt). */
interface Word {
  readonly page: number;
  readonly text: string;
  readonly yMin: number;
  readonly yMax: number;
}

/** Every word of the PDF with its page and vertical place. */
function words(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out: Word[] = [];
  html
    .split('<page ')
    .slice(1)
    .forEach((page, i) => {
      for (const m of page.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g))
        out.push({ page: i + 1, text: m[3]!, yMin: Number(m[1]), yMax: Number(m[2]) });
    });
  return out;
}

/** Named destinations: page (from 1) and y from the top of the page (pt). */
function destinations(file: string): Map<string, { page: number; y: number }> {
  const height = Number(/Page size:\s+[\d.]+ x ([\d.]+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  const out = new Map<string, { page: number; y: number }>();
  for (const m of execFileSync('pdfinfo', ['-dests', file], { encoding: 'utf8' }).matchAll(/^\s*(\d+)\s+\[ XYZ\s+[\d.]+\s+([\d.]+)[^\]]*\]\s+"([^"]+)"\s*$/gm))
    out.set(m[3]!, { page: Number(m[1]), y: height - Number(m[2]) });
  return out;
}

/** The named destinations the PDF's link annotations go to (qpdf's JSON). */
function linkTargets(file: string): Set<string> {
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', file], { encoding: 'utf8', maxBuffer: 64 << 20 })) as {
    qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>];
  };
  const objects = json.qpdf[1];
  const deref = (v: unknown): Record<string, unknown> | undefined =>
    typeof v === 'string' && / R$/.test(v) ? objects[`obj:${v}`]?.value : (v as Record<string, unknown>);
  return new Set(
    Object.values(objects)
      .map((o) => o.value)
      .filter((v) => v?.['/Subtype'] === '/Link')
      .map((v) => deref(v!['/A']))
      .filter((a) => a?.['/S'] === '/GoTo')
      .map((a) => String(a!['/D']).replace(/^u:/, '')),
  );
}

/** Letters only: no diacritics, tatweel, punctuation, digits or controls (pdftotext and the source write them differently). */
const bare = (s: string): string => s.replace(/[\u064b-\u0652\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu, '').replace(/[^\p{L}]/gu, '');

/**
 * The letters of `words`, line by line, in reading order: pdftotext gives an Arabic line's words
 * in visual order, left to right, each spelt left to right; reversed, a line reads as written
 * (splits pdftotext makes inside a word, where the glyphs are kerned apart, disappear too).
 * Latin words come out reversed: the visual string is kept beside it for them.
 */
function footText(words: readonly Word[]): string {
  const lines = new Map<number, Word[]>();
  for (const w of words) {
    const key = Math.round(w.yMin);
    const line = lines.get(key);
    if (line) line.push(w);
    else lines.set(key, [w]);
  }
  const visual = [...lines.values()].map((l) => l.map((w) => w.text).join(''));
  return `${visual.map((l) => bare([...l].reverse().join(''))).join('')}|${visual.map(bare).join('')}`;
}

/** Checks that note `n`'s destination is on its mark's page, below the mark, and that the page links both ways. */
function expectOnMarkPage(dests: ReturnType<typeof destinations>, targets: Set<string>, n: number): { page: number; y: number } {
  const mark = dests.get(`fnref-${n}`);
  const note = dests.get(`fn-${n}`);
  expect(mark, `mark ${n}`).toBeDefined();
  expect(note, `note ${n}`).toBeDefined();
  expect(note!.page, `note ${n} on the page of its mark`).toBe(mark!.page);
  expect(note!.y, `note ${n} below its mark`).toBeGreaterThan(mark!.y);
  expect(targets, `mark ${n} links to its note`).toContain(`fn-${n}`);
  expect(targets, `note ${n} links back to its mark`).toContain(`fnref-${n}`);
  return mark!;
}

describe.skipIf(skip)('PDF page footnotes', () => {
  let out: string;
  beforeAll(() => {
    out = tempDir('sahifa-footnotes-');
    writeFileSync(join(out, 'many-notes.md'), manyFootnotesBrief());
    for (const template of ['policy-brief', 'memo']) {
      const r = sahifa(
        [
          'build',
          join(ROOT, 'content', 'kitchen-sink.md'),
          join(out, 'many-notes.md'),
          '--format',
          'pdf',
          '--template',
          template,
          '--out',
          join(out, template),
          '--force',
        ],
        ROOT,
      );
      expect(r.code, r.err).toBe(0);
    }
  }, 300_000);

  for (const template of ['policy-brief', 'memo']) {
    it(`kitchen sink (${template}): every note's words lie at the foot of its mark's page, and mark and note link both ways`, () => {
      const file = join(out, template, 'kitchen-sink.pdf');
      const source = readFileSync(join(ROOT, 'content', 'kitchen-sink.md'), 'utf8');
      const definitions = new Map([...source.matchAll(/^\[\^([^\]]+)\]: (.+)$/gm)].map((m) => [m[1]!, m[2]!]));
      const body = source.replace(/^\[\^[^\]]+\]: .+$/gm, '');
      // notes are numbered in the order of their first mark
      const labels = [...new Set([...body.matchAll(/\[\^([^\]]+)\]/g)].map((m) => m[1]!))];
      expect(labels.length).toBeGreaterThanOrEqual(4);
      const dests = destinations(file);
      const targets = linkTargets(file);
      const all = words(file);
      labels.forEach((label, i) => {
        const mark = expectOnMarkPage(dests, targets, i + 1);
        const foot = footText(all.filter((w) => w.page === mark.page && w.yMin > mark.y));
        const missing = definitions
          .get(label)!
          .split(/\s+/)
          // a vocalised word (يُقدَّر) comes out of pdftotext's visual order with its marks moved
          // between letters, which no reversal undoes: its unvocalised neighbours tell the place
          .filter((w) => !/[\u064b-\u0652]/u.test(w))
          .map(bare)
          .filter((w) => w.length > 0 && !foot.includes(w));
        expect(missing, `words of note ${i + 1} missing from page ${mark.page}`).toEqual([]);
      });
    });

    it(`many notes (${template}): each on its mark's page; the long one goes on at the foot of the next pages, above their own notes`, () => {
      const file = join(out, template, 'many-notes.pdf');
      const dests = destinations(file);
      const targets = linkTargets(file);
      const all = words(file);
      for (let n = 1; n <= 30; n++) {
        const mark = expectOnMarkPage(dests, targets, n);
        if (n === 5) continue;
        for (const token of [`n${n}a`, `n${n}b`]) {
          const found = all.filter((w) => w.text.includes(token));
          expect(
            found.map((w) => w.page),
            token,
          ).toEqual([mark.page]);
          expect(found[0]!.yMin, `${token} below its mark`).toBeGreaterThan(mark.y);
        }
      }
      // the long note: its 400 tokens in order, starting on its mark's page, ending pages later
      const mark = dests.get('fnref-5')!;
      const tokens = Array.from({ length: 400 }, (_, i) => `L${String(i + 1).padStart(3, '0')}`);
      const places = tokens.map((t) => all.filter((w) => w.text.includes(t)));
      places.forEach((p, i) => expect(p.length, tokens[i]).toBe(1));
      const pages = places.map((p) => p[0]!.page);
      expect(pages[0]).toBe(mark.page);
      expect(pages[399]).toBeGreaterThan(mark.page + 1); // longer than a page
      for (let i = 1; i < 400; i++) expect(pages[i]!, tokens[i]).toBeGreaterThanOrEqual(pages[i - 1]!);
      for (const page of new Set(pages)) {
        const here = places.filter((p) => p[0]!.page === page).map((p) => p[0]!);
        const top = Math.min(...here.map((w) => w.yMin));
        const bottom = Math.max(...here.map((w) => w.yMax));
        // below every line of the body on its page (the body's words: the sentence's, none in any note)
        const body = all.filter((w) => w.page === page && bare(w.text) === bare('القياس'));
        for (const w of body) expect(w.yMax, `body above the notes on page ${page}`).toBeLessThan(top);
        // above the page's own notes
        if (page === mark.page) continue;
        const own = all.filter((w) => w.page === page && /^n\d+a$/.test(w.text));
        for (const w of own) expect(w.yMin, `continued note above ${w.text} on page ${page}`).toBeGreaterThan(bottom);
      }
    });
  }

  it('sets the note of a mark in a table header row (laid out apart by pdfmake, to repeat it) on its page too, in number order', async () => {
    const { parse } = await import('../src/parse/index.js');
    const { pdfWriter } = await import('../src/writers/pdf/index.js');
    const { loadTemplate } = await import('../src/templates/load.js');
    const md = [
      '---',
      'title: "جدول بهامش"',
      'lang: ar',
      '---',
      '',
      'فقرة فيها علامة[^1].',
      '',
      '| العمود الأول[^2] | العمود الثاني |',
      '|---|---|',
      '| خلية | خلية أخرى[^3] |',
      '',
      '[^1]: هامش n1a.',
      '[^2]: هامش الرأس n2a.',
      '[^3]: هامش الخلية n3a.',
      '',
    ].join('\n');
    const { bytes } = await pdfWriter.write({
      doc: parse(md, 'table.md'),
      template: loadTemplate('policy-brief', { root: ROOT }),
      created: new Date(0),
      outDir: ROOT,
    });
    const file = join(out, 'table-notes.pdf');
    writeFileSync(file, bytes);
    const dests = destinations(file);
    const targets = linkTargets(file);
    const ys = [1, 2, 3].map((n) => {
      expectOnMarkPage(dests, targets, n);
      return dests.get(`fn-${n}`)!.y;
    });
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
  });

  it("keeps endnotes as the template's choice (`footnotes: end`): the notes section last, after every mark", async () => {
    const { parse } = await import('../src/parse/index.js');
    const { pdfWriter } = await import('../src/writers/pdf/index.js');
    const { loadTemplate } = await import('../src/templates/load.js');
    const loaded = loadTemplate('policy-brief', { root: ROOT });
    const template = { ...loaded, template: { ...loaded.template, footnotes: 'end' as const } };
    const doc = parse(manyFootnotesBrief(), 'many-notes.md');
    const { bytes } = await pdfWriter.write({ doc, template, created: new Date(0), outDir: ROOT });
    const file = join(out, 'endnotes.pdf');
    writeFileSync(file, bytes);
    const dests = destinations(file);
    const last = Math.max(...[...dests.values()].map((d) => d.page));
    for (let n = 1; n <= 30; n++) expect(dests.get(`fn-${n}`)!.page, `note ${n}`).toBeGreaterThanOrEqual(dests.get('fnref-30')!.page);
    expect(dests.get('fn-30')!.page).toBe(last);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('الهوامش');
  });
});
