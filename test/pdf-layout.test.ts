/**
 * PDF layout details read back with poppler: table column widths (a browser's automatic table
 * layout), the glyphs drawn for default-ignorable characters (Persian ZWNJ) and for symbols the
 * body font lacks.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/index.js';
import { fillAutoColumns, type MeasuredColumn } from '../src/writers/pdf/layout/column-widths.js';
import type { LaidGlyph } from '../src/writers/pdf/text/glyph-layout.js';
import { drawnGlyph } from '../src/writers/pdf/text/glyph-writer.js';
import { hasCommand, needClient, pdftotext } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const skip = needClient('pdftotext', hasCommand('pdftotext'));

/** Builds `md` (a brief in `lang`) to PDF and returns the file's path. */
async function pdfOf(md: string, lang: string): Promise<string> {
  const { pdfWriter } = await import('../src/writers/pdf/index.js');
  const { loadTemplate } = await import('../src/templates/load.js');
  const doc = parse(`---\ntitle: ت\nlang: ${lang}\n---\n\n${md}\n`, 'x.md', { cwd: ROOT });
  const { bytes } = await pdfWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: ROOT });
  const file = join(mkdtempSync(join(tmpdir(), 'sahifa-layout-')), 'x.pdf');
  writeFileSync(file, bytes);
  return file;
}

interface Word {
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
}

/** Words with their boxes (pt) from `pdftotext -bbox`. */
function words(pdf: string): Word[] {
  return [...pdftotext(pdf, ['-bbox']).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    text: m[4]!,
  }));
}

describe('fillAutoColumns (browser automatic table layout at width: 100%)', () => {
  const cols = (...mm: [number, number][]): MeasuredColumn[] => mm.map(([min, max]) => ({ width: 'auto', _minWidth: min, _maxWidth: max }));
  const widths = (c: MeasuredColumn[]): number[] => c.map((x) => Math.round(x._calcWidth! * 100) / 100);

  it('gives the room left over in proportion to the max-content widths when every cell fits unwrapped', () => {
    const c = cols([10, 10], [50, 90]); // max 100 in 400: ×4
    fillAutoColumns(c, 400);
    expect(widths(c)).toEqual([40, 360]);
  });

  it('shares the room above the min-content widths in proportion to (max − min) when not', () => {
    const c = cols([10, 10], [50, 250], [40, 140]); // min 100, max 400, in 250: 150 of 300 more
    fillAutoColumns(c, 250);
    expect(widths(c)).toEqual([10, 150, 90]);
  });

  it('squeezes the min-content widths into the width when not even the words fit (a page cannot scroll)', () => {
    // review: a table cell of one long word ran off the page (a browser lets the table overflow)
    const c = cols([60, 80], [70, 90]);
    fillAutoColumns(c, 100);
    expect(widths(c)).toEqual([46.15, 53.85]);
    const exact = cols([60, 80], [40, 90]);
    fillAutoColumns(exact, 100);
    expect(widths(exact)).toEqual([60, 40]);
  });
});

describe.skipIf(skip)('PDF tables', () => {
  it('sizes columns by their content: a column of bullets stays narrow, a long cell is not wrapped', async () => {
    // ar-grc-framework-bahrain: "| ■ | المجلد | المحتوى |" — with equal thirds the description wrapped into three lines
    const pdf = await pdfOf(
      '| | المجلد | المحتوى |\n|---|---|---|\n| • | [`mappings/`](mappings/) | جدول الربط ضابطًا بضابط بصيغة CSV — قابل للمقارنة والفرز والاستيراد |\n',
      'ar',
    );
    const all = words(pdf);
    const bullet = all.find((w) => w.text === '•')!;
    const folder = all.find((w) => w.text === 'mappings/')!;
    // RTL table: the bullet column is the rightmost (the text column ends at x = 535.28), and narrow
    expect(535.28 - bullet.xMin).toBeLessThan(40);
    expect(folder.xMax).toBeGreaterThan(430);
    // the description: the words left of the folder column in the row (above the page number), on one line
    const description = all.filter((w) => w.xMax < folder.xMin && w.yMin >= folder.yMin - 3 && w.yMin < 700);
    expect(description.length).toBeGreaterThanOrEqual(10);
    expect(new Set(description.map((w) => Math.round(w.yMin))).size).toBe(1);
  });

  it('keeps a table whose cells hold words wider than the page on the page, the words broken', async () => {
    // review: a cell of one long Arabic word and one of 150 x ran 3 pt past the page's edge
    const pdf = await pdfOf(`| أ | ب |\n|---|---|\n| ${'الاستراتيجيات'.repeat(16)} | ${'x'.repeat(150)} |\n`, 'ar');
    const all = words(pdf);
    expect(all.length).toBeGreaterThan(3);
    for (const w of all) {
      expect(w.xMin, w.text).toBeGreaterThanOrEqual(59.5); // the left margin (end side of an RTL page)
      expect(w.xMax, w.text).toBeLessThanOrEqual(535.8); // the right margin
    }
    expect(all.filter((w) => /^x+$/.test(w.text)).reduce((n, w) => n + w.text.length, 0)).toBe(150);
  });
});

