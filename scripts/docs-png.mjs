#!/usr/bin/env node
/**
 * Side-by-side PNGs of one brief in the three formats, per template, for docs/:
 * the PDF page rendered by pdftoppm, the DOCX converted by LibreOffice then pdftoppm, the HTML
 * printed by headless Chromium then pdftoppm. Two pages each: page 1, and the first page that
 * shows the figure ("شكل 1") and the table (else the figure's page).
 *
 * Writes docs/<template>-<format>-page1.png, docs/<template>-<format>-figure.png and the
 * composites docs/<template>-page1.png and docs/<template>-figure.png (PDF | DOCX | HTML).
 * Uses the compiled library: run `npm run build` first.
 *
 * usage: node scripts/docs-png.mjs [BRIEF.md] [TEMPLATE…]
 *   defaults: content/urban-water-losses.md, policy-brief memo
 * Needs pdftoppm, pdftotext, soffice and Chromium (/usr/bin/chromium). Loads only file:// URLs.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from '../dist/build.js';

const brief = resolve(process.argv[2] ?? 'content/urban-water-losses.md');
const templates = process.argv.length > 3 ? process.argv.slice(3) : ['policy-brief', 'memo'];
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!executablePath) throw new Error('Chromium not found');
const slug = basename(brief, '.md');
const RES = '80';

/** Text of each page of a PDF (pdftotext, form feeds). */
const pages = (pdf) => execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f');

/** 1-based number of the page with the figure caption and the table, else the table's page, else 2. */
function figurePage(pdf, tableWord) {
  const texts = pages(pdf).map((t) => t.normalize('NFKC').replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''));
  const fig = (t) => /شكل1|1شكل|Figure1/.test(t);
  const both = texts.findIndex((t) => fig(t) && t.includes(tableWord));
  const table = texts.findIndex((t) => t.includes(tableWord));
  return (both >= 0 ? both : table >= 0 ? table : 1) + 1;
}

/** Renders page `n` of `pdf` to `out` (PNG). */
function pagePng(pdf, n, out) {
  const stem = out.replace(/\.png$/, '');
  execFileSync('pdftoppm', ['-r', RES, '-png', '-singlefile', '-f', String(n), '-l', String(n), pdf, stem]);
}

const work = mkdtempSync(join(tmpdir(), 'sahifa-docs-'));
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const template of templates) {
    const out = join(work, template);
    const result = await build({ paths: [brief], outDir: out, template, force: true, jobs: 1 });
    const failed = result.briefs.find((b) => b.error);
    if (failed) throw failed.error;
    const warnings = result.briefs.flatMap((b) => b.warnings ?? []);
    if (warnings.length) console.warn(`${template}: warnings:\n${warnings.join('\n')}`);
    const pdfs = {
      pdf: join(out, `${slug}.pdf`),
      docx: (() => {
        execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${work}/lo-profile`, '--convert-to', 'pdf', '--outdir', join(out, 'lo'), join(out, `${slug}.docx`)], { stdio: 'pipe', timeout: 180_000 });
        return join(out, 'lo', `${slug}.pdf`);
      })(),
      html: join(out, 'chromium.pdf'),
    };
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(out, `${slug}.html`)).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    await page.pdf({ path: pdfs.html, preferCSSPageSize: true, printBackground: true });
    await page.close();
    const shots = { page1: [], figure: [] };
    for (const [format, pdf] of Object.entries(pdfs)) {
      const p1 = resolve('docs', `${template}-${format}-page1.png`);
      const pf = resolve('docs', `${template}-${format}-figure.png`);
      pagePng(pdf, 1, p1);
      const n = figurePage(pdf, 'كلفةالتنفيذ');
      pagePng(pdf, n, pf);
      shots.page1.push([format, p1, 1]);
      shots.figure.push([format, pf, n]);
      console.log(`${template} ${format}: page 1, figure page ${n}`);
    }
    for (const [kind, list] of Object.entries(shots)) {
      const html = join(work, `${template}-${kind}.html`);
      const cells = list
        .map(([format, png, n]) => {
          const local = join(work, `${template}-${kind}-${format}.png`);
          copyFileSync(png, local);
          return `<figure><img src="${basename(local)}"><figcaption>${format.toUpperCase()} · page ${n}</figcaption></figure>`;
        })
        .join('');
      writeFileSync(html, `<!doctype html><meta charset="utf-8"><style>body{margin:0;display:flex;gap:12px;padding:12px;background:#d9dde2;font:14px sans-serif;width:max-content}figure{margin:0}img{display:block;border:1px solid #9aa3ad;background:#fff}figcaption{text-align:center;padding-top:4px}</style>${cells}`);
      const tab = await browser.newPage({ viewport: { width: 1900, height: 1000 } });
      await tab.goto(pathToFileURL(html).href, { waitUntil: 'load' });
      const size = await tab.evaluate(() => ({ width: document.body.scrollWidth, height: document.body.scrollHeight }));
      await tab.setViewportSize(size);
      await tab.screenshot({ path: resolve('docs', `${template}-${kind}.png`), fullPage: true });
      await tab.close();
    }
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
