/**
 * HTML writer, checked with real readers: an HTML parser (hast-util-from-html, i.e. parse5),
 * headless Chromium (fonts, directions, network) and Chromium's print read back by pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Element, Nodes, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { chromium, type Browser } from 'playwright-core';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import type { Template } from '../src/templates/schema.js';
import { templateCss } from '../src/writers/html/css.js';
import { htmlWriter } from '../src/writers/html/index.js';
import { CHROMIUM, hasCommand, needClient, tempDir } from './helpers/clients.js';
import { roundtrip, SequenceMatcher } from '../src/verify/roundtrip.js';

const SEED = 'content/kazakhstan-abraham-accords.md';
const ROOT = process.cwd();
/** The family the policy-brief template sets body text in, and its whole font stack. */
const { FAMILY, STACK } = (() => {
  const t = loadTemplate('policy-brief', { root: ROOT }).template;
  const body = t.roles.body;
  return { FAMILY: t.fonts[body.font]!.family, STACK: [body.font, ...body.fallback].map((k) => t.fonts[k]!.family) };
})();
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Elements of `tree` that pass `test`, in document order. */
function elements(tree: Nodes, test: (e: Element) => boolean = () => true): Element[] {
  const out: Element[] = [];
  visit(tree, 'element', (e: Element) => {
    if (test(e)) out.push(e);
  });
  return out;
}
const tag = (name: string) => (e: Element) => e.tagName === name;
const textOf = (n: Nodes): string => (n.type === 'text' ? n.value : 'children' in n ? n.children.map((c) => textOf(c as Nodes)).join('') : '');
const classes = (e: Element): string[] => (e.properties['className'] as string[] | undefined) ?? [];

/** Renders Markdown text with the default template; returns the page text and its hast. */
async function render(markdown: string): Promise<{ html: string; tree: Root }> {
  const doc = parse(markdown, 'test.md');
  const result = await htmlWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: tempDir() });
  const html = new TextDecoder().decode(result.bytes);
  return { html, tree: fromHtml(html) };
}

/** Builds the seed brief's HTML into a fresh folder; returns the folder and the page path. */
async function buildSeed(): Promise<{ outDir: string; page: string; html: string }> {
  const outDir = tempDir();
  const result = await build({ root: ROOT, paths: [SEED], outDir, formats: ['html'] });
  expect(result.ok, String(result.briefs[0]?.error)).toBe(true);
  const page = join(outDir, 'kazakhstan-abraham-accords.html');
  return { outDir, page, html: readFileSync(page, 'utf8') };
}

