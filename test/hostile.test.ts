/**
 * Hostile and broken input (test/fixtures/hostile/): every brief gives its documented error or a
 * safe output, no file outside the project root is opened, and nothing is fetched — neither by
 * sahifa while building (an I/O trace of the build process: every open/read and every socket
 * connect) nor by Chromium when it loads the HTML pages (a loopback listener that must see zero
 * requests).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import type { Element, Nodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasCommand, needClient, tempDir } from './helpers/clients.js';
import { sahifa } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';
import { formatWarning, type BriefWarning } from '../src/model/warnings.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'hostile');
const DIST = join(ROOT, 'dist');

/** What a fixture must give. `error`: the build fails with this message; `safe`: it builds, with these warnings. */
type Expect = { readonly error: RegExp } | { readonly safe: true; readonly warnings?: readonly RegExp[] };

const EXPECTED: Readonly<Record<string, Expect>> = {
  'script-tag': { safe: true },
  'event-attributes': { safe: true },
  'javascript-links': { safe: true, warnings: [/link "javascript:alert\(1\)" is dropped/, /link "JaVaScRiPt:alert\(2\)" is dropped/, /link "javascript:alert\(5\)" is dropped/] },
  'data-links': { safe: true, warnings: [/link "data:text\/html/, /link "vbscript:/, /link "file:\/\/\/etc\/passwd" is dropped/] },
  // an image outside the project folder is not read: a warning at the image, its alt text is
  // printed and the rest of the brief builds (the trace below checks nothing was opened)
  'traversal-image': { safe: true, warnings: [/traversal-image\.md:\d+:1: image "\.\.\/.*etc\/passwd": the path leads outside the project folder.*; its alt text is shown/] },
  'absolute-image': { safe: true, warnings: [/absolute-image\.md:\d+:1: image "\/etc\/passwd": absolute paths are not allowed/] },
  'figure-directive-traversal': { safe: true, warnings: [/figure-directive-traversal\.md:\d+:1: image ".*etc\/passwd": the path leads outside the project folder/] },
  'encoded-traversal': { safe: true, warnings: [/encoded-traversal\.md:\d+:1: image "%2e%2e.*": the path leads outside the project folder/] },
  'symlink-out': { safe: true, warnings: [/symlink-out\.md:\d+:1: image "leak\.png": the path is a symbolic link that leads outside the project folder/] },
  'metadata-ip': { safe: true, warnings: [/image "http:\/\/169\.254\.169\.254\/.*" is not fetched: .*--allow-remote 169\.254\.169\.254/] },
  'loopback-image': { safe: true, warnings: [/image "http:\/\/127\.0\.0\.1:\d+\/lone\.png" is not fetched: .*use --allow-remote 127\.0\.0\.1/] },
  'raw-remote': { safe: true },
  'html-oddities': { safe: true },
  'yaml-alias-bomb': { error: /yaml-alias-bomb\.md:2:1: invalid YAML: Excessive alias count/ },
  'yaml-code-tag': { safe: true },
  'deep-blockquote': { error: /deep-blockquote\.md:\d+:1: blocks nested \d+ deep .*the limit is 64/ },
  'deep-list': { error: /deep-list\.md:\d+:1: blocks nested \d+ deep .*the limit is 64/ },
  'deep-emphasis': { error: /deep-emphasis\.md:\d+:1: a run of more than 100 "\*" characters/ },
  'deep-emphasis-spaced': { safe: true },
  'deep-components': { error: /deep-components\.md:\d+:1: components \(:::\) nested more than 64 deep/ },
  'deep-links': { error: /deep-links\.md:\d+:1: a run of more than 100 "\[" characters/ },
  'huge-table': { error: /huge-table\.md:\d+:1: table of 201 rows holds 20301 cells; the limit is 10,000/ },
  'huge-paragraph': { error: /huge-paragraph\.md:1:1: the brief is 5\.0 MB; the limit is 1\.0 MB/ },
  'huge-front-matter': { error: /huge-front-matter\.md:1:1: front matter is \d+ KB; the limit is 64 KB/ },
  'control-characters': { safe: true },
  'truncated-png': { error: /truncated-png\.md:\d+:1: image "truncated\.png" is damaged: PNG chunk IDAT is cut short/ },
  'huge-pixels': { error: /huge-pixels\.md:\d+:1: image "huge-pixels\.png" has 100000 × 100000 pixels; the limit is 50,000,000 pixels/ },
  // SVG (model/svg.ts): active content and external references are removed with a warning, never
  // fetched; entity declarations, absurd sizes and deep nesting refuse the image (its alt text is shown)
  'svg-script': { safe: true, warnings: [/SVG image "evil\.svg": its <script> was removed/, /its event attributes \(onload\) were removed/, /its external references \(.*svg-image.*file:\/\/\/etc\/passwd.*\) were removed and not fetched/] },
  'svg-entities': { safe: true, warnings: [/SVG image "svg-entities\.svg" declares a DOCTYPE .*; it is not drawn and its alt text is shown/] },
  'svg-huge-viewbox': { safe: true, warnings: [/SVG image "svg-huge-viewbox\.svg" has a viewBox beyond .*; it is not drawn/] },
  'svg-deep': { safe: true, warnings: [/SVG image "svg-deep\.svg" nests elements more than 64 deep; it is not drawn/] },
  'svg-foreign': { safe: true, warnings: [/its <foreignObject> was removed/, /its external references \(.*svg-use.*\) were removed and not fetched/] },
  'corrupt-font': { error: /templates\/badfont\/template\.yaml:\d+:\d+: template key `fonts\.plex\.regular`: font file .*corrupt\.ttf is not a usable font: table ".*" lies outside the file/ },
  'font-traversal': { error: /templates\/fontescape\/template\.yaml:\d+:\d+: template key `fonts\.plex\.regular`: font file ".*etc\/passwd": the path leads outside the fonts\/ folder/ },
  'template-traversal': { error: /template-traversal\.md:\d+:1: front matter key `template`/ },
  // YAML is read with the core schema: `!!js/function` is an unknown tag, kept as a string; nothing runs.
  'template-code': { safe: true },
};

