/**
 * A box over a page end (`layout/box-split.ts`), read back by poppler: a titled box whose items
 * are one line each, pushed down the page one line at a time, never leaves its title with fewer
 * than two of its lines, nor a single line on either side of the break.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { pdfWriter } from '../src/writers/pdf/index.js';
import { hasCommand, needClient, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const skip = needClient('poppler-utils (pdftotext)', hasCommand('pdftotext'));

/** `fillers` one-line paragraphs, then a titled sidebar of `items` one-line list items (`b01`, `b02`…), then a closing paragraph. */
function brief(fillers: number, items: number): string {
  const lines = ['---', 'title: "اختبار الصندوق"', 'lang: ar', '---', ''];
  for (let i = 0; i < fillers; i++) lines.push('فقرة قصيرة من سطر واحد.', '');
  lines.push(
    ':::sidebar[عنوان BoxTitle]',
    ...Array.from({ length: items }, (_, i) => `- بند b${String(i + 1).padStart(2, '0')} قصير`),
    ':::',
    '',
    'فقرة أخيرة.',
    '',
  );
  return lines.join('\n');
}

/** The page (from 1) of each word of the PDF that matches `pattern`. */
function pagesOf(file: string, pattern: RegExp): Map<string, number> {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const out = new Map<string, number>();
  html
    .split('<page ')
    .slice(1)
    .forEach((page, i) => {
      for (const m of page.matchAll(/<word [^>]*>([^<]*)<\/word>/g)) if (pattern.test(m[1]!)) out.set(m[1]!, i + 1);
    });
  return out;
}

describe.skipIf(skip)('a box over a page end', () => {
  for (const template of ['policy-brief', 'memo']) {
    it(`keeps its title with two lines and leaves no line alone on either side (${template})`, async () => {
      const loaded = loadTemplate(template, { root: ROOT });
      const dir = tempDir('sahifa-box-split-');
      let split = 0;
      for (let fillers = 14; fillers <= 40; fillers++) {
        const { bytes } = await pdfWriter.write({ doc: parse(brief(fillers, 5), 'box.md'), template: loaded, created: new Date(0), outDir: ROOT });
        const file = join(dir, `box-${fillers}.pdf`);
        writeFileSync(file, bytes);
        const pages = pagesOf(file, /^(?:b\d\d|BoxTitle)$/);
        const title = pages.get('BoxTitle');
        const items = ['b01', 'b02', 'b03', 'b04', 'b05'].map((b) => pages.get(b));
        expect(title, `title (${fillers} paragraphs before)`).toBeDefined();
        items.forEach((p, i) => expect(p, `b0${i + 1} (${fillers})`).toBeDefined());
        const counts = new Map<number, number>();
        for (const p of items) counts.set(p!, (counts.get(p!) ?? 0) + 1);
        expect(counts.get(title!) ?? 0, `lines with the title (${fillers})`).toBeGreaterThanOrEqual(2);
        for (const [page, n] of counts) expect(n, `lines on page ${page} (${fillers})`).toBeGreaterThanOrEqual(2);
        if (counts.size > 1) split++;
      }
      // the range puts the box over the page end in some of the briefs
      expect(split).toBeGreaterThan(0);
    }, 120_000);
  }
});
