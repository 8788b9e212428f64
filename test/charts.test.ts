/**
 * SVG figures and `::chart`, read back by poppler: the chart is vector (no raster image in the PDF),
 * its Arabic labels extract in reading order, the first category stands at the right in an Arabic
 * brief and at the left in an English one, `digits: arab` gives Arabic-Indic ticks in the PDF, the
 * HTML's SVG and the DOCX's SVG part; a bad column is an error at the directive naming the field.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCommand, needClient, tempDir } from './helpers/clients.js';
import { sahifa } from './helpers/cli.js';

const poppler = needClient('poppler-utils (pdftotext)', hasCommand('pdftotext'));
let root: string;

const brief = (lang: string, digits: string, extra = ''): string =>
  `---\ntitle: "T"\nlang: ${lang}\ndigits: ${digits}\n---\n\nنص.\n\n::chart[نسبة الفاقد]{src=data/loss.csv spec=charts/loss.vl.json${extra}}\n`;

beforeAll(() => {
  root = tempDir('sahifa-charts-');
  mkdirSync(join(root, 'content', 'data'), { recursive: true });
  mkdirSync(join(root, 'content', 'charts'));
  writeFileSync(join(root, 'content', 'data', 'loss.csv'), 'city,loss\nعمان,42\nإربد,35\nالزرقاء,1200\n');
  const spec = { width: 300, height: 160, mark: 'bar', encoding: { x: { field: 'city', type: 'nominal', sort: null, axis: { labelAngle: 0 } }, y: { field: 'loss', type: 'quantitative' } } };
  writeFileSync(join(root, 'content', 'charts', 'loss.vl.json'), JSON.stringify(spec));
  writeFileSync(join(root, 'content', 'charts', 'bad.vl.json'), JSON.stringify({ ...spec, encoding: { ...spec.encoding, y: { field: 'lost', type: 'quantitative' } } }));
  writeFileSync(join(root, 'content', 'ar.md'), brief('ar', 'arab'));
  writeFileSync(join(root, 'content', 'en.md'), brief('en', 'latn'));
  const r = sahifa(['build'], root);
  expect(r.code, r.err).toBe(0);
}, 120_000);

/** Words of page 1 with their left x (pdftotext -bbox). */
function words(pdf: string): { text: string; x: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ text: m[2]!, x: Number(m[1]) }));
}

describe.skipIf(poppler)('::chart', () => {
  it('is vector in the PDF, with Arabic labels in reading order and Arabic-Indic ticks', () => {
    const pdf = join(root, 'output', 'ar.pdf');
    const list = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n');
    expect(list.length).toBe(2); // the header lines only: no raster image
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    for (const label of ['عمان', 'إربد', 'الزرقاء']) expect(text).toContain(label);
    expect(text).toMatch(/١٬٢٠٠/);
    expect(text).not.toMatch(/\b1,?200\b/);
  });

  it('puts the first category at the right in Arabic and at the left in English', () => {
    const x = (file: string, label: string): number => words(join(root, 'output', file)).find((w) => w.text === label || w.text === [...label].reverse().join(''))!.x; // -bbox gives RTL words in visual order
    expect(x('ar.pdf', 'عمان')).toBeGreaterThan(x('ar.pdf', 'الزرقاء'));
    expect(x('en.pdf', 'عمان')).toBeLessThan(x('en.pdf', 'الزرقاء'));
  });

  it('has Arabic-Indic ticks in the HTML SVG and the DOCX SVG part (with a PNG fallback)', () => {
    const svg = readdirSync(join(root, 'output', 'images')).map((f) => readFileSync(join(root, 'output', 'images', f), 'utf8')).join('');
    expect(svg).toContain('١٬٢٠٠');
    const zip = unzipSync(readFileSync(join(root, 'output', 'ar.docx')));
    const parts = Object.keys(zip);
    const svgPart = parts.find((p) => p.endsWith('.svg'));
    expect(svgPart).toBeDefined();
    expect(strFromU8(zip[svgPart!]!)).toContain('١٬٢٠٠');
    expect(parts.some((p) => /media\/.*\.png$/.test(p))).toBe(true);
    expect(strFromU8(zip['word/document.xml']!)).toContain('asvg:svgBlip');
  });

  it('names a missing column at the directive', () => {
    writeFileSync(join(root, 'content', 'bad.md'), brief('ar', 'arab').replace('loss.vl.json', 'bad.vl.json'));
    const r = sahifa(['build', 'content/bad.md'], root);
    expect(r.code).not.toBe(0);
    expect(r.err + r.out).toMatch(/bad\.md:9:1: .*spec\.encoding\.y\.field "lost" is not a column of `src`/);
  });
});