let root: string;
let outside: string;
let outDir: string;
let server: Server;
let port: number;
const requests: string[] = [];
/** Per brief (relative path): the runner's result line. */
let results: Map<string, { status: string; error: { message: string; stack?: string } | null; warnings: BriefWarning[]; outputs: string[] }>;
/** Every traced open and connect. */
let trace: { kind: string; path: string; tag: string | null }[];

/** Writes the project: fixtures (with the listener's port), generated ones, templates, a symlink out. */
function setUp(): void {
  const base = tempDir('sahifa-hostile-');
  root = join(base, 'project');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'content'), { recursive: true });
  mkdirSync(outside);
  for (const name of readdirSync(FIXTURES, { withFileTypes: true })) {
    const from = join(FIXTURES, name.name);
    if (name.isDirectory()) cpSync(from, join(root, 'content', name.name), { recursive: true });
    else if (/\.(md|svg)$/.test(name.name)) writeFileSync(join(root, 'content', name.name), readFileSync(from, 'utf8').replaceAll('{{PORT}}', String(port)));
    else copyFileSync(from, join(root, 'content', name.name));
  }
  // Generated inputs: a 5 MB paragraph, 70 KB of front matter.
  const fm = '---\ntitle: "اختبار"\nlang: ar\n---\n\n';
  // (Arabic letters are 2 bytes in UTF-8: 2.5 M of them are 5 MB.)
  writeFileSync(join(root, 'content', 'huge-paragraph.md'), `${fm}${'ك'.repeat((5 * 1024 * 1024) / 2)}`);
  writeFileSync(join(root, 'content', 'huge-front-matter.md'), `---\ntitle: "${'ع'.repeat(70 * 1024)}"\n---\n\nنص.\n`);
  // A secret outside the root, reached through a symlink inside it.
  copyFileSync(join(FIXTURES, 'images', 'ok.png'), join(outside, 'secret.png'));
  symlinkSync(join(outside, 'secret.png'), join(root, 'content', 'leak.png'));
  // Templates: a corrupt font, a font path out of fonts/, a YAML tag that would be code elsewhere.
  const memo = readFileSync(join(ROOT, 'templates', 'memo', 'template.yaml'), 'utf8');
  const tpl = (name: string, text: string): void => {
    mkdirSync(join(root, 'templates', name), { recursive: true });
    writeFileSync(join(root, 'templates', name, 'template.yaml'), text);
  };
  mkdirSync(join(root, 'fonts'), { recursive: true });
  copyFileSync(join(FIXTURES, 'fonts', 'corrupt.ttf'), join(root, 'fonts', 'corrupt.ttf'));
  tpl('badfont', memo.replace(/regular: .*\.ttf/, 'regular: corrupt.ttf'));
  tpl('fontescape', memo.replace(/regular: .*\.ttf/, 'regular: ../../../../../../../../etc/passwd'));
  tpl('codetpl', memo.replace(/^description: .*$/m, 'description: !!js/function "function () { require(\'child_process\').execSync(\'touch /tmp/sahifa-pwned\') }"'));
  outDir = join(root, 'output');
}

