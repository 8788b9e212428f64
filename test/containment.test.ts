/**
 * Containment of what briefs, templates and the manifest name (issue 19): every image and linked
 * file through one containment check, only regular files read and within limits, images outside
 * the project a warning (alt text, the rest builds), decoded-size limits and damaged JPEGs, image
 * names that do not collide across briefs, an untrusted manifest, UNC links, template symlinks,
 * blocked IPv6 forms, and file names printed with visible escapes. Every fixture is made here, in
 * temporary folders.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { check } from '../src/check/index.js';
import { MANIFEST_NAME, readManifest, type Manifest } from '../src/manifest/index.js';
import { SahifaError, visible } from '../src/model/errors.js';
import { decodedBytes, imageInfo, imageProblem } from '../src/model/images.js';
import { readRegularFile } from '../src/io/paths.js';
import { isPrivateAddress } from '../src/model/remote.js';
import { parse } from '../src/parse/index.js';
import { isSafeLink } from '../src/parse/plugins/safety.js';
import { BIN, brief, project, sahifa } from './helpers/cli.js';
import { tempDir } from './helpers/clients.js';
import { pngChunk, solidPng } from './helpers/images.js';
import { ROOT } from './helpers/seed.js';
import { formatWarning } from '../src/model/warnings.js';

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

/** Writes binary files into a project made by `project`. */
function put(dir: string, files: Record<string, Uint8Array>): void {
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
}

const readJson = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;

/** Every image path recorded in a manifest. */
const recordedImages = (m: Manifest): string[] => Object.values(m.briefs).flatMap((b) => Object.values(b).flatMap((r) => r!.inputs.images.map((i) => i.path)));

