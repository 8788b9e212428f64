#!/usr/bin/env node
/**
 * Screenshot of page 1 of a brief's HTML, as Chromium shows it (one A4 page at ~1240 px wide).
 * Uses the compiled library, so run `npm run build` first.
 *
 * usage: node scripts/screenshot-html.mjs [BRIEF.md] [OUT.png]
 *   defaults: content/kazakhstan-abraham-accords.md, docs/html-page1.png
 * Needs Chromium at /usr/bin/chromium (or /usr/bin/chromium-browser). Loads only file:// URLs.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from '../dist/build.js';

const brief = resolve(process.argv[2] ?? 'content/kazakhstan-abraham-accords.md');
const out = resolve(process.argv[3] ?? 'docs/html-page1.png');
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!executablePath) throw new Error('Chromium not found');

const outDir = mkdtempSync(join(tmpdir(), 'sahifa-shot-'));
try {
  const result = await build({ paths: [brief], outDir, formats: ['html'] });
  if (!result.ok) throw result.briefs[0]?.error ?? new Error('build failed');
  const html = join(outDir, `${basename(brief, '.md')}.html`);
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // A4 is 794 × 1123 CSS px; scale it to 1240 px wide.
  const page = await browser.newPage({ viewport: { width: 794, height: 1123 }, deviceScaleFactor: 1240 / 794 });
  await page.goto(pathToFileURL(html).href);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: out });
  await browser.close();
  console.log(`wrote ${out}`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
