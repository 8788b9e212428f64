/**
 * SVG figures and `::chart`, read back by poppler: the chart is vector (no raster image in the PDF),
 * its Arabic labels extract in reading order, the first category stands at the right in an Arabic
 * brief and at the left in an English one, `digits: arab` gives Arabic-Indic ticks in the PDF, the
 * HTML's SVG and the DOCX's SVG part; a bad column is an error at the directive naming the field.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM, hasCommand, needClient, tempDir } from './helpers/clients.js';
import { sahifa } from './helpers/cli.js';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { docxWriter } from '../src/writers/docx/index.js';
import { htmlWriter } from '../src/writers/html/index.js';
import { pdfWriter } from '../src/writers/pdf/index.js';
import { pngGray } from './helpers/images.js';
import { ROOT } from './helpers/seed.js';

const poppler = needClient('poppler-utils (pdftotext)', hasCommand('pdftotext'));
const browser = needClient('chromium', CHROMIUM !== undefined);
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

describe.skipIf(browser)('the HTML chart', () => {
  it('is inline SVG named by its alt text, its labels drawn by Chromium in the template\'s font', async () => {
    const b = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--headless'] });
    try {
      const page = await b.newPage();
      await page.goto(`file://${join(root, 'output', 'ar.html')}`);
      await page.evaluate(() => document.fonts.ready);
      expect(await page.locator('figure img').count()).toBe(0);
      const svg = page.locator('figure svg');
      expect(await svg.getAttribute('role')).toBe('img');
      expect(await svg.getAttribute('aria-label')).toBe('نسبة الفاقد');
      // the fonts Chromium drew each label with (DevTools protocol), not the CSS that asked for them
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root: doc } = await cdp.send('DOM.getDocument', { depth: -1 });
      const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: doc.nodeId, selector: 'figure svg text' });
      expect(nodeIds.length).toBeGreaterThan(3);
      const families = new Set<string>();
      for (const nodeId of nodeIds) for (const f of (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts) families.add(f.familyName);
      expect([...families]).toEqual(['Amiri']);
    } finally {
      await b.close();
    }
  }, 60_000);
});

/** Dark pixels (grey < 128) of the band of page 1 from `y0` to `y1` pt, rendered at 150 dpi. */
function pdfInk(pdf: string, y0: number, y1: number): number {
  const file = join(tempDir(), 'page');
  const px = (pt: number): string => String(Math.round((pt * 150) / 72));
  execFileSync('pdftoppm', ['-gray', '-r', '150', '-f', '1', '-l', '1', '-y', px(y0), '-H', px(y1 - y0), '-W', px(1000), '-singlefile', pdf, file]);
  const bytes = readFileSync(`${file}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 40).toString('latin1'))!;
  return bytes.subarray(header[0].length).filter((v) => v < 128).length;
}

/** Dark pixels of the first figure's SVG of an HTML page, drawn inline by Chromium at 3× its size. */
async function chromiumInk(html: string): Promise<number> {
  const b = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--headless', '--allow-file-access-from-files'] });
  try {
    const page = await b.newPage({ deviceScaleFactor: 3 });
    await page.goto(`file://${html}`);
    await page.evaluate(() => document.fonts.ready);
    const { gray } = pngGray(await page.locator('figure svg').first().screenshot());
    return gray.filter((v) => v < 128).length;
  } finally {
    await b.close();
  }
}

describe.skipIf(poppler || browser)('::chart labels with harakat and shadda', () => {
  // the same chart twice, its labels with and without marks; only the labels draw (no bars, axes)
  const marked = ['عمّان', 'إِرْبِد', 'الزَّرْقاء'];
  const plain = ['عمان', 'إربد', 'الزرقاء'];
  let dir: string;
  beforeAll(() => {
    dir = tempDir('sahifa-marks-');
    mkdirSync(join(dir, 'content', 'data'), { recursive: true });
    mkdirSync(join(dir, 'content', 'charts'));
    const spec = { width: 540, height: 40, mark: { type: 'bar', opacity: 0 }, config: { axis: { grid: false, domain: false, ticks: false, title: null, labelFontSize: 30, labelLimit: 0, labelColor: '#000' } }, encoding: { x: { field: 'city', type: 'nominal', sort: null, axis: { labelAngle: 0 } }, y: { field: 'n', type: 'quantitative', axis: null } } };
    writeFileSync(join(dir, 'content', 'charts', 'c.vl.json'), JSON.stringify(spec));
    for (const [name, labels] of [['marked', marked], ['plain', plain]] as const) {
      writeFileSync(join(dir, 'content', 'data', `${name}.csv`), `city,n\n${labels.map((l) => `${l},1`).join('\n')}\n`);
      writeFileSync(join(dir, 'content', `${name}.md`), `---\ntitle: "T"\nlang: ar\n---\n\n::chart[]{src=data/${name}.csv spec=charts/c.vl.json}\n`);
    }
    const r = sahifa(['build', '--format', 'pdf,html'], dir);
    expect(r.code, r.err).toBe(0);
  }, 120_000);

  it('keeps the marks in the PDF\'s text, in reading order', () => {
    const text = execFileSync('pdftotext', [join(dir, 'output', 'marked.pdf'), '-'], { encoding: 'utf8' });
    for (const label of marked) expect(text).toContain(label);
  });

  it('draws the marks in the PDF as Chromium draws them in the HTML', async () => {
    // ink the marks add, as a share of the labels' ink: HarfBuzz in both, Amiri in the PDF
    // the band of the labels' line (pdftotext -bbox), marks above and below included
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', join(dir, 'output', 'plain.pdf'), '-'], { encoding: 'utf8' });
    const line = [...bbox.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].find((m) => m[3] === 'ءاقرزلا')!;
    const [y0, y1] = [Number(line[1]) - 12, Number(line[2]) + 6];
    const pdf = pdfInk(join(dir, 'output', 'marked.pdf'), y0, y1) / pdfInk(join(dir, 'output', 'plain.pdf'), y0, y1) - 1;
    const html = (await chromiumInk(join(dir, 'output', 'marked.html'))) / (await chromiumInk(join(dir, 'output', 'plain.html'))) - 1;
    console.log(`ink added by the marks: PDF ${(pdf * 100).toFixed(1)}%, Chromium ${(html * 100).toFixed(1)}%`);
    expect(html).toBeGreaterThan(0.02);
    expect(pdf).toBeGreaterThan(html / 2);
    expect(pdf).toBeLessThan(html * 2);
  }, 60_000);
});

