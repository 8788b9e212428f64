/**
 * The seed brief's PDF, opened with real readers (poppler's pdftotext, pdffonts, pdfinfo).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCommand, needClient, pdftotext } from './helpers/clients.js';
import { roundtrip } from '../src/verify/roundtrip.js';
import { buildSeed, SEED_MD } from './helpers/seed.js';

const skip = needClient('poppler-utils (pdftotext) and pandoc', hasCommand('pdftotext') && hasCommand('pandoc', ['--version']));

interface Word {
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  page: number;
}

/** Words with their boxes (pt, origin top left) from `pdftotext -bbox`. */
function words(pdf: string): Word[] {
  const html = pdftotext(pdf, ['-bbox']);
  const out: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)<\/word>/.exec(line);
    if (m) out.push({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), text: m[4]!, page });
  }
  return out;
}

describe.skipIf(skip)('seed brief → PDF', () => {
  let pdf = '';
  beforeAll(async () => {
    pdf = join(await buildSeed(['pdf']), 'kazakhstan-abraham-accords.pdf');
  });

  it('gives its text back in reading order (roundtrip: chars ≥ 0.999, lines ≥ 98%)', () => {
    const r = roundtrip(SEED_MD, pdf);
    console.log(`PDF roundtrip: chars=${r.chars.toFixed(4)} lines=${r.lines.toFixed(4)} (${r.found}/${r.body}, ${r.furniture} furniture)`);
    expect(r.chars).toBeGreaterThanOrEqual(0.999);
    expect(r.lines).toBeGreaterThanOrEqual(0.98);
  });

  it('embeds and subsets every font, none of Type 3, and stays under 150 KB', () => {
    const table = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(table.length).toBeGreaterThanOrEqual(2);
    for (const row of table) {
      expect(row).not.toMatch(/Type 3/);
      const [emb, sub] = row.trim().split(/\s+/).slice(-5, -3);
      expect([emb, sub], row).toEqual(['yes', 'yes']);
    }
    expect(table.some((r) => /Bold/.test(r))).toBe(true);
    expect(statSync(pdf).size).toBeLessThan(150 * 1024);
  });

  it('carries the title and language in its metadata', () => {
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const title = /^title: "(.*)"$/m.exec(readFileSync(SEED_MD, 'utf8'))![1]!;
    expect(info).toContain(`Title:           ${title}`);
    expect(readFileSync(pdf, 'latin1')).toMatch(/\/Lang \(ar\)/);
  });

  it('numbers every page', () => {
    const pages = pdftotext(pdf).split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((text, i) => {
      // poppler moves spaces around the embedded LTR digits, so compare without spaces
      expect(text.replace(/[\s\u200e\u200f\u202a-\u202e]/g, '')).toContain(`صفحة${i + 1}من${pages.length}`);
    });
  });

  it('puts the bullets on the right of the list items', () => {
    const all = words(pdf);
    const bullets = all.filter((w) => w.text === '•');
    expect(bullets).toHaveLength(8);
    for (const b of bullets) {
      const sameLine = all.filter((w) => w.page === b.page && Math.abs(w.yMin - b.yMin) < 6 && w !== b);
      expect(sameLine.length).toBeGreaterThan(0);
      expect(Math.max(...sameLine.map((w) => w.xMax))).toBeLessThan(b.xMin);
    }
  });

  it('writes numbers left to right and mirrors the parentheses of (1992-الحاضر)', () => {
    const all = words(pdf);
    const texts = all.map((w) => w.text);
    for (const year of ['1992', '2020', '2016']) expect(texts.some((t) => t.includes(year))).toBe(true);
    expect(texts.some((t) => /2991|0202|6102/.test(t))).toBe(false);
    // Left to right on the page, a browser shows "(الحاضر-1992) الثنائية": the closing glyph of the
    // mirrored "(" stands right after 1992, and الثنائية carries no bracket.
    const year = all.find((w) => w.text.includes('-1992'))!;
    expect(year.text).toBe('(رضاحلا-1992)');
    const right = all.filter((w) => w.page === year.page && Math.abs(w.yMin - year.yMin) < 3 && w.xMin > year.xMax).sort((a, b) => a.xMin - b.xMin)[0]!;
    expect(right.text).toBe('ةيئانثلا');
  });
});
