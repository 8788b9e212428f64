/**
 * Every source heading level keeps its own size and its own TOC level in all three formats (issue
 * 15, item 9): `#` is set in the template's `h1` role (between the title and `##`), not like `##`.
 * Read back with real readers: poppler word boxes in the PDF and in LibreOffice's PDF of the DOCX
 * (a word's box height is proportional to its font size), qpdf's outline tree of both PDFs (the
 * PDF's bookmarks, and the DOCX's heading outline levels as LibreOffice exports them), and
 * Chromium's computed styles of the HTML.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { loadTemplate } from '../src/templates/load.js';
import { CHROMIUM, hasCommand, needClient, pdftotext, sofficeToPdf, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const skipPoppler = needClient('poppler-utils (pdftotext) and qpdf', hasCommand('pdftotext') && hasCommand('qpdf', ['--version']));
const skipSoffice = skipPoppler ?? needClient('LibreOffice (soffice)', hasCommand('soffice', ['--version']));
const skipChromium = needClient('chromium', CHROMIUM !== undefined);

/** Latin word that marks each heading (its first word), by source depth; `Omega` is the title. */
const MARKS = { Omega: 0, Alpha: 1, Beta: 2, Gamma: 3, Delta: 4, Epsilon: 2, Zeta: 3, Eta: 1, Theta: 2 } as const;

const BRIEF = `---
title: "Omega عنوان الموجز"
lang: ar
toc: true
---

# Alpha المستوى الأول

نص الفقرة الأولى.

## Beta المستوى الثاني

نص الفقرة الثانية.

### Gamma المستوى الثالث

نص الفقرة الثالثة.

#### Delta المستوى الرابع

نص الفقرة الرابعة.

## Epsilon عنوان آخر

نص.

### Zeta عنوان فرعي

نص.

# Eta عنوان أول آخر

نص.

## Theta عنوان ثان

نص.
`;

/** The expected bookmark tree: each heading under the nearest one before it of a lower depth. */
const TREE = ['Alpha', ['Beta', ['Gamma', ['Delta']], 'Epsilon', ['Zeta']], 'Eta', ['Theta']];

interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  page: number;
  text: string;
}

/** Every word of a PDF with its page, as poppler places it. */
function words(file: string): Box[] {
  const out: Box[] = [];
  pdftotext(file, ['-bbox'])
    .split('<page ')
    .slice(1)
    .forEach((page, i) => {
      for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)) {
        out.push({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), page: i + 1, text: m[5]! });
      }
    });
  return out;
}

/** The outline (bookmark) tree of a PDF as qpdf reads it, titles reduced to their first Latin word. */
function bookmarks(file: string): unknown[] {
  interface Item {
    title: string;
    kids?: Item[];
  }
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', file], { encoding: 'utf8' })) as { outlines: Item[] };
  const tree = (items: Item[]): unknown[] => items.flatMap((i) => [/[A-Za-z]+/.exec(i.title)![0], ...(i.kids?.length ? [tree(i.kids)] : [])]);
  return tree(json.outlines);
}

/**
 * Checks the sizes of the heading words in a PDF against the template's roles: the box height of
 * each heading's mark over the `##` one's equals the ratio of their role sizes (within 2%), and
 * the levels are strictly ordered title > `#` > `##` > `###` > `####`. Words are taken in the body
 * (the last occurrence: the contents, listed first, print them in the body role), the title's in the
 * title block.
 */
function checkSizes(file: string, template: string): void {
  const roles = loadTemplate(template, { root: ROOT }).template.roles;
  const size = [roles.title.size, roles.h1.size, roles.h2.size, roles.h3.size, roles.h4.size];
  expect(roles.h1.size).toBeGreaterThan(roles.h2.size);
  expect(roles.h1.size).toBeLessThan(roles.title.size);
  const all = words(file);
  const height = (mark: string): number => {
    const found = all.filter((w) => w.text === mark);
    // the title's mark: its first occurrence (the running header repeats it later, smaller)
    const word = mark === 'Omega' ? found[0] : found[found.length - 1];
    expect(word, mark).toBeDefined();
    return word!.yMax - word!.yMin;
  };
  const beta = height('Beta');
  for (const [mark, depth] of Object.entries(MARKS)) {
    expect(height(mark) / beta, `${mark} (${template})`).toBeCloseTo(size[depth]! / roles.h2.size, 1);
  }
  expect(height('Omega')).toBeGreaterThan(height('Alpha'));
  expect(height('Alpha')).toBeGreaterThan(height('Beta'));
  expect(height('Beta')).toBeGreaterThan(height('Gamma'));
  expect(height('Gamma')).toBeGreaterThan(height('Delta'));
}

