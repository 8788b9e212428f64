/**
 * The DOCX as one publication with the PDF (issue 15, "Word"): code blocks, digits, table of
 * contents, table columns and embedded fonts, read back from the package XML and from
 * LibreOffice's rendering (soffice → PDF, read with poppler).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { renderCharts } from '../src/charts/render.js';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { writeDocx } from '../src/writers/docx/index.js';
import { getWriter } from '../src/writers/index.js';
import { settingsOf, wordsFor } from '../src/templates/settings.js';
import { hasCommand, needClient, pdftotext, sofficeToPdf, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';
import { needShared, sharedPath } from './helpers/shared.js';
import { docxTocEntries, headingPagesInPdf, latinDigits } from './helpers/toc-pages.js';

/** The DOCX of a brief given as Markdown, with the template its front matter names. */
async function docxOf(markdown: string, template?: string): Promise<Uint8Array> {
  const doc = parse(markdown, 'test.md');
  return writeDocx({ doc, template: loadTemplate(template ?? doc.meta.template ?? 'policy-brief', { root: ROOT }), created: new Date('2025-01-02T00:00:00Z'), outDir: tempDir() });
}

/** The XML parts of a package as text (fonts left out). */
function xmlParts(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(
    Object.entries(unzipSync(bytes))
      .filter(([k]) => !k.endsWith('.odttf'))
      .map(([k, v]) => [k, strFromU8(v)]),
  );
}

/** A word of `pdftotext -bbox` output: its text, page (from 1) and box in pt. */
interface Word {
  text: string;
  page: number;
  xMin: number;
  yMin: number;
}

/** The words of a PDF by page, from poppler's `-bbox` output. */
function wordsOf(pdf: string): Word[] {
  const out: Word[] = [];
  let page = 0;
  for (const line of pdftotext(pdf, ['-bbox']).split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/.exec(line);
    if (m) out.push({ text: m[3]!, page, xMin: Number(m[1]), yMin: Number(m[2]) });
  }
  return out;
}

/** LibreOffice's PDF of DOCX bytes, or undefined (with the skip printed) when soffice is missing. */
function viaLibreOffice(bytes: Uint8Array, name: string): string | undefined {
  if (needClient('LibreOffice (soffice)', hasCommand('soffice', ['--version'])) || needClient('poppler (pdftotext)', hasCommand('pdftotext'))) return undefined;
  const dir = tempDir('sahifa-docx15-');
  const file = join(dir, `${name}.docx`);
  writeFileSync(file, bytes);
  return sofficeToPdf(file, dir);
}

const CODE = ['---', 'title: "شيفرة"', 'lang: ar', '---', '', '## قسم', '', 'نص عربي.', '', '```js', 'const x = 1; // تعليق', 'console.log(x);', '```', ''].join('\n');

describe('code blocks', () => {
  it('are left to right and monospace, Arabic comments in the body font', async () => {
    const bytes = await docxOf(CODE);
    const p = xmlParts(bytes);
    const code = /<w:p><w:pPr><w:pStyle w:val="SourceCode"\/>(?:(?!<\/w:p>).)*<\/w:p>/s.exec(p['word/document.xml']!)?.[0];
    expect(code).toBeDefined();
    expect(code).not.toContain('<w:bidi/>');
    for (const id of ['SourceCode', 'VerbatimChar']) {
      const style = new RegExp(`<w:style [^>]*w:styleId="${id}".*?</w:style>`, 's').exec(p['word/styles.xml']!)?.[0];
      expect(style).toContain('<w:rFonts w:ascii="DejaVu Sans Mono" w:cs="Amiri" w:hAnsi="DejaVu Sans Mono"/>');
    }
    const pdf = viaLibreOffice(bytes, 'code');
    if (!pdf) return;
    expect(execFileSync('pdffonts', [pdf], { encoding: 'utf8' })).toMatch(/\+DejaVuSansMono\s/);
    const words = wordsOf(pdf);
    const left = Math.min(...words.map((w) => w.xMin));
    // the code lines start at the left margin (LTR), the Arabic heading does not
    expect(words.find((w) => w.text === 'const')!.xMin).toBeCloseTo(left, 0);
    expect(words.find((w) => w.text.startsWith('console.log'))!.xMin).toBeCloseTo(left, 0);
  });
});