/** Runs every brief in one child process under the I/O trace. */
function runAll(settings: object = {}, briefs?: string[]): { results: typeof results; trace: typeof trace } {
  const traceFile = join(root, '..', `trace-${Date.now()}.jsonl`);
  const list = briefs ?? readdirSync(join(root, 'content')).filter((f) => f.endsWith('.md')).map((f) => `content/${f}`);
  const r = spawnSync(process.execPath, ['--import', join(ROOT, 'test', 'helpers', 'trace-io.mjs'), join(ROOT, 'test', 'helpers', 'hostile-runner.mjs'), DIST, root, outDir, JSON.stringify(settings), ...list], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, SAHIFA_TRACE: traceFile, SOURCE_DATE_EPOCH: '0' },
    maxBuffer: 64 << 20,
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`runner failed (${r.status}): ${r.stderr}`);
  const lines = JSON.parse(r.stdout.trim().split('\n').pop()!) as { brief: string }[];
  const map = new Map(lines.map((l) => [l.brief.replace(/^content\//, '').replace(/\.md$/, ''), l])) as unknown as typeof results;
  const t = existsSync(traceFile) ? readFileSync(traceFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as (typeof trace)[number]) : [];
  return { results: map, trace: t };
}

beforeAll(async () => {
  rmSync('/tmp/sahifa-pwned', { force: true });
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' }).end(readFileSync(join(FIXTURES, 'images', 'ok.png')));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
  setUp();
  ({ results, trace } = runAll());
}, 600_000);

afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
});

const inside = (dir: string, path: string): boolean => path === dir || path.startsWith(dir + sep);

describe('hostile fixtures', () => {
  it('has at least 25 committed inputs, each with an expected outcome', () => {
    const committed = readdirSync(FIXTURES).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, ''));
    expect(committed.length).toBeGreaterThanOrEqual(25);
    for (const name of [...committed, 'huge-paragraph', 'huge-front-matter']) expect(EXPECTED[name], name).toBeDefined();
    expect([...results.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name}: ${'error' in want ? 'refused with its error' : 'builds a safe output'}`, () => {
      const r = results.get(name)!;
      expect(r.status, JSON.stringify(r.error)).not.toBe('threw');
      if ('error' in want) {
        expect(r.status).toBe('failed');
        expect(r.error!.message).toMatch(want.error);
        expect(r.error!.message).not.toMatch(/\n\s+at /); // a message, not a stack trace
        return;
      }
      expect(r.status, r.error?.message).toBe('built');
      expect(r.outputs.map((o) => o.split('/').pop()!.replace(/^.*\./, '')).sort()).toEqual(expect.arrayContaining(['docx', 'html', 'pdf']));
      for (const w of want.warnings ?? []) expect(r.warnings.some((x) => w.test(formatWarning(x))), `${w} in ${r.warnings.map(formatWarning).join('\n')}`).toBe(true);
      checkHtml(readFileSync(join(outDir, `${name}.html`), 'utf8'));
      checkPdf(join(outDir, `${name}.pdf`));
      checkDocx(readFileSync(join(outDir, `${name}.docx`)));
    });
  }

  it('opened no file outside the project root and sahifa itself, and connected nowhere', () => {
    const allowed = [root, resolve(ROOT)];
    const opened = trace.filter((t) => t.kind !== 'connect' && t.tag !== null);
    expect(opened.length).toBeGreaterThan(50); // the trace works
    expect(opened.some((t) => t.path.endsWith(`${sep}images${sep}ok.png`) || t.path.endsWith('Regular.ttf'))).toBe(true);
    const out = opened.filter((t) => !allowed.some((a) => inside(a, t.path)));
    expect(out).toEqual([]);
    expect(opened.filter((t) => t.path === '/etc/passwd' || t.path.startsWith(outside))).toEqual([]);
    expect(trace.filter((t) => t.kind === 'connect')).toEqual([]);
    expect(requests).toEqual([]);
    expect(existsSync('/tmp/sahifa-pwned')).toBe(false);
  });
});

describe('--allow-remote never reaches private addresses', () => {
  it('refuses 127.0.0.1 and 169.254.169.254 even when allowed, and the listener sees nothing', () => {
    const run = runAll({ allowRemote: ['127.0.0.1', '169.254.169.254'] }, ['content/loopback-image.md', 'content/metadata-ip.md']);
    for (const name of ['loopback-image', 'metadata-ip']) {
      const r = run.results.get(name)!;
      expect(r.status).toBe('failed');
      expect(r.error!.message).toMatch(/a private, loopback or link-local address: never fetched/);
    }
    expect(run.trace.filter((t) => t.kind === 'connect')).toEqual([]);
    expect(requests).toEqual([]);
  });
});

describe('the command line', () => {
  it('a remote image is a warning in `sahifa check` (`--strict` fails on it), as in `build`, which shows its alt text', () => {
    const checked = sahifa(['check', 'content/metadata-ip.md'], root);
    expect(checked.code).toBe(0);
    expect(checked.out).toMatch(/metadata-ip\.md:\d+:\d+: warning: image "http:\/\/169\.254\.169\.254\/.*" is not fetched: .*--allow-remote 169\.254\.169\.254/);
    expect(sahifa(['check', '--strict', 'content/metadata-ip.md'], root).code).toBe(1);
    const built = sahifa(['build', 'content/metadata-ip.md', '--out', 'cli-out', '--format', 'html'], root);
    expect(built.code).toBe(0);
    expect(built.err).toMatch(/warning .*metadata-ip\.md:\d+:\d+.*is not fetched/);
  });
  it('rejects a malformed --allow-remote as a usage error', () => {
    const r = sahifa(['build', 'content/metadata-ip.md', '--allow-remote', 'https://example.org/'], root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a host name/);
  });
  it('--allow-html keeps raw HTML as written and leaves the policy out', () => {
    const r = sahifa(['build', 'content/script-tag.md', '--out', 'unsafe-out', '--format', 'html', '--allow-html'], root);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(root, 'unsafe-out', 'script-tag.html'), 'utf8');
    expect(html).toContain('<script>alert(1)</script>');
    expect(html).not.toContain('Content-Security-Policy');
    expect(readFileSync(join(outDir, 'script-tag.html'), 'utf8')).not.toMatch(/<script/i);
  });
});

const skipChromium = needClient('chromium', CHROMIUM !== undefined);
describe.skipIf(skipChromium)('Chromium loads the safe pages without a single request to the listener', () => {
  it('every safe page: zero requests to 127.0.0.1, no script ran, only file:// loads', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const loaded: string[] = [];
      page.on('request', (r) => loaded.push(r.url()));
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const safe = Object.entries(EXPECTED).filter(([, w]) => 'safe' in w).map(([n]) => n);
      for (const name of safe) {
        await page.goto(pathToFileURL(join(outDir, `${name}.html`)).href, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        await page.waitForTimeout(50);
      }
      expect(safe.length).toBeGreaterThanOrEqual(10);
      expect(requests).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(loaded.filter((u) => !u.startsWith('file://'))).toEqual([]);
      expect(loaded.some((u) => u.endsWith('.ttf'))).toBe(true); // fonts still load under the CSP
    } finally {
      await browser.close();
    }
  });
});

// ---- readers ---------------------------------------------------------------------------------

/** Parses the page (parse5 via hast-util-from-html) and checks nothing active or remote is left. */
function checkHtml(html: string): void {
  const tree = fromHtml(html);
  const bad: string[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'element') {
      const el = node as Element;
      if (['script', 'iframe', 'object', 'embed', 'base', 'form', 'link', 'video', 'audio'].includes(el.tagName)) bad.push(`<${el.tagName}>`);
      if (el.tagName === 'meta' && el.properties['httpEquiv'] && String(el.properties['httpEquiv']).toLowerCase() !== 'content-security-policy') bad.push('meta http-equiv');
      for (const [k, v] of Object.entries(el.properties)) {
        if (/^on/i.test(k)) bad.push(`${el.tagName}.${k}`);
        const s = Array.isArray(v) ? v.join(' ') : String(v);
        // Links may point anywhere safe (a click is the reader's choice); what loads by itself may not leave the page's folder.
        if (k === 'href' && /^\s*(javascript|vbscript|data|file):/i.test(s)) bad.push(`${el.tagName}.${k}=${s}`);
        if (['src', 'srcSet', 'poster', 'action', 'data', 'style', 'background'].includes(k) && /(javascript|vbscript|data|file|https?):|\/\/|127\.0\.0\.1|169\.254/i.test(s)) bad.push(`${el.tagName}.${k}=${s}`);
      }
      if (el.tagName === 'style' && /127\.0\.0\.1|@import/.test(JSON.stringify(el.children))) bad.push('style import');
    }
    if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(tree);
  expect(bad).toEqual([]);
  expect(html).toContain('http-equiv="Content-Security-Policy"');
}

/** qpdf --check (structure, streams) when qpdf is installed; else the header and trailer. */
function checkPdf(file: string): void {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  if (hasCommand('qpdf', ['--version'])) execFileSync('qpdf', ['--check', file], { stdio: 'pipe' });
}

/** Re-reads the DOCX zip and parses every XML part. */
function checkDocx(bytes: Uint8Array): void {
  const files = unzipSync(bytes);
  expect(Object.keys(files)).toContain('word/document.xml');
  const parser = new XMLParser({ ignoreAttributes: false });
  for (const [name, data] of Object.entries(files)) if (name.endsWith('.xml') || name.endsWith('.rels')) parser.parse(strFromU8(data), true);
}
