#!/usr/bin/env node
/**
 * Side-by-side PNGs (PDF | DOCX via LibreOffice | HTML via Chromium print) of two pages of one
 * brief, for docs/: the page with the table of contents and the page with the first footnote's
 * text (at the foot of its page in the DOCX; wherever each format sets it, so the picture follows
 * the PDF's notes as they move from the end to the page foot: run again then).
 *
 * Writes docs/<slug>-toc.png and docs/<slug>-footnotes.png. Uses the compiled library: run
 * `npm run build` first.
 *
 * usage: node scripts/docs-pages-png.mjs [BRIEF.md] [TEMPLATE]
 *   defaults: content/kitchen-sink.md, the brief's own template
 * Needs pdftoppm, pdftotext, soffice and Chromium (/usr/bin/chromium). Loads only file:// URLs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from '../dist/build.js';
import { parse } from '../dist/parse/index.js';
import { loadTemplate } from '../dist/templates/load.js';
import { settingsOf, wordsFor } from '../dist/templates/settings.js';

const brief = resolve(process.argv[2] ?? 'content/kitchen-sink.md');
const template = process.argv[3];
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!executablePath) throw new Error('Chromium not found');
const slug = basename(brief, '.md');
const RES = '80';

/** Letters and digits only (poppler reorders punctuation and spaces in RTL lines). */
const squeeze = (s) => s.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');
/** Text of each page of a PDF, squeezed. */
const pages = (pdf) => execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f').map(squeeze);

/** The first footnote definition's opening words, as printed (Markdown marks off). */
function firstNote(markdown) {
  const m = /^\[\^[^\]\n]+\]:\s*(.+)$/m.exec(markdown);
  if (!m) throw new Error(`${brief}: no footnote`);
  return squeeze(m[1].replace(/[*_`[\]]/g, '')).slice(0, 24);
}

/** 1-based number of the first page holding `needle` (squeezed), else 1. */
function pageWith(pdf, needle) {
  const i = pages(pdf).findIndex((t) => t.includes(needle));
  return i >= 0 ? i + 1 : 1;
}

const work = mkdtempSync(join(tmpdir(), 'sahifa-docs-'));
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const out = join(work, 'out');
  const result = await build({ paths: [brief], outDir: out, ...(template ? { template } : {}), force: true, jobs: 1 });
  const failed = result.briefs.find((b) => b.error);
  if (failed) throw failed.error;
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${work}/lo-profile`, '--convert-to', 'pdf', '--outdir', join(out, 'lo'), join(out, `${slug}.docx`)], { stdio: 'pipe', timeout: 180_000 });
  const page = await browser.newPage();
  await page.goto(pathToFileURL(join(out, `${slug}.html`)).href, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  await page.pdf({ path: join(out, 'chromium.pdf'), preferCSSPageSize: true, printBackground: true });
  await page.close();
  const pdfs = { PDF: join(out, `${slug}.pdf`), DOCX: join(out, 'lo', `${slug}.pdf`), HTML: join(out, 'chromium.pdf') };
  const note = firstNote(readFileSync(brief, 'utf8'));
  // the contents' title: the template's word in the brief's language
  const { meta } = parse(readFileSync(brief, 'utf8'), brief);
  const tocWord = squeeze(wordsFor(settingsOf(loadTemplate(template ?? meta.template ?? 'policy-brief', { root: process.cwd() }).template), meta.lang).toc);
  for (const [kind, needle] of [
    ['toc', tocWord],
    ['footnotes', note],
  ]) {
    const cells = Object.entries(pdfs).map(([format, pdf]) => {
      const n = pageWith(pdf, needle);
      const png = join(work, `${kind}-${format}`);
      execFileSync('pdftoppm', ['-r', RES, '-png', '-singlefile', '-f', String(n), '-l', String(n), pdf, png]);
      console.log(`${kind} ${format}: page ${n}`);
      return `<figure><img src="${basename(png)}.png"><figcaption>${format === 'PDF' ? 'PDF' : format === 'DOCX' ? 'DOCX · LibreOffice' : 'HTML · Chromium'} · page ${n}</figcaption></figure>`;
    });
    const html = join(work, `${kind}.html`);
    writeFileSync(html, `<!doctype html><meta charset="utf-8"><style>body{margin:0;display:flex;gap:12px;padding:12px;background:#d9dde2;font:14px sans-serif;width:max-content}figure{margin:0}img{display:block;border:1px solid #9aa3ad;background:#fff}figcaption{text-align:center;padding-top:4px}</style>${cells.join('')}`);
    const tab = await browser.newPage({ viewport: { width: 1900, height: 1000 } });
    await tab.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    const size = await tab.evaluate(() => ({ width: document.body.scrollWidth, height: document.body.scrollHeight }));
    await tab.setViewportSize(size);
    await tab.screenshot({ path: resolve('docs', `${slug}-${kind}.png`), fullPage: true });
    await tab.close();
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
