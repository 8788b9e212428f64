/**
 * Front-matter values that reach CSS: the running header (title, or series · number) is a CSS
 * string in `@page` margin boxes. A newline ended that string and let a brief's title write its
 * own rules (`main{display:none}`) into the page's style sheet. Checked on the CSS text and in
 * headless Chromium.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import sax from 'sax';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { loadTemplate } from '../src/templates/load.js';
import { cssString, templateCss } from '../src/writers/html/css.js';
import { CHROMIUM, hasCommand, needClient } from './helpers/clients.js';
import { project } from './helpers/cli.js';

const PAYLOAD = "تقرير\\n}} main{display:none} body::after{content:'FAKE'} x{x:'";
const BODY = 'نص الورقة الذي يجب أن يظهر للقارئ.';

/** A brief whose `key` carries the payload (as a YAML double-quoted string, so `\n` is a newline). */
const hostile = (key: 'title' | 'series'): string =>
  `---\n${key === 'title' ? `title: "${PAYLOAD}"` : `title: "عنوان"\nseries: "${PAYLOAD}"\nnumber: 3`}\nlang: ar\n---\n\n## مقدمة\n\n${BODY}\n`;

/** Builds the brief's HTML in a temporary project; returns the page's path. */
async function page(md: string): Promise<string> {
  const dir = project({ 'content/brief.md': md });
  const result = await build({ root: dir, formats: ['html'] });
  expect(result.ok, String(result.briefs[0]?.error)).toBe(true);
  return join(dir, 'output', 'brief.html');
}

describe('CSS strings', () => {
  it('escape newlines, quotes, backslashes and other controls, so a value cannot end its string', () => {
    expect(cssString('a\nb')).toBe('"a\\a b"');
    expect(cssString('a\r\fb')).toBe('"a\\d \\c b"');
    expect(cssString(`"'\\`)).toBe('"\\22 \\27 \\5c "');
    expect(cssString('</style>')).toBe('"\\3c /style\\3e "');
    expect(cssString('\u0000\u007f\u2028')).toBe('"\\fffd \\7f \\2028 "');
    expect(cssString('تقرير · ٣')).toBe('"تقرير · ٣"');
    for (const s of [PAYLOAD.replace('\\n', '\n'), 'x\n"}y', "a'\r\nb\\"]) expect(cssString(s).slice(1, -1)).not.toMatch(/[\n\r\f"'<]/);
  });

  it('a title with a newline stays inside the running header string of the style sheet', () => {
    const t = loadTemplate('policy-brief').template;
    const css = templateCss(t, { dir: 'rtl', digits: 'latn', faces: [], furniture: { header: PAYLOAD.replace('\\n', '\n') } });
    expect(css).not.toMatch(/^\}\} main\{display:none\}/m);
    expect(css).toMatch(/^  content: "تقرير\\a [^\n"]*";$/m);
    expect(css).toContain('content: "تقرير\\a }} main{display:none} body::after{content:\\27 FAKE\\27 } x{x:\\27 "');
  });

  it('a template colour key that starts with "#" is looked up, never written into the CSS as is', () => {
    const t = loadTemplate('policy-brief').template;
    const key = '#000;} main{display:none} x{';
    const hostileTemplate = { ...t, colours: { ...t.colours, [key]: '#123456' }, roles: { ...t.roles, body: { ...t.roles.body, colour: key } } };
    const css = templateCss(hostileTemplate, { dir: 'rtl', digits: 'latn', faces: [] });
    expect(css).not.toContain('main{display:none}');
    expect(css).toContain('color: #123456');
  });

  it('the built page has no line of the title outside a string (title and series)', async () => {
    for (const key of ['title', 'series'] as const) {
      const html = readFileSync(await page(hostile(key)), 'utf8');
      const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
      expect(style, key).not.toMatch(/^\}\} main\{display:none\}/m);
      expect(style, key).toContain('\\a }} main{display:none}');
    }
  });
});

const skipChromium = needClient('chromium', CHROMIUM !== undefined);

describe.skipIf(skipChromium)('CSS injection in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  });
  afterAll(async () => browser?.close());

  it('a title or series with a newline hides nothing and adds no text', async () => {
    for (const key of ['title', 'series'] as const) {
      const p = await browser.newPage();
      await p.goto(pathToFileURL(await page(hostile(key))).href, { waitUntil: 'load' });
      const seen = await p.evaluate(() => {
        const main = document.querySelector('main')!;
        const box = main.getBoundingClientRect();
        const after = (el: Element) => getComputedStyle(el, '::after').content;
        return {
          display: getComputedStyle(main).display,
          height: box.height,
          text: document.body.innerText,
          after: [after(document.body), after(document.documentElement), after(main)],
          rules: Array.from(document.styleSheets).flatMap((s) => Array.from(s.cssRules).map((r) => r.cssText)).filter((r) => /FAKE|display: none/.test(r) && !r.startsWith('@page')),
        };
      });
      await p.close();
      expect(seen.display, key).not.toBe('none');
      expect(seen.height, key).toBeGreaterThan(0);
      expect(seen.text, key).toContain(BODY);
      expect(seen.after.join(' '), key).not.toContain('FAKE');
      expect(seen.rules, key).toEqual([]);
    }
  });
});

const skipQpdf = needClient('qpdf', hasCommand('qpdf', ['--version']));

describe.skipIf(skipQpdf)('XMP metadata of the PDF', () => {
  it('keeps a title and author with & < > " as text: the XMP stays well-formed XML (read with qpdf and sax)', async () => {
    const dir = project({ 'content/x.md': '---\ntitle: "تقرير A & B <dc:evil/> \\"q\\""\nauthors: ["Tom & Jerry <x>"]\nlang: ar\n---\n\nنص.\n' });
    const result = await build({ paths: ['content/x.md'], outDir: join(dir, 'out'), formats: ['pdf'], root: dir });
    expect(result.ok).toBe(true);
    const pdf = join(dir, 'out', 'x.pdf');
    const objects = (JSON.parse(execFileSync('qpdf', ['--json', pdf], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { qpdf: [unknown, Record<string, { stream?: { dict?: Record<string, unknown> } }>] }).qpdf[1];
    const id = Object.keys(objects).find((k) => objects[k]?.stream?.dict?.['/Type'] === '/Metadata')!;
    const xmp = execFileSync('qpdf', [`--show-object=${id.replace(/^obj:/, '').split(' ')[0]}`, '--filtered-stream-data', pdf], { encoding: 'utf8' });
    const texts: string[] = [];
    const elements: string[] = [];
    const parser = sax.parser(true);
    parser.ontext = (t) => texts.push(t.trim());
    parser.onopentag = (tag) => elements.push(tag.name);
    parser.write(xmp).close();
    expect(texts).toContain('تقرير A & B <dc:evil/> "q"');
    expect(texts).toContain('Tom & Jerry <x>');
    expect(elements).not.toContain('dc:evil');
    expect(elements).not.toContain('x');
  });
});
