/**
 * The template's logo in the running header (PDF, DOCX, printed HTML), the printed HTML's running
 * header and page numbers, placed errors for a bad `header.logo`, and headings kept with the next
 * block in the PDF (no heading is the last line of a page). Checked with real readers: pdfimages
 * and pdftotext -bbox-layout (poppler), the DOCX package's parts, Chromium's print.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import type { Heading } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { SahifaError } from '../src/model/errors.js';
import { parse } from '../src/parse/index.js';
import { readTemplateFile } from '../src/templates/load.js';
import { CHROMIUM, hasCommand, needClient, pdftotext, tempDir } from './helpers/clients.js';
import { manyHeadingsBrief } from './helpers/briefs.js';
import { ROOT } from './helpers/seed.js';

const BRIEF = join(ROOT, 'content', 'urban-water-losses.md');
const SLUG = 'urban-water-losses';
const LOGO = join(ROOT, 'templates', 'policy-brief', 'logo.png');
const skipPoppler = needClient('poppler-utils (pdfimages, pdftotext)', hasCommand('pdfimages') && hasCommand('pdftotext'));
const skipChromium = skipPoppler ?? needClient('chromium', CHROMIUM !== undefined);

/** Letters and digits only, NFKC, no bidi controls. */
const squash = (s: string): string => s.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');

/** `pdfimages -list`: per image, its page, type (image/smask) and pixel size. */
function images(pdf: string): { page: number; type: string; width: number; height: number }[] {
  return execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c.length > 4)
    .map((c) => ({ page: Number(c[0]), type: c[2]!, width: Number(c[3]), height: Number(c[4]) }));
}

/** Pages (1-based) that show a 132×96 image: the sample logo's pixels. */
const logoPages = (pdf: string): number[] => [...new Set(images(pdf).filter((i) => i.type === 'image' && i.width === 132 && i.height === 96).map((i) => i.page))];

/** Number of pages of a PDF. */
const pageCount = (pdf: string): number => pdftotext(pdf).split('\f').filter((p, i, all) => i < all.length - 1 || p.trim()).length;

/** Text lines per page with their top (pt) and the page height, from `pdftotext -bbox-layout`. */
function lines(pdf: string): { height: number; lines: { yMin: number; text: string }[] }[] {
  const pages: { height: number; lines: { yMin: number; text: string }[] }[] = [];
  for (const page of pdftotext(pdf, ['-bbox-layout']).split('<page ').slice(1)) {
    const height = Number(/height="([\d.]+)"/.exec(page)![1]);
    const out: { yMin: number; text: string }[] = [];
    for (const m of page.matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)) {
      const words = [...m[2]!.matchAll(/<word[^>]*>(.*?)<\/word>/g)].map((w) => w[1]!);
      out.push({ yMin: Number(m[1]), text: words.join(' ') });
    }
    pages.push({ height, lines: out });
  }
  return pages;
}

/** Texts of the brief's headings (mdast), squashed. */
function headingTexts(markdown: string, path: string): string[] {
  const doc = parse(markdown, path);
  const out: string[] = [];
  visit(doc.tree, 'heading', (h: Heading) => {
    out.push(squash(toString(h)));
  });
  return out.filter((t) => t.length > 0);
}

/**
 * The last body line of each page but the last (the lowest line above the footer, i.e. above the
 * bottom margin) — a heading must never be it.
 */
function lastBodyLines(pdf: string, bottomMargin: number): string[] {
  const pages = lines(pdf);
  return pages.slice(0, -1).map((p) => {
    const body = p.lines.filter((l) => l.yMin < p.height - bottomMargin);
    return squash(body.reduce((a, b) => (b.yMin > a.yMin ? b : a)).text);
  });
}

/** True when a `-bbox-layout` line (visual order: an RTL line comes reversed) is one of `headings`. */
function isHeading(line: string, headings: readonly string[]): boolean {
  return headings.includes(line) || headings.includes([...line].reverse().join(''));
}