const DIGITS = (lang: string, digits: string) =>
  ['---', 'title: "أرقام"', `lang: ${lang}`, `digits: ${digits}`, '---', '', '## قسم', '', 'نص مع حاشية.[^1]', '', '1. أول', '2. ثاني', '', '[^1]: حاشية.', ''].join('\n');

describe('digits', () => {
  it('numbers lists, pages and footnotes in Word’s hindiNumbers for arab and arabext, decimal for latn', async () => {
    for (const [lang, digits, word] of [
      ['ar', 'arab', 'hindiNumbers'],
      ['fa', 'arab', 'hindiNumbers'],
      ['ar', 'arabext', 'hindiNumbers'],
      ['ar', 'latn', undefined],
    ] as const) {
      const p = xmlParts(await docxOf(DIGITS(lang, digits)));
      const sect = /<w:sectPr>.*<\/w:sectPr>/s.exec(p['word/document.xml']!)![0];
      if (word) {
        expect(sect).toContain(`<w:footnotePr><w:numFmt w:val="${word}"/></w:footnotePr>`);
        expect(sect).toContain(`<w:pgNumType w:fmt="${word}"/>`);
        expect(p['word/numbering.xml']).toContain(`<w:numFmt w:val="${word}"/>`);
      } else {
        expect(sect).not.toContain('<w:footnotePr>');
        expect(sect).not.toContain('<w:pgNumType w:fmt');
        expect(p['word/numbering.xml']).toContain('<w:numFmt w:val="decimal"/>');
      }
    }
  });

  it('prints Persian digits for `lang: fa` with `digits: arab` in the PDF and the HTML', async () => {
    if (needClient('poppler (pdftotext)', hasCommand('pdftotext'))) return;
    const { pdfWriter } = await import('../src/writers/pdf/index.js');
    const { htmlWriter } = await import('../src/writers/html/index.js');
    const dir = tempDir('sahifa-docx15-');
    for (const [lang, digits, one, other] of [
      ['fa', 'arab', '۱', '١'],
      ['ar', 'arab', '١', '۱'],
      ['ar', 'arabext', '۱', '١'],
    ] as const) {
      const doc = parse(DIGITS(lang, digits), 'digits.md');
      const input = { doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date('2025-01-02T00:00:00Z'), outDir: dir };
      const pdf = join(dir, `${lang}-${digits}.pdf`);
      writeFileSync(pdf, (await pdfWriter.write(input)).bytes);
      const text = pdftotext(pdf);
      expect(text).toContain(one); // page number, list numbers, the note's mark
      expect(text).not.toContain(other);
      const html = new TextDecoder().decode((await htmlWriter.write(input)).bytes);
      expect(html).toContain(`list-style-type: ${one === '۱' ? 'persian' : 'arabic-indic'}`);
    }
  });
});

/** A brief's text with `toc: true` in its front matter (added, or the front matter created). */
function withToc(text: string): string {
  if (!text.startsWith('---\n')) return `---\ntoc: true\n---\n\n${text}`;
  const end = text.indexOf('\n---', 3);
  const head = text.slice(4, end).replace(/^toc:.*$/m, '').replace(/\n+$/, '');
  return `---\n${head}\ntoc: true${text.slice(end)}`;
}

