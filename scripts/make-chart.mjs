#!/usr/bin/env node
/**
 * Draws the sample brief's bar chart (content/images/water-loss-chart.png): an SVG with Arabic
 * labels set in Amiri from fonts/, rendered by headless Chromium. Illustrative figures only.
 *
 * usage: node scripts/make-chart.mjs [OUT.png]
 * Needs Chromium at /usr/bin/chromium (or /usr/bin/chromium-browser). Loads only file:// URLs.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const out = resolve(process.argv[2] ?? 'content/images/water-loss-chart.png');
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!executablePath) throw new Error('Chromium not found');
const font = pathToFileURL(resolve('fonts/amiri/Amiri-Regular.ttf')).href;

// Share of water lost before it reaches a paying customer (illustrative).
const bars = [
  ['المدينة أ', 42],
  ['المدينة ب', 35],
  ['المدينة ج', 28],
  ['المدينة د', 19],
  ['المعيار المستهدف', 15],
];
const W = 900, H = 460, left = 70, bottom = 70, top = 40, max = 50;
const step = (W - left - 40) / bars.length;
const y = (v) => H - bottom - ((H - bottom - top) * v) / max;
const svg = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Amiri" direction="rtl">`,
  `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
  ...[0, 10, 20, 30, 40, 50].map((v) => `<line x1="${left}" x2="${W - 30}" y1="${y(v)}" y2="${y(v)}" stroke="#d6dde3" stroke-width="1"/><text x="${left - 12}" y="${y(v) + 6}" font-size="18" text-anchor="end" fill="#5f6b7a">${v}%</text>`),
  // RTL reading order: the first bar on the right.
  ...bars.map(([label, v], i) => {
    const x = W - 40 - (i + 1) * step + step * 0.2;
    const colour = i === bars.length - 1 ? '#d98e04' : '#0d5c63';
    return `<rect x="${x}" y="${y(v)}" width="${step * 0.6}" height="${y(0) - y(v)}" fill="${colour}"/>` +
      `<text x="${x + step * 0.3}" y="${y(v) - 10}" font-size="22" text-anchor="middle" fill="#1d2733">${v}%</text>` +
      `<text x="${x + step * 0.3}" y="${H - bottom + 34}" font-size="22" text-anchor="middle" fill="#1d2733">${label}</text>`;
  }),
  `</svg>`,
].join('\n');
const html = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>@font-face{font-family:Amiri;src:url("${font}")}html,body{margin:0}</style></head><body>${svg}</body></html>`;

const dir = mkdtempSync(join(tmpdir(), 'sahifa-chart-'));
try {
  const page = join(dir, 'chart.html');
  writeFileSync(page, html);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const tab = await browser.newPage({ viewport: { width: W, height: H }, deviceScaleFactor: 1 });
  await tab.goto(pathToFileURL(page).href);
  await tab.evaluate(() => document.fonts.ready);
  await tab.screenshot({ path: out, clip: { x: 0, y: 0, width: W, height: H } });
  await browser.close();
  console.log(`wrote ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