describe('item 1: inline and reference images go through the containment check', () => {
  it('an inline image or a reference image outside the project is not read: a placed warning, the brief builds, the manifest does not name it', async () => {
    const md = brief('أ', 'نص ![صورة](../../../../../../etc/passwd) نص.\n\nنص ![ظل][r] نص.\n\n[r]: ../../../../../../etc/shadow');
    const dir = project({ 'content/a.md': md });
    const result = await build({ root: dir, formats: ['html'] });
    expect(result.ok).toBe(true);
    const [b] = result.briefs;
    expect(b!.status).toBe('built');
    expect(b!.warnings.map(formatWarning)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^content\/a\.md:9:4: image "\.\.\/(\.\.\/)+etc\/passwd": the path leads outside the project folder/),
        expect.stringMatching(/^content\/a\.md:11:4: image "\.\.\/(\.\.\/)+etc\/shadow": the path leads outside the project folder/),
      ]),
    );
    expect(recordedImages(readJson(join(dir, 'output', MANIFEST_NAME))).filter((p) => p.includes('etc'))).toEqual([]);
    const html = readFileSync(join(dir, 'output', 'a.html'), 'utf8');
    expect(html).toContain('صورة');
    expect(html).not.toMatch(/root:x:0/);
  });

  it('sahifa check reports such images (warnings, as in build) and links (errors); check --strict fails (it said "no problems")', async () => {
    const md = brief('أ', 'نص ![صورة](../../../../../../etc/passwd) و[ملف](../../../../../etc/hostname) نص.\n\nنص ![ظل][r] نص.\n\n[r]: ../../../../../../etc/shadow');
    const dir = project({ 'content/a.md': md });
    const result = await check({ root: dir, strict: true });
    expect(result.ok).toBe(false);
    const messages = result.files[0]!.messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId} ${m.reason}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^9:4 warning path image "[./]+etc\/passwd": the path leads outside/),
        expect.stringMatching(/^9:\d+ error path linked file "[./]+etc\/hostname": the path leads outside/),
        expect.stringMatching(/^11:4 warning path image "[./]+etc\/shadow": the path leads outside/),
      ]),
    );
  });

  it('a FIFO or a link to /dev/zero named by an image neither hangs nor grows the build: only regular files are read', { timeout: 60_000 }, async () => {
    const dir = project({ 'content/a.md': brief('أ', 'نص ![أنبوب](images/pipe.png) و![صفر](images/zero.png) نص.\n\n![أنبوب وحده](images/pipe.png)\n\n![صفر وحده](images/zero.png)') });
    mkdirSync(join(dir, 'content', 'images'));
    execFileSync('mkfifo', [join(dir, 'content', 'images', 'pipe.png')]);
    symlinkSync('/dev/zero', join(dir, 'content', 'images', 'zero.png'));
    const result = await build({ root: dir, formats: ['html'] });
    expect(result.ok).toBe(true);
    const warnings = result.briefs[0]!.warnings.map(formatWarning).join('\n');
    expect(warnings).toMatch(/content\/a\.md:11:1: image "images\/pipe\.png" is not a file; its alt text is shown/);
    expect(warnings).toMatch(/content\/a\.md:13:1: image "images\/zero\.png": the path is a symbolic link that leads outside the project folder/);
    // built again from the manifest's point of view: hashing inputs must not read the FIFO either
    expect((await build({ root: dir, formats: ['html'] })).skipped).toBe(1);
  });

  it('a font file that is a FIFO is refused with a message, without waiting for a writer', () => {
    const memo = readFileSync(join(ROOT, 'templates', 'memo', 'template.yaml'), 'utf8');
    const dir = project({ 'content/a.md': brief('أ', 'فقرة.').replace('lang: ar', 'lang: ar\ntemplate: fifo'), 'templates/fifo/template.yaml': memo.replace(/regular: .*\.ttf/, 'regular: pipe.ttf') });
    mkdirSync(join(dir, 'fonts'));
    execFileSync('mkfifo', [join(dir, 'fonts', 'pipe.ttf')]);
    // a child process with a timeout: a synchronous read of a FIFO would block it for good
    const r = spawnSync(process.execPath, [BIN, 'build', '--format', 'html'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/templates\/fifo\/template\.yaml:\d+:\d+: template key `fonts\.\w+\.regular`: font file fonts\/pipe\.ttf is not a regular file/);
  });

  it('readRegularFile refuses FIFOs, devices and files over the limit before reading', () => {
    const dir = tempDir('sahifa-read-');
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    writeFileSync(join(dir, 'small'), 'abc');
    expect(readRegularFile(join(dir, 'fifo'), 10)).toMatchObject({ ok: false, refusal: 'not-file' });
    expect(readRegularFile('/dev/zero', 10)).toMatchObject({ ok: false, refusal: 'not-file' });
    expect(readRegularFile(join(dir, 'small'), 2)).toMatchObject({ ok: false, refusal: 'too-large', size: 3 });
    expect(readRegularFile(join(dir, 'none'), 2)).toMatchObject({ ok: false, refusal: 'missing' });
    const ok = readRegularFile(join(dir, 'small'), 3);
    expect(ok.ok && ok.bytes.toString()).toBe('abc');
    // a symbolic link the caller accepted (inside the project) is read through
    symlinkSync(join(dir, 'small'), join(dir, 'link'));
    const linked = readRegularFile(join(dir, 'link'), 3);
    expect(linked.ok && linked.bytes.toString()).toBe('abc');
  });
});

describe('item 17: an image outside the project folder is a warning, not a failed brief', () => {
  it('prints the alt text, warns at file:line:column, and builds HTML, PDF and DOCX', async () => {
    const base = tempDir('sahifa-outimg-');
    const dir = join(base, 'project');
    mkdirSync(join(base, 'imgs'));
    writeFileSync(join(base, 'imgs', 'x.png'), solidPng(4, 4));
    put(dir, { 'content/a.md': new TextEncoder().encode(brief('أ', 'قبل.\n\n![مخطط خارجي ALT1](../../imgs/x.png)\n\n::figure[شكل خارجي ALT2]{src="../../imgs/x.png"}\n\nبعد.')) });
    const result = await build({ root: dir });
    expect(result.ok).toBe(true);
    const b = result.briefs[0]!;
    expect(b.status).toBe('built');
    expect(b.warnings.map(formatWarning)).toEqual(
      expect.arrayContaining([
        'content/a.md:11:1: image "../../imgs/x.png": the path leads outside the project folder: only files inside it are read; its alt text is shown',
        'content/a.md:13:1: image "../../imgs/x.png": the path leads outside the project folder: only files inside it are read; its alt text is shown',
      ]),
    );
    expect(readdirSync(join(dir, 'output')).filter((f) => /^a\./.test(f)).sort()).toEqual(['a.docx', 'a.html', 'a.pdf']);
    const html = readFileSync(join(dir, 'output', 'a.html'), 'utf8');
    expect(html).toContain('ALT1');
    expect(html).toContain('ALT2');
    expect(html).not.toContain('<img');
    expect(existsSync(join(dir, 'output', 'images'))).toBe(false);
  });
});