describe.skipIf(poppler)('a chart never drawn (parse, then a writer, without the build step)', () => {
  it('is written as its alt text in every format, with a warning at the directive', async () => {
    const file = join(root, 'content', 'ar.md');
    const doc = parse(readFileSync(file, 'utf8'), file, { cwd: root });
    const input = { doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: tempDir() };
    for (const writer of [htmlWriter, pdfWriter, docxWriter]) {
      const result = await writer.write(input);
      expect(result.messages?.map(String), writer.format).toEqual([expect.stringMatching(/ar\.md:9:1-9:\d+: .*`::chart` "charts\/loss\.vl\.json" was not drawn .*its alt text is shown/)]);
      const text =
        writer.format === 'html'
          ? new TextDecoder().decode(result.bytes)
          : writer.format === 'docx'
            ? strFromU8(unzipSync(result.bytes)['word/document.xml']!)
            : (writeFileSync(join(input.outDir, 'x.pdf'), result.bytes), execFileSync('pdftotext', [join(input.outDir, 'x.pdf'), '-'], { encoding: 'utf8' }));
      expect(text, writer.format).toContain('نسبة الفاقد');
    }
    expect(doc.tree.children.some((n) => n.type === 'figure')).toBe(true); // the shared tree is left as it was
  }, 60_000);
});

describe('the chart libraries', () => {
  it('load only when a brief has a chart', () => {
    // hooks in the sahifa process that report vega-lite: an ESM resolve hook (unbundled, vega and
    // vega-lite are ES modules) and vm.Script, which the bundle's loader compiles each chunk with
    // (vega-lite's messages link to its issue tracker)
    const hook = join(tempDir(), 'hook.mjs');
    const resolveHook = "export async function resolve(s, c, n) { const r = await n(s, c); if (/\\/node_modules\\/vega(-lite)?\\//.test(r.url)) process.stderr.write('LOADED ' + r.url + '\\n'); return r; }";
    const scriptHook = "const S = vm.Script; vm.Script = class extends S { constructor(code, o) { super(code, o); if (code.includes('github.com/vega/vega-lite/issues/')) process.stderr.write('LOADED /node_modules/vega-lite/ in ' + o?.filename + '\\n'); } };";
    writeFileSync(hook, `import { register } from 'node:module';\nimport vm from 'node:vm';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(resolveHook)}));\n${scriptHook}\n`);
    writeFileSync(join(root, 'content', 'plain.md'), '---\ntitle: "T"\nlang: ar\n---\n\nنص بلا شكل.\n');
    const loaded = (brief: string): string[] => {
      const r = spawnSync(process.execPath, ['--import', hook, join(ROOT, 'bin', 'sahifa.js'), 'build', brief, '--force', '--out', tempDir()], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return [...r.stderr.matchAll(/^LOADED (\S+)/gm)].map((m) => m[1]!);
    };
    expect(loaded('content/plain.md')).toEqual([]);
    expect(loaded('content/ar.md').some((u) => u.includes('/node_modules/vega-lite/'))).toBe(true); // the hook does see them
  }, 60_000);
});

describe('::chart{#fig:…}', () => {
  it('is a cross-reference target like an image figure', () => {
    const file = join(root, 'content', 'ref.md');
    const md = '---\ntitle: "T"\nlang: ar\n---\n\nكما يبين @fig:loss.\n\n::chart[نسبة الفاقد]{#fig:loss src=data/loss.csv spec=charts/loss.vl.json}\n';
    const doc = parse(md, file, { cwd: root });
    const figure = doc.tree.children.find((n) => n.type === 'figure');
    expect(figure?.data).toMatchObject({ id: 'fig-1', label: 'fig:loss' });
    expect(JSON.stringify(doc.tree)).toMatch(/"url":"#fig-1"/);
  });
});