/** A brief laid out by sahifa (PDF) and written as DOCX, with the DOCX's TOC and the PDF's heading pages. */
async function tocCase(file: string, text: string, template: string) {
  const { pdfWriter } = await import('../src/writers/pdf/index.js');
  const doc = parse(withToc(text), file, isAbsolute(file) ? { cwd: dirname(file), root: dirname(file) } : { cwd: ROOT });
  const input = { doc, template: loadTemplate(template, { root: ROOT }), created: new Date('2025-01-02T00:00:00Z'), outDir: tempDir() };
  await renderCharts(doc, input.template); // as build does: the sample brief draws a chart
  const pdf = await pdfWriter.write(input);
  const docx = await writeDocx({ ...input, layout: pdf.layout });
  // alone: the DOCX as a build of the DOCX only makes it (the registry gives it the PDF's layout)
  return { docx, pdf: pdf.bytes, alone: async () => (await (await getWriter('docx')).write(input)).bytes, tocWord: wordsFor(settingsOf(input.template.template), doc.meta.lang).toc };
}

const SAMPLES = ['content/urban-water-losses.md', 'content/kazakhstan-abraham-accords.md', 'content/kitchen-sink.md'];

/**
 * Compares the DOCX's TOC numbers with sahifa's PDF (they must be equal) and with LibreOffice's
 * pagination of the DOCX (measured and printed: `agree/entries`).
 */
async function tocAgreement(file: string, text: string, template: string): Promise<string> {
  const c = await tocCase(file, text, template);
  const entries = docxTocEntries(c.docx);
  const dir = tempDir('sahifa-docx15-');
  const pdfFile = join(dir, 'sahifa.pdf');
  writeFileSync(pdfFile, c.pdf);
  const titles = entries.map((e) => e.title);
  const sahifa = headingPagesInPdf(pdfFile, titles, c.tocWord);
  // the DOCX's numbers are the PDF's pages (where poppler's text lets a heading be found), whether
  // the PDF was written before or not
  const numbers = entries.map((e) => Number(latinDigits(e.page)));
  expect(numbers.filter((n, i) => sahifa[i] !== undefined && n !== sahifa[i])).toEqual([]);
  expect(Buffer.compare(Buffer.from(await c.alone()), Buffer.from(c.docx))).toBe(0);
  const lo = viaLibreOffice(c.docx, 'toc');
  if (!lo) return `${file} (${template}): LibreOffice not run`;
  const office = headingPagesInPdf(lo, titles, c.tocWord);
  const agree = office.filter((p, i) => p === numbers[i]).length;
  const name = file.split('/').pop();
  return `${name} (${template}): ${agree}/${titles.length} agree; DOCX ${numbers.join(',')}; sahifa PDF ${sahifa.map((p) => p ?? '?').join(',')}; LibreOffice ${office.map((p) => p ?? '?').join(',')}`;
}

describe('table of contents', () => {
  for (const template of ['policy-brief', 'memo']) {
    it(`gives each entry its heading's page in sahifa's PDF, and LibreOffice's pagination is measured (${template})`, async () => {
      if (needClient('poppler (pdftotext)', hasCommand('pdftotext'))) return;
      const report: string[] = [];
      for (const file of SAMPLES) {
        const entries = docxTocEntries((await tocCase(file, readFileSync(join(ROOT, file), 'utf8'), template)).docx);
        expect(entries.length).toBeGreaterThan(2);
        report.push(await tocAgreement(file, readFileSync(join(ROOT, file), 'utf8'), template));
      }
      console.log(report.join('\n'));
    });
  }

  it('agrees on the corpus built with toc: true, both templates', async () => {
    const corpus = sharedPath('corpus');
    if (needShared('the corpus', corpus) || needClient('poppler (pdftotext)', hasCommand('pdftotext'))) return;
    const report: string[] = [];
    for (const name of readdirSync(corpus).filter((n) => n.endsWith('.md')).sort()) {
      for (const template of ['policy-brief', 'memo']) report.push(await tocAgreement(join(corpus, name), readFileSync(join(corpus, name), 'utf8'), template));
    }
    console.log(report.join('\n'));
  }, 1_800_000);
});