describe('template logo and running header', () => {
  let out: string;
  beforeAll(async () => {
    out = tempDir();
    const result = await build({ root: ROOT, paths: [BRIEF], outDir: out, template: 'policy-brief', force: true, jobs: 1 });
    if (result.briefs[0]!.error) throw result.briefs[0]!.error;
  });

  it.skipIf(skipPoppler)('PDF: the logo is on every page but the first (one image object, pdfimages)', () => {
    const pdf = join(out, `${SLUG}.pdf`);
    const n = pageCount(pdf);
    expect(n).toBeGreaterThanOrEqual(3);
    expect(logoPages(pdf)).toEqual(Array.from({ length: n - 1 }, (_, i) => i + 2));
    // and it sits at the end side (left in RTL) of the header line, above the text column
    const bbox = pdftotext(pdf, ['-bbox', '-f', '2', '-l', '2']);
    const kicker = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)<\/word>/g)].find((m) => m[3] === 'موجز' || m[3] === [...'موجز'].reverse().join('')); // -bbox words are in visual order
    expect(Number(kicker![1])).toBeGreaterThan(300); // the text on the right
    expect(Number(kicker![2])).toBeLessThan(64); // in the top margin
  });

  it('DOCX: the header part holds the logo (word/media, referenced from header XML); page 1 has an empty header', () => {
    const zip = unzipSync(readFileSync(join(out, `${SLUG}.docx`)));
    const doc = strFromU8(zip['word/document.xml']!);
    const docRels = strFromU8(zip['word/_rels/document.xml.rels']!);
    const target = (type: 'default' | 'first'): string => {
      const id = new RegExp(`<w:headerReference w:type="${type}" r:id="([^"]+)"`).exec(doc)![1]!;
      return new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(docRels)![1]!;
    };
    expect(doc).toContain('<w:titlePg/>');
    const header = strFromU8(zip[`word/${target('default')}`]!);
    const rels = strFromU8(zip[`word/_rels/${target('default')}.rels`]!);
    const embed = /r:embed="([^"]+)"/.exec(header)![1]!;
    const media = new RegExp(`Id="${embed}"[^>]*Target="(media/[^"]+)"`).exec(rels)![1]!;
    expect(Buffer.from(zip[`word/${media}`]!).equals(readFileSync(LOGO))).toBe(true);
    expect(header).toContain('موجز سياسات');
    expect(header).toContain('<w:bidiVisual/>'); // logo cell on the left in RTL
    expect(strFromU8(zip[`word/${target('first')}`]!)).not.toContain('<w:drawing');
  });

  it.skipIf(skipChromium)('HTML print (Chromium): logo, running header from page 2, and "صفحة X من Y" on every page', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    const pdf = join(out, 'chromium.pdf');
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(out, `${SLUG}.html`)).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    } finally {
      await browser.close();
    }
    const pages = pdftotext(pdf).split('\f').slice(0, -1).map(squash);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(logoPages(pdf)).toEqual(Array.from({ length: pages.length - 1 }, (_, i) => i + 2));
    // pdftotext orders the footer line by the page's dominant direction: a last page of English
    // references gives it left to right ("4 من 4 صفحة"); either order is the same footer
    pages.forEach((text, i) => expect([squash(`صفحة ${i + 1} من ${pages.length}`), squash(`${pages.length} من ${i + 1} صفحة`)].some((f) => text.includes(f)), text).toBe(true));
    // the running header (series · number) is printed on pages 2…: page 1 shows it once, in the title block
    expect(pages[0]!.split(squash('موجز سياسات')).length - 1).toBe(1);
    // (in either order: see the footer above)
    for (const text of pages.slice(1)) expect([squash('موجز سياسات · العدد 7'), squash('7 موجز سياسات · العدد')].some((h) => text.includes(h)), text).toBe(true);
  });
});

describe('placed errors for header.logo', () => {
  const template = (logoLine: string): string => {
    const root = tempDir();
    const folder = join(root, 'templates', 'bad');
    mkdirSync(folder, { recursive: true });
    cpSync(LOGO, join(folder, 'logo.png'));
    writeFileSync(join(folder, 'notes.txt'), 'not an image\n');
    const yaml = readFileSync(join(ROOT, 'templates', 'policy-brief', 'template.yaml'), 'utf8');
    const file = join(folder, 'template.yaml');
    writeFileSync(file, yaml.replace(/^header: .*$/m, logoLine));
    return file;
  };
  const line = (file: string): number => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith('header:')) + 1;

  it('a missing file, a file that is not PNG/JPEG, a path out of the folder: file:line, key', () => {
    for (const [value, reason] of [
      ['missing.png', 'logo file "missing.png" not found'],
      ['notes.txt', 'logo file "notes.txt" is not a PNG or JPEG image'],
      ['../../../templates/policy-brief/logo.png', "must be a path inside the template's folder"],
    ] as const) {
      const file = template(`header: { show: true, rule: rule, logo: ${value} }`);
      expect(() => readTemplateFile(file, [ROOT])).toThrow(SahifaError);
      expect(() => readTemplateFile(file, [ROOT])).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line(file)}:\\d+: template key \`header\\.logo\`: .*${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
  });

  it('a good logo loads with its size; logoHeight scales it, keeping the aspect', () => {
    const loaded = readTemplateFile(template('header: { show: true, logo: logo.png, logoHeight: 24 }'), [ROOT]);
    expect(loaded.logo).toMatchObject({ format: 'png', width: 132, height: 96, heightPt: 24, widthPt: 33 });
    expect(readTemplateFile(template('header: { show: true }'), [ROOT]).logo).toBeUndefined();
  });
});

describe.skipIf(skipPoppler)('PDF: headings are kept with the next block', () => {
  it.each(['policy-brief', 'memo'])('%s: no page of the sample ends with a heading (pdftotext -bbox-layout)', async (template) => {
    const out = tempDir();
    const result = await build({ root: ROOT, paths: [BRIEF], outDir: out, template, formats: ['pdf'], force: true, jobs: 1 });
    if (result.briefs[0]!.error) throw result.briefs[0]!.error;
    const headings = headingTexts(readFileSync(BRIEF, 'utf8'), BRIEF);
    expect(headings.length).toBeGreaterThan(3);
    const margin = template === 'memo' ? 50 : 64;
    const last = lastBodyLines(join(out, `${SLUG}.pdf`), margin);
    expect(last.length).toBeGreaterThanOrEqual(2);
    for (const line of last) expect(isHeading(line, headings), line).toBe(false);
  });

  it('a long brief with many headings: none is left at the bottom of a page', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'content'), { recursive: true });
    const markdown = manyHeadingsBrief();
    const brief = join(root, 'content', 'headings.md');
    writeFileSync(brief, markdown);
    const out = join(root, 'out');
    const result = await build({ root, paths: [brief], outDir: out, template: 'policy-brief', formats: ['pdf'], force: true, jobs: 1 });
    if (result.briefs[0]!.error) throw result.briefs[0]!.error;
    const headings = headingTexts(markdown, brief);
    const last = lastBodyLines(join(out, 'headings.pdf'), 64);
    expect(last.length).toBeGreaterThanOrEqual(4);
    for (const line of last) expect(isHeading(line, headings), line).toBe(false);
  });
});