/** Builds the brief with `template` in `formats` and returns the output folder. */
async function built(template: string, formats: ('html' | 'pdf' | 'docx')[]): Promise<string> {
  const dir = tempDir();
  const src = join(dir, 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'levels.md'), BRIEF);
  const out = join(dir, 'out');
  const result = await build({ paths: [join(src, 'levels.md')], outDir: out, formats, template, root: ROOT });
  expect(result.ok).toBe(true);
  return out;
}

describe.each(['policy-brief', 'memo'])('heading levels (%s)', (template) => {
  it.skipIf(skipPoppler)('PDF: each level in its own size, the contents indented by level, bookmarks nested', async () => {
    const file = join(await built(template, ['pdf']), 'levels.pdf');
    checkSizes(file, template);
    expect(bookmarks(file)).toEqual(TREE);
    // contents (page 1, first occurrence of each mark): `#` entries flush on the start (right)
    // side, `##` one list indent in, `###` two
    const indent = loadTemplate(template, { root: ROOT }).template.list.indent;
    const entries = words(file).filter((w) => w.page === 1);
    const entry = (mark: string): Box => entries.find((w) => w.text === mark)!;
    const right = entry('Alpha').xMax;
    for (const [mark, depth] of Object.entries(MARKS)) {
      if (depth < 1 || depth > 3) continue;
      expect(right - entry(mark).xMax, mark).toBeCloseTo((depth - 1) * indent, 0);
    }
    // `####` is not in the contents: its mark is printed once, in the body
    expect(words(file).filter((w) => w.text === 'Delta')).toHaveLength(1);
  }, 60_000);

  it.skipIf(skipSoffice)('DOCX in LibreOffice: each level in its own size and outline level (Heading1 for `#`)', async () => {
    const out = await built(template, ['docx']);
    const file = sofficeToPdf(join(out, 'levels.docx'), out);
    checkSizes(file, template);
    // LibreOffice exports the headings' outline levels as the PDF's bookmarks
    expect(bookmarks(file)).toEqual(TREE);
  }, 180_000);

  it.skipIf(skipChromium)('HTML in Chromium: `#` is an h1 in its own size, the contents indented by level', async () => {
    const out = await built(template, ['html']);
    const roles = loadTemplate(template, { root: ROOT }).template.roles;
    const indent = loadTemplate(template, { root: ROOT }).template.list.indent;
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const tab = await browser.newPage();
      await tab.goto(pathToFileURL(join(out, 'levels.html')).href, { waitUntil: 'load' });
      const seen = await tab.evaluate(() => {
        const px = (e: Element): number => parseFloat(getComputedStyle(e).fontSize);
        const pad = (e: Element): number => parseFloat(getComputedStyle(e).paddingInlineStart);
        return {
          headings: Array.from(document.querySelectorAll('main h1, main h2, main h3, main h4, .title-block h1')).map((e) => ({ tag: e.tagName, mark: /[A-Za-z]+/.exec(e.textContent ?? '')?.[0], px: px(e) })),
          toc: Array.from(document.querySelectorAll('.toc-list li')).map((e) => ({ mark: /[A-Za-z]+/.exec(e.textContent ?? '')?.[0], pad: pad(e) })),
          h1s: document.querySelectorAll('h1').length,
        };
      });
      const size = [roles.title.size, roles.h1.size, roles.h2.size, roles.h3.size, roles.h4.size];
      const tags = ['H1', 'H1', 'H2', 'H3', 'H4'];
      for (const [mark, depth] of Object.entries(MARKS)) {
        const h = seen.headings.find((x) => x.mark === mark);
        expect(h, mark).toBeDefined();
        expect(h!.tag, mark).toBe(tags[depth]);
        expect(h!.px, mark).toBeCloseTo((size[depth]! * 96) / 72, 1);
      }
      // the title's h1 and the two `#` headings: no hidden h1 added
      expect(seen.h1s).toBe(3);
      expect(seen.toc.map((e) => e.mark)).toEqual(['Alpha', 'Beta', 'Gamma', 'Epsilon', 'Zeta', 'Eta', 'Theta']);
      for (const e of seen.toc) expect(e.pad, e.mark).toBeCloseTo(((MARKS[e.mark as keyof typeof MARKS] - 1) * indent * 96) / 72, 1);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
