/**
 * A blockquote has one look in all three formats (issue 15, item 10): a rule on the start side of
 * the column and the text `looks.blockquote.indent` pt inside it. Measured with real readers: the
 * quote's start edge against the body text's, in poppler's word boxes of the PDF and of
 * LibreOffice's PDF of the DOCX, and in Chromium's layout of the HTML.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { loadTemplate } from '../src/templates/load.js';
import { CHROMIUM, hasCommand, needClient, pdftotext, sofficeToPdf, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const BRIEF = [
  '---',
  'title: "اقتباس"',
  'lang: ar',
  '---',
  '',
  'Body فقرة قبل الاقتباس.',
  '',
  '> Quote هذا اقتباس طويل نسبياً يمتد على أكثر من سطر واحد حتى نرى الخط الجانبي والمسافة بين الخط والنص في الصيغ الثلاث.',
  '',
].join('\n');

const skipPoppler = needClient('poppler-utils (pdftotext)', hasCommand('pdftotext'));
const skipSoffice = skipPoppler ?? needClient('LibreOffice (soffice)', hasCommand('soffice', ['--version']));
const skipChromium = needClient('chromium', CHROMIUM !== undefined);
const template = loadTemplate('policy-brief', { root: ROOT });
const { rule, indent } = template.settings.looks.blockquote;

/** How far in (pt) the quote's first word starts from the body's first word, on their start (right) side. */
function inset(pdf: string): number {
  const words = [...pdftotext(pdf, ['-bbox', '-f', '1', '-l', '1']).matchAll(/xMax="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({ xMax: Number(m[1]), text: m[2]! }));
  const at = (w: string): number => words.find((x) => x.text === w)!.xMax;
  return at('Body') - at('Quote');
}

async function built(formats: ('html' | 'pdf' | 'docx')[]): Promise<string> {
  const dir = tempDir();
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'bq.md'), BRIEF);
  const out = join(dir, 'out');
  expect((await build({ paths: [join(dir, 'src', 'bq.md')], outDir: out, formats, root: ROOT })).ok).toBe(true);
  return out;
}

describe('blockquote look', () => {
  it('is the same in every writer: a 2 pt start rule, the text 12 pt inside it', () => {
    for (const w of ['html', 'pdf', 'docx'] as const) {
      expect(rule.width[w], w).toBe(2);
      expect(indent[w], w).toBe(12);
      expect(rule.colour[w], w).toBe(rule.colour.pdf);
    }
  });

  it.skipIf(skipPoppler)('PDF: the quote starts rule + indent in from the body text', async () => {
    expect(inset(join(await built(['pdf']), 'bq.pdf'))).toBeCloseTo(rule.width.pdf! + indent.pdf, 0);
  }, 60_000);

  // LibreOffice places the text about 1 pt further in (15.0 pt measured): the cell border is drawn
  // on the cell's edge and its margin counted from there, in whole twips
  it.skipIf(skipSoffice)('DOCX in LibreOffice: the same inset within 1.5 pt', async () => {
    const out = await built(['docx']);
    expect(Math.abs(inset(sofficeToPdf(join(out, 'bq.docx'), out)) - (rule.width.docx! + indent.docx))).toBeLessThan(1.5);
  }, 180_000);

  it.skipIf(skipChromium)('HTML in Chromium: the same inset, the rule on the start (right) side', async () => {
    const out = await built(['html']);
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const tab = await browser.newPage();
      await tab.goto(pathToFileURL(join(out, 'bq.html')).href, { waitUntil: 'load' });
      const seen = await tab.evaluate(() => {
        const quote = document.querySelector('blockquote')!;
        const body = document.querySelector('main p')!;
        const style = getComputedStyle(quote);
        return { inset: body.getBoundingClientRect().right - quote.querySelector('p')!.getBoundingClientRect().right, right: parseFloat(style.borderRightWidth), left: parseFloat(style.borderLeftWidth) };
      });
      const px = (pt: number): number => (pt * 96) / 72;
      // Chromium draws a border in whole device pixels: 2 pt (2.67 px) as 2 px
      expect(Math.abs(seen.inset - px(rule.width.html! + indent.html))).toBeLessThanOrEqual(1);
      expect(Math.abs(seen.right - px(rule.width.html!))).toBeLessThanOrEqual(1);
      expect(seen.left).toBe(0);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
