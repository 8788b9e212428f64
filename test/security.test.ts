/**
 * Unit tests of the security building blocks: path containment, the remote-image policy (address
 * ranges, host list, fetch refusals), source limits, image and font checks, the HTML sanitiser.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontProblem } from '../src/model/fonts.js';
import { imageInfo, imageProblem, svgIsActive } from '../src/model/images.js';
import { DEFAULT_LIMITS, scanSource } from '../src/model/limits.js';
import { containedPath } from '../src/io/paths.js';
import { fetchImage } from '../src/io/fetch-image.js';
import { hostOf, isPrivateAddress, parseAllowRemote } from '../src/model/remote.js';
import { SahifaError } from '../src/model/errors.js';
import { parse } from '../src/parse/index.js';
import { isSafeLink } from '../src/parse/plugins/safety.js';
import { tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const OK_PNG = readFileSync(join(ROOT, 'test', 'fixtures', 'hostile', 'images', 'ok.png'));

describe('containedPath', () => {
  const base = tempDir('sahifa-paths-');
  const root = join(base, 'root');
  mkdirSync(join(root, 'content', 'images'), { recursive: true });
  writeFileSync(join(root, 'content', 'images', 'a.png'), OK_PNG);
  writeFileSync(join(base, 'secret.png'), OK_PNG);
  symlinkSync(join(base, 'secret.png'), join(root, 'content', 'out.png'));
  symlinkSync(join(root, 'content', 'images', 'a.png'), join(root, 'content', 'in.png'));
  symlinkSync(base, join(root, 'content', 'updir'));
  const dir = join(root, 'content');

  it('accepts files inside the root, also through symlinks that stay inside', () => {
    expect(containedPath('images/a.png', dir, root)).toMatchObject({ ok: true, exists: true });
    expect(containedPath('in.png', dir, root)).toMatchObject({ ok: true, exists: true, path: expect.stringContaining(join('images', 'a.png')) });
    expect(containedPath('images/none.png', dir, root)).toMatchObject({ ok: true, exists: false });
    expect(containedPath('../content/images/a.png', dir, root)).toMatchObject({ ok: true });
  });
  it('refuses absolute paths, .. escapes and symlinks out', () => {
    expect(containedPath('/etc/passwd', dir, root)).toMatchObject({ ok: false, refusal: 'absolute' });
    expect(containedPath('C:\\Windows\\win.ini', dir, root)).toMatchObject({ ok: false, refusal: 'absolute' });
    expect(containedPath('../../secret.png', dir, root)).toMatchObject({ ok: false, refusal: 'escape' });
    expect(containedPath('out.png', dir, root)).toMatchObject({ ok: false, refusal: 'symlink' });
    expect(containedPath('updir/secret.png', dir, root)).toMatchObject({ ok: false, refusal: 'symlink' });
  });
});

describe('remote images', () => {
  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:169.254.169.254', 'not-an-ip']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111']) expect(isPrivateAddress(a), a).toBe(false);
  });
  it('parses --allow-remote and names hosts', () => {
    expect(parseAllowRemote('Example.org, cdn.example.org')).toEqual(['example.org', 'cdn.example.org']);
    expect(() => parseAllowRemote('https://example.org/')).toThrow(/not a host name/);
    expect(() => parseAllowRemote(' , ')).toThrow(/at least one host/);
    expect(hostOf('http://[::1]:8080/x.png')).toBe('::1');
    expect(hostOf('//cdn.example.org/x.png')).toBe('cdn.example.org');
  });
  it('refuses hosts not allowed, non-http schemes and hosts resolving to private addresses, before connecting', async () => {
    const place = { file: 'a.md', line: 3, column: 1 };
    let resolved = 0;
    const resolver = async () => {
      resolved++;
      return [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }];
    };
    await expect(fetchImage('https://evil.example/x.png', ['good.example'], place, undefined, resolver)).rejects.toThrow(/a\.md:3:1: .*--allow-remote evil\.example/);
    expect(resolved).toBe(0);
    await expect(fetchImage('ftp://good.example/x.png', ['good.example'], place, undefined, resolver)).rejects.toThrow(/only http and https/);
    await expect(fetchImage('https://good.example/x.png', ['good.example'], place, undefined, resolver)).rejects.toThrow(/resolves to 10\.0\.0\.5, a private, loopback or link-local address: never fetched/);
    await expect(fetchImage('http://169.254.169.254/latest', ['169.254.169.254'], place)).rejects.toBeInstanceOf(SahifaError);
  });
  it('a remote image is a warning that says how to allow it; the parser asks for allowed hosts only', () => {
    const doc = parse('---\ntitle: t\nlang: ar\n---\n\n![a](https://img.example/a.png)\n\n![b](https://other.example/b.png)\n', 'x.md', { allowRemote: ['img.example'] });
    expect(doc.messages.map((m) => m.reason)).toEqual([
      expect.stringMatching(/image "https:\/\/img\.example\/a\.png" is not fetched: .*--allow-remote img\.example/),
      expect.stringMatching(/image "https:\/\/other\.example\/b\.png" is not fetched: .*--allow-remote other\.example/),
    ]);
    expect(doc.remoteWanted).toEqual(['https://img.example/a.png']);
    const fetched = parse('---\ntitle: t\nlang: ar\n---\n\n![a](https://img.example/a.png)\n', 'x.md', { allowRemote: ['img.example'], fetched: new Map([['https://img.example/a.png', new Uint8Array(OK_PNG)]]) });
    expect(fetched.tree.children[0]).toMatchObject({ type: 'figure', src: 'https://img.example/a.png', format: 'png', width: 40, height: 30 });
  });
});

describe('limits', () => {
  it('scans nesting and delimiter runs before parsing, skipping fenced code', () => {
    expect(scanSource('> '.repeat(65) + 'x')).toMatchObject({ line: 1, reason: expect.stringMatching(/nested 65 deep/) });
    expect(scanSource('> '.repeat(10) + 'x')).toBeUndefined();
    expect(scanSource('```\n' + '*'.repeat(500) + '\n```\n')).toBeUndefined();
    expect(scanSource('a\n' + '_'.repeat(101))).toMatchObject({ line: 2, reason: expect.stringMatching(/more than 100 "_"/) });
    expect(scanSource('a\n' + '_'.repeat(100))).toBeUndefined();
  });
  it('catches deep inline nesting on the tree and large tables, with their place', () => {
    const deep = `---\ntitle: t\n---\n\n${'*a '.repeat(70)}x${' b*'.repeat(70)}\n`;
    expect(() => parse(deep, 'd.md', { limits: { maxNestingDepth: 20 } })).toThrow(/d\.md:5:\d+: Markdown nested more than 20 deep/);
    const table = `---\ntitle: t\n---\n\n| a | b |\n|---|---|\n${'| 1 | 2 |\n'.repeat(10)}`;
    expect(() => parse(table, 't.md', { limits: { maxTableCells: 10 } })).toThrow(/t\.md:5:1: table of 11 rows holds 22 cells; the limit is 10/);
    expect(DEFAULT_LIMITS.maxYamlAliases).toBe(100);
  });
});

describe('image and font checks', () => {
  it('accepts a whole PNG and names what is wrong with damaged ones', () => {
    const info = imageInfo(OK_PNG)!;
    expect(imageProblem(OK_PNG, info)).toBeUndefined();
    expect(imageProblem(OK_PNG.subarray(0, OK_PNG.length - 12), info)).toMatch(/no end chunk/);
    const flipped = Buffer.from(OK_PNG);
    flipped[60] = (flipped[60]! ^ 0xff) & 0xff;
    expect(imageProblem(flipped, info)).toMatch(/CRC mismatch/);
    expect(imageProblem(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), { format: 'jpg', width: 1, height: 1 })).toMatch(/cut short/);
  });
  it('spots active SVG', () => {
    expect(svgIsActive('<svg><script>x</script></svg>')).toBe(true);
    expect(svgIsActive('<svg onload="x()"/>')).toBe(true);
    expect(svgIsActive('<svg><image href="http://h/x.png"/></svg>')).toBe(true);
    expect(svgIsActive('<svg><use href="#a"/><circle r="1"/></svg>')).toBe(false);
  });
  it('accepts the shipped fonts and refuses damaged ones', () => {
    const amiri = readFileSync(join(ROOT, 'fonts', 'amiri', 'Amiri-Regular.ttf'));
    expect(fontProblem(amiri)).toBeUndefined();
    expect(fontProblem(amiri.subarray(0, 2000))).toMatch(/lies outside the file/);
    expect(fontProblem(Buffer.from('<html>not a font</html>'))).toMatch(/no TrueType\/OpenType signature/);
    expect(fontProblem(Buffer.from('wOFF0000000000000000'))).toMatch(/WOFF/);
  });
});

describe('links', () => {
  it('keeps http, https, mailto, tel and relative links only', () => {
    for (const u of ['https://a.example', 'http://a', 'mailto:a@b', 'tel:+1', '#x', 'annex.pdf', '../a.html']) expect(isSafeLink(u), u).toBe(true);
    for (const u of ['javascript:alert(1)', ' JavaScript:x', 'java\tscript:x', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd']) expect(isSafeLink(u), u).toBe(false);
  });

  it('warns about an unsafe link in raw HTML at its place, as for a Markdown link (it was dropped silently)', () => {
    const doc = parse('---\ntitle: ت\nlang: ar\n---\n\nنص <a href="javascript:alert(1)">هنا</a> و<a href=\'https://a.example\'>هناك</a>.\n\n<div><a HREF=vbscript:x>ب</a></div>\n', 'x.md');
    expect(doc.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`).sort()).toEqual([
      '6:4 unsafe-link link "javascript:alert(1)" is dropped: only http, https, mailto, tel and relative links are kept',
      '8:1 unsafe-link link "vbscript:x" is dropped: only http, https, mailto, tel and relative links are kept',
    ]);
  });
});

describe('pdfmake access policies', () => {
  it('refuse local paths and URLs (sahifa hands pdfmake images as data and fonts through its virtual file system)', async () => {
    await import('../src/writers/pdf/index.js'); // installs the policies
    const pdfmake = (await import('pdfmake')).default as unknown as {
      addFonts(f: object): void;
      createPdf(d: object): { getBuffer(): Promise<Buffer> };
    };
    pdfmake.addFonts({ Probe: { normal: 'probe', bold: 'probe', italics: 'probe', bolditalics: 'probe' } });
    for (const image of ['/etc/passwd', 'file:///etc/passwd', 'http://127.0.0.1:9/x.png', 'http://169.254.169.254/x.png']) {
      await expect(pdfmake.createPdf({ content: [{ image }], defaultStyle: { font: 'Probe' } }).getBuffer(), image).rejects.toThrow(/denied by resource access policy/);
    }
  });
});