describe('item 9: the manifest is untrusted', () => {
  const A = brief('أ', 'فقرة.');

  it('an output path that leads out of the output folder is not read: the record is dropped and the brief rebuilt', async () => {
    const dir = project({ 'content/a.md': A, 'secret.txt': 'top secret\n' });
    await build({ root: dir, formats: ['html'] });
    const path = join(dir, 'output', MANIFEST_NAME);
    const m = readJson(path);
    const rec = m.briefs['content/a.md']!.html!;
    // the outputs now name a file outside the output folder with its true hash: reading it would
    // answer "unchanged" (a way to test guesses of any file's content)
    (rec as { outputs: Record<string, string> }).outputs = { '../secret.txt': sha('top secret\n') };
    writeFileSync(path, JSON.stringify(m));
    expect((await readManifest(join(dir, 'output'))).briefs['content/a.md']).toBeUndefined();
    const again = await build({ root: dir, formats: ['html'] });
    expect(again.built).toBe(1);
    expect(Object.keys(readJson(path).briefs['content/a.md']!.html!.outputs)).not.toContain('../secret.txt');
  });

  it('"outputs": null and other wrong shapes do not crash the build', async () => {
    const dir = project({ 'content/a.md': A, 'content/b.md': brief('ب', 'فقرة.') });
    await build({ root: dir, formats: ['html'] });
    const path = join(dir, 'output', MANIFEST_NAME);
    const m = readJson(path) as unknown as { briefs: Record<string, Record<string, Record<string, unknown>>> };
    m.briefs['content/a.md']!['html']!['outputs'] = null;
    m.briefs['content/b.md']!['html'] = { inputs: 'x', outputs: { 'b.html': 42 } };
    (m.briefs as Record<string, unknown>)['content/c.md'] = null;
    writeFileSync(path, JSON.stringify(m));
    const again = await build({ root: dir, formats: ['html'] });
    expect(again.ok).toBe(true);
    expect(again.briefs.map((b) => b.status)).toEqual(['built', 'built']);
  });

  it('records the hash of the image bytes embedded, even when a worker thread built the brief after the image was replaced', async () => {
    const red = solidPng(2, 2, [200, 0, 0]);
    const blue = solidPng(2, 2, [0, 0, 200]);
    const dir = project({ 'content/a.md': brief('أ', '![مخطط](chart.png)'), 'content/b.md': brief('ب', 'فقرة.') });
    put(dir, { 'content/chart.png': red });
    // planning (and hashing) is done at 'start'; the workers parse the brief again after it
    const result = await build({
      root: dir,
      formats: ['html'],
      jobs: 2,
      onProgress: (e) => {
        if (e.type === 'start') writeFileSync(join(dir, 'content', 'chart.png'), blue);
      },
    });
    expect(result.ok).toBe(true);
    const src = /<img src="([^"]+)"/.exec(readFileSync(join(dir, 'output', 'a.html'), 'utf8'))![1]!;
    const embedded = readFileSync(join(dir, 'output', src));
    expect(embedded).toEqual(blue);
    const images = readJson(join(dir, 'output', MANIFEST_NAME)).briefs['content/a.md']!.html!.inputs.images;
    expect(images.find((i) => i.path === 'content/chart.png')?.sha256).toBe(sha(embedded));
  });

  it('a remote image is an input: the parser records its URL with the bytes fetched', () => {
    const url = 'https://img.example/chart.png';
    const png = solidPng(2, 2);
    const doc = parse(brief('أ', `![مخطط](${url})`), 'a.md', { allowRemote: ['img.example'], fetched: new Map([[url, png]]) });
    expect(doc.imageInputs).toEqual([{ path: url, bytes: png }]);
  });
});

/** A PNG whose header promises `width` × `height` at `depth` bits, colour type `colour`; its image data is a token. */
function headerPng(width: number, height: number, depth: number, colour: number): Buffer {
  const chunk = pngChunk;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([depth, colour, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk('IEND', Buffer.alloc(0))]);
}

/** A JPEG with one frame header (16 × 16 unless given) of `components` components, then a scan. */
function frameJpeg(components: number, width = 16, height = 16): Buffer {
  const sof = [0xff, 0xc0, 0, 8 + 3 * components, 8, height >> 8, height & 255, width >> 8, width & 255, components];
  for (let c = 0; c < components; c++) sof.push(c + 1, 0x11, 0);
  return Buffer.from([0xff, 0xd8, ...sof, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34, 0xff, 0xd9]);
}