describe('html writer: structure (HTML parser)', () => {
  let seed: Awaited<ReturnType<typeof buildSeed>>;
  let tree: Root;
  beforeAll(async () => {
    seed = await buildSeed();
    tree = fromHtml(seed.html);
  });

  it('is a complete page with lang, dir, charset, viewport and title from the front matter', () => {
    expect(seed.html.startsWith('<!doctype html><html lang="ar" dir="rtl">')).toBe(true);
    const [html] = elements(tree, tag('html'));
    expect(html?.properties).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(elements(tree, (e) => e.tagName === 'meta' && e.properties['charSet'] === 'utf-8')).toHaveLength(1);
    expect(elements(tree, (e) => e.tagName === 'meta' && e.properties['name'] === 'viewport')).toHaveLength(1);
    const [title] = elements(tree, tag('title'));
    expect(textOf(title!)).toBe('كازاخستان تنضم لاتفاقيات إبراهيم: 33 عاماً من العلاقات مع إسرائيل ومستقبل الشراكة الإقليمية');
  });

  it('has exactly one h1, in the title block, with the title block lines in order', () => {
    const h1s = elements(tree, tag('h1'));
    expect(h1s).toHaveLength(1);
    const [header] = elements(tree, (e) => e.tagName === 'header' && classes(e).includes('title-block'));
    const lines = header!.children.filter((c): c is Element => c.type === 'element');
    expect(lines.map((e) => e.tagName === 'h1' ? 'h1' : classes(e)[0])).toEqual(['kicker', 'h1', 'organisation', 'date']);
    expect(textOf(lines[0]!)).toBe('أوراق سياسات · العدد 1');
    expect(textOf(lines[3]!)).toBe('12 نوفمبر 2025');
  });

  it('groups the body into sections that start with h2, and renders lists as ul/li', () => {
    const [main] = elements(tree, tag('main'));
    const sections = elements(main!, tag('section'));
    expect(sections).toHaveLength(4);
    for (const s of sections) expect(s.children.find((c): c is Element => c.type === 'element')?.tagName).toBe('h2');
    expect(elements(main!, tag('h2'))).toHaveLength(4);
    expect(elements(main!, tag('ul'))).toHaveLength(2);
    expect(elements(main!, tag('li'))).toHaveLength(8);
    // Everything is Arabic: no block needs its own dir.
    expect(elements(main!, (e) => 'dir' in e.properties)).toEqual([]);
  });

  it('loads its fonts from files in the output folder and names no network URL', () => {
    const css = elements(tree, tag('style')).map(textOf).join('\n');
    const faces = [...css.matchAll(/@font-face \{([^}]*)\}/g)].map((m) => m[1]!);
    // regular and bold of the body font; the fallback fonts (Noto Serif Hebrew) only when the text
    // needs them, and the seed has no Hebrew
    expect(faces).toHaveLength(2);
    expect(faces.map((f) => /font-weight: (\d+)/.exec(f)?.[1]).sort()).toEqual(['400', '700']);
    for (const family of STACK.slice(1)) expect(css).not.toContain(`font-family: "${family}";`);
    for (const face of faces) {
      expect(face).toContain(`font-family: "${FAMILY}"`);
      const url = /url\("([^"]+)"\)/.exec(face)?.[1];
      expect(url).toMatch(/^fonts\/[^/]+\.ttf$/);
      expect(existsSync(join(seed.outDir, decodeURIComponent(url!)))).toBe(true);
    }
    expect(seed.html).not.toMatch(/https?:\/\//i);
  });

  it('is deterministic', async () => {
    const again = await buildSeed();
    expect(again.html).toBe(seed.html);
  });
});