describe.skipIf(skip)('symbols the body font lacks', () => {
  it('are drawn from the template fallback stack (DejaVu Sans), not as .notdef boxes that split the line', async () => {
    // ar-grc-framework-bahrain: Amiri has no "→" nor "■"; they printed as empty boxes, and
    // poppler, seeing only wide gaps, read "CBB OM-5.5 → ISO/IEC 27001:2022 → NIST CSF 2.0" as
    // three lines, right to left. Chromium prints them from DejaVu Sans.
    const pdf = await pdfOf('**CBB OM-5.5 &nbsp;→&nbsp; ISO/IEC 27001:2022 &nbsp;→&nbsp; NIST CSF 2.0**\n\n| | المجلد |\n|---|---|\n| ■ | مجلد |\n', 'ar');
    const lines = pdftotext(pdf).replace(/[\u200e\u200f\u202a-\u202e]/g, '').split('\n');
    expect(lines).toContain('CBB OM-5.5 → ISO/IEC 27001:2022 → NIST CSF 2.0');
    expect(lines.some((l) => l.includes('■'))).toBe(true);
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/\+DejaVuSans-Bold\b/); // the arrows of the bold line, in the bold face
    expect(fonts).toMatch(/\+DejaVuSans\b/); // the square of the table body
  });

  it('leave none of the symbols common in Markdown uncovered in the built-in template', async () => {
    const { loadTemplate } = await import('../src/templates/load.js');
    const { uncoveredCharacters } = await import('../src/templates/coverage.js');
    const doc = parse('---\ntitle: ت\nlang: ar\n---\n\n← ↑ → ↓ ⇒ ✓ ✔ ✗ ★ ■ □ ▪ ● ○ ◆ ▶ ⚠ ☐ ☑ ∞ ≈ ≠ ≤ ≥ Русский Tiếng Việt Ελληνικά\n', 'x.md', { cwd: ROOT });
    expect(uncoveredCharacters(doc.tree, loadTemplate('policy-brief', { root: ROOT })).map((u) => u.char)).toEqual([]);
  });
});

describe.skipIf(skip)('PDF lists', () => {
  it('ends every marker one space before the text, so "10." neither touches the text nor breaks', async () => {
    // ar-semver-2.0.0: "10." was set start-aligned in a 16 pt column and ran into the item's first word
    const items = Array.from({ length: 10 }, (_, i) => `${i + 1}. بند رقم ${i + 1} من القائمة`).join('\n');
    const all = words(await pdfOf(items, 'ar'));
    const markers = ['.9', '.10'].map((m) => all.find((w) => w.text === m)!);
    expect(markers.every(Boolean)).toBe(true);
    // RTL: markers on the right, their dots (left ends) lined up, one space (~2.8 pt) from the text
    expect(Math.abs(markers[0]!.xMin - markers[1]!.xMin)).toBeLessThan(0.5);
    for (const m of markers) {
      const text = all.filter((w) => w !== m && Math.abs(w.yMin - m.yMin) < 3);
      const gap = m.xMin - Math.max(...text.map((w) => w.xMax));
      expect(gap).toBeGreaterThan(2);
      expect(gap).toBeLessThan(5);
    }
  });
});

describe.skipIf(skip)('list indent of the templates', () => {
  it('holds a two-digit marker: "99." stays inside the text column, out of the page margin', async () => {
    const { loadTemplate } = await import('../src/templates/load.js');
    const t = loadTemplate('policy-brief', { root: ROOT }).template;
    const items = Array.from({ length: 99 }, (_, i) => `${i + 1}. بند`).join('\n');
    const all = words(await pdfOf(items, 'ar'));
    const marker = all.find((w) => w.text === '.99');
    expect(marker).toBeDefined();
    // RTL: the marker's right end within the right margin (A4 is 595.28 pt wide)
    expect(marker!.xMax).toBeLessThanOrEqual(595.28 - t.page.margins.start + 0.5);
  });
});

describe('default-ignorable characters (ZWNJ) in the PDF', () => {
  const space: LaidGlyph = { id: 3, advanceWidth: 250, codePoints: [0x20], cluster: 0, rank: 2 };
  const zwnj: LaidGlyph = { id: 3, advanceWidth: 250, codePoints: [0x200c], cluster: 1, rank: 2 };
  const font = (own?: { id: number; advanceWidth: number }) => ({ font: { stream: { buffer: new Uint8Array() }, getGlyph: () => ({ advanceWidth: 0 }), glyphForCodePoint: () => own ?? { id: 0, advanceWidth: 0 } } });

  it('writes ZWNJ with the font own glyph, invisible (Amiri’s is a visible stroke), not HarfBuzz’s space glyph', () => {
    expect(drawnGlyph(font({ id: 9, advanceWidth: 0 }), zwnj, { xAdvance: 0 })).toEqual({ id: 9, advanceWidth: 0, invisible: true });
    expect(drawnGlyph(font({ id: 9, advanceWidth: 300 }), zwnj, { xAdvance: 0 })).toEqual({ id: 9, advanceWidth: 0, invisible: true });
    expect(drawnGlyph(font(), zwnj, { xAdvance: 0 })).toBeUndefined();
    // a glyph with an advance is drawn as itself (drawnGlyph returns the laid glyph, not a copy)
    const drawn = drawnGlyph(font({ id: 9, advanceWidth: 0 }), space, { xAdvance: 250 });
    expect(drawn).toBe(space);
    expect(drawn).toMatchObject({ id: 3, advanceWidth: 250 });
    expect(drawn?.invisible).toBeUndefined();
  });

  it.skipIf(skip)('reads back spaces as spaces and ZWNJ as ZWNJ, in bold and regular text', async () => {
    // fa-owasp-2025-security-risks: the heading's ZWNJ came first, and every space of the bold
    // font read back as ZWNJ ("تصویر‌شماره‌1"), gluing the header cells into one word
    const pdf = await pdfOf('## ریسک‌ها\n\n## تصویر شماره یک\n\nهکرها می‌توانند به کسب‌وکار آسیب برسانند\n', 'fa');
    const text = pdftotext(pdf).replace(/[\u200e\u200f\u202a-\u202e]/g, '');
    expect(text).toContain('تصویر شماره یک');
    expect(text).toContain('می‌توانند');
    expect(text).toContain('کسب‌وکار');
  });
});