describe('item 5: decompression bombs and damaged JPEGs', () => {
  it('limits the decoded bytes, not only the pixels: 7071 × 7071 at 16-bit RGBA is refused at the image', () => {
    const bomb = headerPng(7071, 7071, 16, 6);
    expect(decodedBytes(bomb, imageInfo(bomb)!)).toBe(7071 * 7071 * 8);
    expect(decodedBytes(solidPng(10, 10), imageInfo(solidPng(10, 10))!)).toBe(300);
    const dir = project({ 'content/a.md': brief('أ', 'قبل.\n\n![قنبلة](bomb.png)') });
    put(dir, { 'content/bomb.png': bomb });
    let err: unknown;
    try {
      parse(readFileSync(join(dir, 'content', 'a.md'), 'utf8'), join(dir, 'content', 'a.md'), { root: dir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SahifaError);
    expect((err as SahifaError).message).toMatch(/a\.md:11:1: image "bomb\.png" decodes to 381\.5 MB of pixels \(7071 × 7071\); the limit is 190\.7 MB$/);
    expect((err as SahifaError).ruleId).toBe('limit');
  });

  it('a JPEG with 0, 2 or 5 components or no width is an error naming the image, not /ColorSpace (undefined)', async () => {
    for (const [bytes, why] of [
      [frameJpeg(0), /has 0 colour components/],
      [frameJpeg(2), /has 2 colour components/],
      [frameJpeg(5), /has 5 colour components/],
      [frameJpeg(3, 0), /JPEG has no pixels \(0 × 16\)/],
    ] as const) {
      expect(imageProblem(bytes, imageInfo(bytes)!)).toMatch(why);
    }
    expect(imageProblem(frameJpeg(3), imageInfo(frameJpeg(3))!)).toBeUndefined();
    const dir = project({ 'content/a.md': brief('أ', 'قبل.\n\n![صورة تالفة](bad.jpg)') });
    put(dir, { 'content/bad.jpg': frameJpeg(2) });
    const result = await build({ root: dir, formats: ['pdf'] });
    expect(result.ok).toBe(false);
    expect(result.briefs[0]!.error!.message).toBe('content/a.md:11:1: image "bad.jpg" is damaged: JPEG frame header has 2 colour components; only 1 (grey), 3 (colour) or 4 (CMYK) can be drawn');
    expect(existsSync(join(dir, 'output', 'a.pdf'))).toBe(false);
  });
});

describe('item 7: images of different briefs do not collide in the output folder', () => {
  it('two briefs with their own images/chart.png each show their own, and a second build skips both', async () => {
    const red = solidPng(3, 3, [200, 0, 0]);
    const blue = solidPng(3, 3, [0, 0, 200]);
    const dir = project({ 'content/x/a.md': brief('أ', '![مخطط](images/chart.png)'), 'content/y/b.md': brief('ب', '![مخطط](images/chart.png)') });
    put(dir, { 'content/x/images/chart.png': red, 'content/y/images/chart.png': blue });
    const first = await build({ root: dir, formats: ['html'] });
    expect(first.built).toBe(2);
    const srcOf = (page: string): string => /<img src="([^"]+)"/.exec(readFileSync(join(dir, 'output', page), 'utf8'))![1]!;
    const [a, b] = [srcOf('a.html'), srcOf('b.html')];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^images\/chart-[0-9a-f]{12}\.png$/);
    expect(readFileSync(join(dir, 'output', a))).toEqual(red);
    expect(readFileSync(join(dir, 'output', b))).toEqual(blue);
    const second = await build({ root: dir, formats: ['html'] });
    expect({ built: second.built, skipped: second.skipped }).toEqual({ built: 0, skipped: 2 });
  });
});