describe('html writer: markup details', () => {
  const mixed = [
    '---',
    'title: "تجربة"',
    'authors: ["أحمد علي", {name: "Jane Doe", affiliation: "LSE"}]',
    '---',
    '',
    '# عنوان أول',
    '',
    'استخدم `npm i -E` مع Abraham Accords في عام 2020 بسرعة 5 km/h و[Example site](https://example.org) ثم انتهى هذا الاختبار الطويل باللغة العربية.',
    '',
    'This paragraph is English, with كلمة عربية inside it.',
    '',
    '### فرعي',
    '',
    '1. أول',
    '2. ثاني',
  ].join('\n');

  it('maps # to h1 and ### to h3, nesting sections, beside the title block\'s h1', async () => {
    const { tree } = await render(mixed);
    expect(elements(tree, tag('h1'))).toHaveLength(2);
    const [outer] = elements(tree, tag('section'));
    expect(outer!.children.find((c): c is Element => c.type === 'element')?.tagName).toBe('h1');
    const inner = elements(outer!, tag('section')).slice(1);
    expect(inner).toHaveLength(1);
    expect(elements(inner[0]!, tag('h3'))).toHaveLength(1);
    expect(elements(inner[0]!, tag('ol'))).toHaveLength(1);
  });

  it('prints no title band for a brief without one, and still has an h1 for screen readers', async () => {
    const { tree } = await render(['---', 'lang: ar', '---', '', '## مقدمة', '', 'نص قصير.'].join('\n'));
    expect(elements(tree, (e) => classes(e).includes('title-block'))).toEqual([]);
    const h1s = elements(tree, tag('h1'));
    expect(h1s.map((e) => [classes(e), e.children.map((c) => (c.type === 'text' ? c.value : '')).join('')])).toEqual([[['sr-only'], 'مقدمة']]);
  });

  it('isolates mixed-direction runs: code, links, Latin words with units; leaves plain numbers alone', async () => {
    const { tree } = await render(mixed);
    const [p, english] = elements(tree, (e) => e.tagName === 'p' && e.position !== undefined && !classes(e).length);
    expect(p!.properties['dir']).toBeUndefined();
    expect(elements(p!, tag('code')).map((e) => e.properties['dir'])).toEqual(['ltr']);
    expect(elements(p!, tag('a')).map((e) => e.properties['dir'])).toEqual(['ltr']);
    expect(elements(p!, tag('bdi')).map(textOf)).toEqual(['Abraham Accords', '5 km/h']);
    expect(english!.properties['dir']).toBe('ltr');
    expect(elements(english!, tag('bdi')).map(textOf)).toEqual(['كلمة عربية']);
  });

  it('keeps the direction of every block when the brief also holds raw HTML', async () => {
    const md = `${mixed}\n\n<div align="center">نص داخل عنصر HTML</div>\n\n| Tool | Link |\n|---|---|\n| Git | docs |\n`;
    const { tree } = await render(md);
    const english = elements(tree, (e) => e.tagName === 'p' && textOf(e).startsWith('This'));
    expect(english.map((e) => e.properties['dir'])).toEqual(['ltr']);
    expect(elements(tree, tag('table')).map((e) => e.properties['dir'])).toEqual(['ltr']);
    expect(elements(tree, tag('div')).some((e) => e.properties['align'] === 'center')).toBe(true);
    // the carrier properties never reach the page
    expect((await render(md)).html).not.toMatch(/data-sahifa/);
  });

  it('shows an <img> it may not load as its alt text, as the PDF does, not as a broken image', async () => {
    const { tree, html } = await render(`${mixed}\n\n<p><img src="https://cdn.invalid/a.png" alt="GitHub Desktop" width="100"> <img src="x.png"></p>\n`);
    expect(elements(tree, tag('img'))).toHaveLength(0);
    expect(elements(tree, (e) => e.tagName === 'span' && textOf(e) === 'GitHub Desktop')).toHaveLength(1);
    expect(html).not.toContain('cdn.invalid');
  });

  it('keeps an <img> of raw HTML only when its image was copied next to the page', async () => {
    // review: a raw <img src="images/…"> of a file no Markdown image copied showed a broken image
    const page = async (md: string): Promise<Root> => {
      const doc = parse(`---\ntitle: ت\nlang: ar\n---\n\n${md}\n`, join('content', 'raw-img.md'), { cwd: ROOT });
      const result = await htmlWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: tempDir() });
      expect(result.assets.some((a) => /^images\/water-loss-chart-[0-9a-f]{12}\.png$/.test(a.path))).toBe(md.includes('!['));
      return fromHtml(new TextDecoder().decode(result.bytes));
    };
    const raw = '<p><img src="images/water-loss-chart.png" alt="مخطط الفاقد"></p>';
    const alone = await page(raw);
    expect(elements(alone, tag('img'))).toHaveLength(0);
    expect(elements(alone, (e) => e.tagName === 'span' && textOf(e) === 'مخطط الفاقد')).toHaveLength(1);
    const copied = await page(`![نسبة الفاقد](images/water-loss-chart.png)\n\n${raw}\n\n${raw.replace('images/', './images/')}`);
    // the copied file is named with its content hash; the raw <img> names it as the figure wrote it
    const srcs = elements(copied, tag('img')).map((e) => e.properties['src']);
    expect(srcs).toHaveLength(3);
    expect(srcs[0]).toMatch(/^images\/water-loss-chart-[0-9a-f]{12}\.png$/);
    expect(srcs).toEqual([srcs[0], srcs[0], srcs[0]]);
  });

  it('stacks the authors one per line, as the PDF and DOCX print them (issue 15, item 10)', async () => {
    const { tree } = await render(mixed);
    const authors = elements(tree, (e) => classes(e).includes('author'));
    expect(authors.map((a) => [a.tagName, textOf(a)])).toEqual([
      ['p', 'أحمد علي'],
      ['p', 'Jane Doe (LSE)'],
    ]);
  });

  it('mirrors an LTR brief: html dir=ltr, lang=en', async () => {
    const { html } = await render('---\ntitle: A brief\nlang: en\n---\n\nSome text.\n');
    expect(html.startsWith('<!doctype html><html lang="en" dir="ltr">')).toBe(true);
  });
});

