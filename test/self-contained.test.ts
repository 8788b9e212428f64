/**
 * `--self-contained` HTML: one file, fonts subset and inlined, nothing requested when Chromium opens
 * it, the fonts loaded, and its print still reading back in order.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { roundtrip } from '../src/verify/roundtrip.js';
import { CHROMIUM, hasCommand, needClient, tempDir } from './helpers/clients.js';
import { ROOT, SEED_MD } from './helpers/seed.js';

const skip = needClient('chromium', CHROMIUM !== undefined) ?? needClient('pandoc and pdftotext', hasCommand('pandoc', ['--version']) && hasCommand('pdftotext'));

describe.skipIf(skip)('self-contained HTML', () => {
  it('is one file whose fonts load from itself, with no request at all', async () => {
    const out = tempDir();
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'sahifa.js'), 'build', SEED_MD, '--format', 'html', '--self-contained', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual(['kazakhstan-abraham-accords.html']);
    const file = join(out, 'kazakhstan-abraham-accords.html');
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/src: url\("data:font\/woff;base64,/);
    // subset: far smaller than the two Amiri files it is cut from (~825 KB)
    expect(html.length).toBeLessThan(300_000);

    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const fonts = await page.evaluate(async () => {
        await document.fonts.ready;
        const list: string[] = [];
        document.fonts.forEach((f) => list.push(`${f.family}:${f.weight}:${f.status}`));
        return list;
      });
      expect(requests.filter((u) => !u.startsWith('data:'))).toEqual([pathToFileURL(file).href]);
      expect(fonts).toEqual(expect.arrayContaining(['Amiri:400:loaded', 'Amiri:700:loaded']));
      const pdf = join(out, 'print.pdf');
      await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
      const rt = roundtrip(SEED_MD, pdf);
      expect(rt.chars).toBeGreaterThanOrEqual(0.999);
      expect(rt.lines).toBeGreaterThanOrEqual(0.98);
    } finally {
      await browser.close();
    }
  });

  it('inlines an author\'s <img> of an SVG as image/svg+xml, which Chromium draws (it was typed image/png)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'images'));
    writeFileSync(join(dir, 'images', 'dot.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><rect width="40" height="20" fill="#0d5c63"/></svg>');
    writeFileSync(join(dir, 'svg.md'), '---\ntitle: صورة\nlang: ar\n---\n\nنقطة في السطر: <img src="images/dot.svg" alt="نقطة" width="40">\n\n![شكل](images/dot.svg)\n');
    const result = await build({ root: dir, paths: [join(dir, 'svg.md')], outDir: join(dir, 'out'), formats: ['html'], settings: { selfContained: true } });
    expect(result.ok).toBe(true);
    const file = join(dir, 'out', 'svg.html');
    expect(readFileSync(file, 'utf8')).toMatch(/<img[^>]+src="data:image\/svg\+xml;base64,/);
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const widths = await page.evaluate(() => Array.from(document.images, (i) => i.naturalWidth));
      expect(widths).toEqual([40]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