describe('item 10: UNC links and template symlinks', () => {
  it('isSafeLink refuses UNC paths like file: links, keeps protocol-relative web links', () => {
    for (const u of ['\\\\host\\share\\x.docx', '\\\\?\\C:\\x', '/\\host\\share', '\\/host/share', ' \\\\host\\x']) expect(isSafeLink(u), u).toBe(false);
    for (const u of ['//cdn.example/page', '/page', 'a\\b.pdf']) expect(isSafeLink(u), u).toBe(true);
  });

  it('a UNC link in Markdown or raw HTML reaches neither HTML, PDF nor DOCX', async () => {
    const dir = project({ 'content/a.md': brief('أ', 'انظر [الملف](<\\\\\\\\evilhost\\share\\x.docx>) و<a href="\\\\evilhost\\share\\y.docx">هذا</a>.') });
    const result = await build({ root: dir });
    expect(result.ok).toBe(true);
    expect(result.briefs[0]!.warnings.filter((w) => /unsafe|dropped/.test(w.message))).toHaveLength(2);
    const html = readFileSync(join(dir, 'output', 'a.html'), 'utf8');
    expect(html).not.toContain('evilhost');
    const docx = unzipSync(readFileSync(join(dir, 'output', 'a.docx')));
    const xml = Object.entries(docx).filter(([n]) => n.endsWith('.rels') || n.endsWith('.xml')).map(([, b]) => strFromU8(b)).join('\n');
    expect(xml).not.toContain('evilhost');
    expect(readFileSync(join(dir, 'output', 'a.pdf')).toString('latin1')).not.toContain('evilhost');
  });

  it('a template folder, template.yaml or logo that is a symbolic link out of the project is refused', async () => {
    const base = tempDir('sahifa-tpl-');
    const dir = join(base, 'project');
    const outside = join(base, 'outside');
    cpSync(join(ROOT, 'templates', 'policy-brief'), join(outside, 'folder'), { recursive: true });
    const md = (template: string): Uint8Array => new TextEncoder().encode(brief('أ', 'فقرة.').replace('lang: ar', `lang: ar\ntemplate: ${template}`));
    put(dir, { 'content/folder.md': md('folder'), 'content/yaml.md': md('yaml'), 'content/logo.md': md('logo') });
    mkdirSync(join(dir, 'templates', 'yaml'), { recursive: true });
    symlinkSync(join(outside, 'folder'), join(dir, 'templates', 'folder'));
    symlinkSync(join(outside, 'folder', 'template.yaml'), join(dir, 'templates', 'yaml', 'template.yaml'));
    cpSync(join(ROOT, 'templates', 'policy-brief'), join(dir, 'templates', 'logo'), { recursive: true });
    rmSync(join(dir, 'templates', 'logo', 'logo.png'));
    symlinkSync(join(outside, 'folder', 'logo.png'), join(dir, 'templates', 'logo', 'logo.png'));
    const result = await build({ root: dir, formats: ['html'] });
    const errors = Object.fromEntries(result.briefs.map((b) => [b.source, b.error?.message]));
    expect(errors['content/folder.md']).toMatch(/^content\/folder\.md:\d+:\d+: template "folder": the path is a symbolic link that leads outside the project folder/);
    expect(errors['content/yaml.md']).toMatch(/^content\/yaml\.md:\d+:\d+: template "yaml": the path is a symbolic link that leads outside the project folder/);
    expect(errors['content/logo.md']).toMatch(/templates\/logo\/template\.yaml:\d+:\d+: template key `header\.logo`: logo file "logo\.png": the path is a symbolic link that leads outside the project folder/);
  });
});

describe('item 12: blocked address forms, visible file names', () => {
  it('blocks IPv4-compatible and compact IPv4-mapped forms and 6to4', () => {
    for (const a of ['::7f00:1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '::a9fe:a9fe', '2002:7f00:1::1', '2002:808:808::1', '::', '::1']) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['::ffff:808:808', '::ffff:8.8.8.8', '2606:4700:4700::1111', '8.8.8.8']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('control characters in file names are printed as visible escapes by build and check', () => {
    expect(visible('a\x1b[2Jb\nc\td\x7f\x9b')).toBe('a\\x1b[2Jb\\nc\\td\\x7f\\x9b');
    const name = 'content/x\x1b[31mred\nfake.md';
    const dir = project({ [name]: brief('أ', '![صورة](../../../etc/passwd)') });
    const built = sahifa(['build', '--format', 'html'], dir);
    expect(built.code, built.err).toBe(0);
    expect(built.err).toContain('content/x\\x1b[31mred\\nfake.md:9:1: image');
    expect(built.out).toContain('built content/x\\x1b[31mred\\nfake.md → ');
    const checked = sahifa(['check', '--strict'], dir);
    expect(checked.code).toBe(1);
    for (const text of [built.out, built.err, checked.out, checked.err]) expect(text).not.toContain('\x1b');
    expect(checked.out).toContain('x\\x1b[31mred\\nfake.md');
  });
});