describe('html writer: CSS from the template', () => {
  const base = (): Template => structuredClone(loadTemplate('policy-brief', { root: ROOT }).template);
  const css = (t: Template, dir: 'rtl' | 'ltr' = 'rtl') => templateCss(t, { dir, digits: 'latn', faces: [] });

  it('takes page size, logical margins, roles, colours, list and cover from the template', () => {
    const t = base();
    t.page.margins = { top: 50, bottom: 40, start: 70, end: 30 };
    t.roles.body.size = 11.25;
    t.colours['accent'] = '#123456';
    t.list.bullet = '▪';
    expect(css(t)).toContain('size: A4;\n  margin: 50pt 70pt 40pt 30pt;');
    expect(css(t, 'ltr')).toContain('margin: 50pt 30pt 40pt 70pt;');
    expect(css(t)).toMatch(/body \{[^}]*font-size: 11\.25pt;/);
    expect(css(t)).toMatch(/h2 \{[^}]*color: #123456;/);
    expect(css(t)).toMatch(/li::marker \{\n {2}color: #123456;/);
    expect(css(t)).toContain('list-style-type: "▪ ";');
    expect(css(t)).toMatch(/\.title-block \{[^}]*background: #e7f0f1;[^}]*border-block-end: 1pt solid #123456;/);
    expect(css(t)).toMatch(/main p, main li \{\n {2}text-align: justify;/);
    t.paragraph.align = 'start';
    t.cover.band = 'none';
    expect(css(t)).toMatch(/main p, main li \{\n {2}text-align: start;/);
    expect(css(t)).not.toMatch(/\.title-block \{[^}]*background:/);
  });
});

describe('SequenceMatcher (port of difflib, checked by hand)', () => {
  const blocks = (a: string, b: string) => new SequenceMatcher(a, b).matchingBlocks().map((m) => [m.a, m.b, m.size]);
  it('agrees with difflib on small cases', () => {
    // difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    expect(blocks('abxcd', 'abcd')).toEqual([[0, 0, 2], [3, 2, 2], [5, 4, 0]]);
    expect(blocks('abcd', 'dcba')).toEqual([[0, 3, 1], [4, 4, 0]]);
    expect(blocks(' abcd', 'abcd abcd')).toEqual([[0, 4, 5], [5, 9, 0]]);
    expect(blocks('', 'abc')).toEqual([[0, 3, 0]]);
    expect(blocks('qabxcd', 'abycdf')).toEqual([[1, 0, 2], [4, 3, 2], [6, 6, 0]]);
    expect(new SequenceMatcher('abcd', 'bcde').ratio()).toBe(0.75);
  });
  it('counts code points, not UTF-16 units', () => {
    expect(blocks('a𝟘b', 'a𝟘b')).toEqual([[0, 0, 3], [3, 3, 0]]);
  });
});

const skipChromium = needClient('chromium', CHROMIUM !== undefined);
const skipPrint = skipChromium ?? needClient('pandoc', hasCommand('pandoc', ['--version'])) ?? needClient('pdftotext', hasCommand('pdftotext', ['-v']));

describe.skipIf(skipChromium)('html writer: in headless Chromium', () => {
  let browser: Browser;
  let seed: Awaited<ReturnType<typeof buildSeed>>;
  beforeAll(async () => {
    seed = await buildSeed();
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: CHROMIUM_ARGS });
  });
  afterAll(async () => browser?.close());

  it('loads only file:// URLs, has the template fonts loaded at 400 and 700, and lays paragraphs out RTL', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(seed.page).href, { waitUntil: 'load' });
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      const out: { family: string; weight: string; status: string }[] = [];
      document.fonts.forEach((f) => out.push({ family: f.family.replace(/^"|"$/g, ''), weight: f.weight, status: f.status }));
      return out;
    });
    expect(fonts.filter((f) => f.family === FAMILY && f.status === 'loaded').map((f) => f.weight).sort()).toEqual(['400', '700']);
    expect(requests.length).toBeGreaterThanOrEqual(3); // page + two fonts
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    const dirs = await page.$$eval('main p, main li', (els) => els.map((e) => getComputedStyle(e).direction));
    expect(dirs.length).toBe(14);
    expect(new Set(dirs)).toEqual(new Set(['rtl']));
    // Bullets sit on the right: each item's text starts at the right edge of its list.
    const edges = await page.$$eval('main li', (els) => els.map((e) => [e.getBoundingClientRect().right, e.parentElement!.getBoundingClientRect().right]));
    for (const [li, ul] of edges) expect(li).toBeLessThan(ul!);
    await page.close();
  });

  it.skipIf(skipPrint)('prints to a PDF whose text reads back in order (roundtrip chars ≥ 0.999, lines ≥ 0.98)', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(seed.page).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const pdf = join(seed.outDir, 'chromium.pdf');
    await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
    await page.close();
    const show = (label: string, r: ReturnType<typeof roundtrip>, pdf: string) =>
      console.info(`${label}: chars=${r.chars.toFixed(4)} lines=${r.lines.toFixed(4)} (${r.found}/${r.body}, ${r.furniture} furniture) ${pdf}`);
    const r = roundtrip(SEED, pdf);
    show('chromium print of the html', r, pdf);
    expect(r.chars).toBeGreaterThanOrEqual(0.999);
    expect(r.lines).toBeGreaterThanOrEqual(0.98);
  });

  it.skipIf(skipPrint)('prints an item in the other direction from its list with its marker, inside the margins', async () => {
    const dir = tempDir();
    const md = join(dir, 'lists.md');
    writeFileSync(
      md,
      ['---', 'title: قوائم', 'lang: ar', '---', '', 'فقرة عربية قبل القوائم.', '', '1. Measure the inflow of every area.', '2. عنصر عربي داخل قائمة إنجليزية.', '3. Repair the leaks found, largest first.', '', '- بند عربي أول.', '- Pressure management reduces new bursts.', '- بند عربي أخير.', ''].join('\n'),
    );
    const result = await build({ paths: [md], outDir: join(dir, 'out'), formats: ['html'], root: dir });
    expect(result.ok).toBe(true);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'out', 'lists.html')).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const pdf = join(dir, 'chromium.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    await page.close();
    const lines = bboxLines(pdftotextBbox(pdf));
    const text = (l: (typeof lines)[number]) => l.words.map((w) => w.text).join(' ');
    const items = lines.filter((l) => /\b[123]\.|\.[123]\b|•/.test(text(l)));
    expect(items.length, lines.map(text).join('\n')).toBe(6);
    const [one, two, three, first, english, last] = items as [(typeof lines)[number], ...(typeof lines)[number][]];
    // the English items' numbers at their left; the Arabic item keeps its number, at its right,
    // where the Arabic list's bullets are
    expect(one.words[0]!.text).toBe('1.');
    expect(three!.words[0]!.text).toBe('3.');
    expect(two!.words.at(-1)!.text).toMatch(/^(\.2|2\.)$/);
    expect(Math.abs(two!.xMax - first!.xMax)).toBeLessThan(8);
    expect(first!.words.at(-1)!.text).toBe('•');
    expect(last!.words.at(-1)!.text).toBe('•');
    // the English item of the Arabic list keeps its bullet, at its left, where the numbers are
    expect(english!.words[0]!.text).toBe('•');
    expect(Math.abs(english!.xMin - one.xMin)).toBeLessThan(8);
    // within the template's margins: the print was not shifted to fit a marker drawn past the edge
    const { margins } = loadTemplate('policy-brief', { root: ROOT }).template.page;
    expect(Math.min(...lines.map((l) => l.xMin))).toBeGreaterThanOrEqual(margins.end - 0.5);
    expect(Math.max(...lines.map((l) => l.xMax))).toBeLessThanOrEqual(595.28 - margins.start + 0.5);
  });
});

/** Words of `pdftotext -bbox` output, grouped into lines by their top edge. */
function bboxLines(xml: string): { xMin: number; xMax: number; words: { text: string; xMin: number }[] }[] {
  const byTop = new Map<number, { text: string; xMin: number; xMax: number }[]>();
  for (const m of xml.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</g)) {
    const top = Math.round(Number(m[2]));
    byTop.set(top, [...(byTop.get(top) ?? []), { text: m[4]!, xMin: Number(m[1]), xMax: Number(m[3]) }]);
  }
  return [...byTop.values()].map((ws) => ({ xMin: Math.min(...ws.map((w) => w.xMin)), xMax: Math.max(...ws.map((w) => w.xMax)), words: ws.sort((a, b) => a.xMin - b.xMin) }));
}

/** `pdftotext -bbox` of a PDF. */
function pdftotextBbox(pdf: string): string {
  return execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
}