describe('tables', () => {
  it('have the PDF’s automatic column widths (header words at the same x in LibreOffice’s rendering)', async () => {
    if (needClient('poppler (pdftotext)', hasCommand('pdftotext'))) return;
    const file = 'content/urban-water-losses.md';
    const c = await tocCase(file, readFileSync(join(ROOT, file), 'utf8'), 'policy-brief');
    const grid = [...strFromU8(unzipSync(c.docx)['word/document.xml']!).matchAll(/<w:tblGrid>((?:<w:gridCol w:w="\d+"\/>){4})<\/w:tblGrid>/g)][0]![1]!;
    const widths = [...grid.matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
    expect(new Set(widths).size).toBe(4); // not equal columns
    const dir = tempDir('sahifa-docx15-');
    writeFileSync(join(dir, 'sahifa.pdf'), c.pdf);
    const lo = viaLibreOffice(c.docx, 'table');
    if (!lo) return;
    const header = ['الفئة', 'الرئيسي', 'الأنسب', 'التنفيذ'];
    // poppler gives an RTL word's letters in visual order
    const xOf = (pdf: string) => header.map((w) => wordsOf(pdf).find((x) => x.text === w || x.text === [...w].reverse().join(''))?.xMin);
    const [ours, office] = [xOf(join(dir, 'sahifa.pdf')), xOf(lo)];
    office.forEach((x, i) => expect(Math.abs(x! - ours[i]!)).toBeLessThan(4));
  });
});

describe('embedded fonts', () => {
  it('are subsets holding every character the brief prints that the font has, marked as subsets', async () => {
    const { xorFontKey } = await import('../src/writers/docx/cache.js');
    const { printedText } = await import('../src/writers/shared/printed-text.js');
    const hb = await import('harfbuzzjs');
    const file = 'content/urban-water-losses.md';
    const loaded = loadTemplate('policy-brief', { root: ROOT });
    const doc = parse(readFileSync(join(ROOT, file), 'utf8'), file, { cwd: ROOT });
    await renderCharts(doc, loaded);
    const bytes = await writeDocx({ doc, template: loaded, created: new Date('2025-01-02T00:00:00Z'), outDir: tempDir() });
    const zip = unzipSync(bytes);
    const table = strFromU8(zip['word/fontTable.xml']!);
    const rels = strFromU8(zip['word/_rels/fontTable.xml.rels']!);
    expect(strFromU8(zip['word/settings.xml']!)).toContain('<w:embedTrueTypeFonts/><w:saveSubsetFonts/>');
    const full = readFileSync(join(ROOT, 'fonts', 'amiri', 'Amiri-Regular.ttf'));
    const cmap = (b: Uint8Array) => new Set(new hb.Face(new hb.Blob(b)).collectUnicodes());
    const fullCmap = cmap(full);
    const want = [...new Set(printedText(doc, loaded.template))].map((ch) => ch.codePointAt(0)!).filter((cp) => fullCmap.has(cp));
    const embeds = [...table.matchAll(/<w:embed(?:Regular|Bold)\b[^>]*>/g)].map((m) => m[0]);
    expect(embeds.length).toBe(2);
    for (const el of embeds) {
      expect(el).toContain('w:subsetted="1"');
      const id = /r:id="([^"]+)"/.exec(el)![1]!;
      const key = /w:fontKey="([^"]+)"/.exec(el)![1]!;
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]!;
      const font = xorFontKey(zip[`word/${target}`]!, key);
      expect(font.length).toBeLessThan(full.length / 3);
      const have = cmap(font);
      expect(want.filter((cp) => !have.has(cp)).map((cp) => String.fromCodePoint(cp))).toEqual([]);
    }
    // LibreOffice opens the subsets and draws the brief with them
    const lo = viaLibreOffice(bytes, 'fonts');
    if (!lo) return;
    const fonts = execFileSync('pdffonts', [lo], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+Amiri-Regular\s.*yes/);
    expect(fonts).toMatch(/\+Amiri-Bold\s.*yes/);
    expect(pdftotext(lo)).toContain('الحد من الفاقد المائي');
  });
});
