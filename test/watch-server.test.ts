/**
 * The preview server of `sahifa watch`, on loopback: it answers only its own host name (DNS
 * rebinding), serves only regular files of the output folder (no symbolic links), bounds its
 * connections and event streams (held connections took the file descriptors the rebuild needed),
 * and its live-reload script works on a page whose elements clobber `document`'s properties.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SahifaError } from '../src/model/errors.js';
import { clientScript } from '../src/watch/client.js';
import { watchError } from '../src/watch/index.js';
import { startServer, type PreviewServer } from '../src/watch/server.js';
import { CHROMIUM, needClient, tempDir } from './helpers/clients.js';
import { BIN, brief, project } from './helpers/cli.js';

/** GET `path` from 127.0.0.1:`port` with the given `Host` header; resolves to status and body. */
function get(port: number, path: string, host: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const headers: Record<string, string> = {};
    if (host !== undefined) headers['Host'] = host;
    const req = request({ host: '127.0.0.1', port, path, headers, setHost: host !== undefined, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
        if (path.includes('events')) res.destroy();
      });
      res.on('close', () => ok({ status: res.statusCode!, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body><p>نص</p></body></html>';

describe('preview server', () => {
  const outDir = tempDir('sahifa-serve-');
  const outside = tempDir('sahifa-outside-');
  writeFileSync(join(outDir, 'page.html'), PAGE);
  writeFileSync(join(outside, 'secret.txt'), 'SECRET');
  mkdirSync(join(outDir, 'sub'));
  writeFileSync(join(outDir, 'sub', 'ok.txt'), 'ok');
  symlinkSync(join(outside, 'secret.txt'), join(outDir, 'secret.txt'));
  symlinkSync(outside, join(outDir, 'linked'));
  symlinkSync(join(outDir, 'page.html'), join(outDir, 'alias.html'));
  let server: PreviewServer;
  beforeAll(async () => {
    server = await startServer(outDir, 0, () => ({ version: 1, errors: [] }), { maxConnections: 8, maxEventClients: 2 });
  });
  afterAll(async () => server?.close());

  it('answers only requests for 127.0.0.1:PORT or localhost:PORT (421 for any other Host)', async () => {
    const p = server.port;
    expect((await get(p, '/page.html', `127.0.0.1:${p}`)).status).toBe(200);
    expect((await get(p, '/page.html', `LocalHost:${p}`)).status).toBe(200);
    for (const host of ['evil.example', `evil.example:${p}`, `127.0.0.1:${p + 1}`, '127.0.0.1', `localhost.evil.example:${p}`, `[::1]:${p}`]) {
      const r = await get(p, '/page.html', host);
      expect(r.status, host).toBe(421);
      expect(r.body, host).not.toContain('نص');
    }
    expect((await get(p, '/__sahifa/state', 'rebound.example')).status).toBe(421);
    expect((await get(p, '/__sahifa/events', 'rebound.example')).status).toBe(421);
  });

  it('serves regular files only, never through a symbolic link', async () => {
    const p = server.port;
    const host = `127.0.0.1:${p}`;
    expect(await get(p, '/sub/ok.txt', host)).toEqual({ status: 200, body: 'ok' });
    for (const path of ['/secret.txt', '/linked/secret.txt', '/alias.html', '/sub', '/linked']) {
      const r = await get(p, path, host);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toContain('SECRET');
    }
  });

  it('keeps at most maxEventClients event streams (503 past it) and closes connections past maxConnections', async () => {
    const p = server.port;
    const host = `127.0.0.1:${p}`;
    // Two streams held open; a third is refused.
    const held: Socket[] = [];
    const stream = async (): Promise<string> =>
      new Promise((ok) => {
        const s = connect(p, '127.0.0.1', () => s.write(`GET /__sahifa/events HTTP/1.1\r\nHost: ${host}\r\n\r\n`));
        held.push(s);
        s.once('data', (d) => ok(d.toString('latin1')));
      });
    expect(await stream()).toMatch(/^HTTP\/1\.1 200/);
    expect(await stream()).toMatch(/^HTTP\/1\.1 200/);
    expect(await stream()).toMatch(/^HTTP\/1\.1 503/);
    for (const s of held) s.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect(await stream()).toMatch(/^HTTP\/1\.1 200/);
    for (const s of held) s.destroy();
    await new Promise((r) => setTimeout(r, 200));

    // 20 idle connections: the server closes all past the 8th.
    const idle = Array.from({ length: 20 }, () => {
      const s = connect(p, '127.0.0.1');
      const closed = new Promise<boolean>((ok) => s.on('close', () => ok(true)));
      s.on('error', () => undefined);
      return { s, closed };
    });
    await new Promise((r) => setTimeout(r, 500));
    const closedCount = (await Promise.all(idle.map(({ closed }) => Promise.race([closed, new Promise<boolean>((r) => setTimeout(() => r(false), 100))])))).filter(Boolean).length;
    expect(closedCount).toBe(12);
    for (const { s } of idle) s.destroy();
  });
});

describe('watchError', () => {
  it('makes a failed system call one line naming the path, without a stack', () => {
    const err = Object.assign(new Error("EMFILE: too many open files, scandir '/p/content'"), { code: 'EMFILE', syscall: 'scandir', path: '/p/content', errno: -24 });
    const clean = watchError(err, '/p');
    expect(clean).toBeInstanceOf(SahifaError);
    expect(clean.message).toBe('content: cannot read the folder content: too many open files (EMFILE)');
    const bug = new TypeError('x is undefined');
    expect(watchError(bug, '/p')).toBe(bug);
  });
});

describe('sahifa watch under many held connections', () => {
  it('rebuilds on save while 600 idle connections are held, with 256 file descriptors', async () => {
    const dir = project({ 'content/brief.md': brief('ورقة', 'الفقرة الأولى.') });
    const child = spawn('bash', ['-c', `ulimit -n 256 && exec "${process.execPath}" "${BIN}" watch --port 0 --format html,pdf`], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const sockets: Socket[] = [];
    try {
      const until = async (what: string, test: () => boolean, ms = 60_000): Promise<void> => {
        const end = Date.now() + ms;
        while (!test()) {
          if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stdout: ${out}; stderr: ${err}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await until('the server', () => /serving http:\/\/127\.0\.0\.1:\d+\//.test(out));
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(out)![1]);
      for (let i = 0; i < 600; i++) {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => undefined);
        sockets.push(s);
      }
      await new Promise((r) => setTimeout(r, 1500));
      writeFileSync(join(dir, 'content', 'brief.md'), brief('ورقة', 'الفقرة بعد الحفظ.'));
      await until('the rebuild', () => (out.match(/^built content\/brief\.md → output\/brief\.pdf/gm) ?? []).length >= 2);
      expect(err).not.toMatch(/EMFILE|\n\s+at /);
    } finally {
      for (const s of sockets) s.destroy();
      child.kill('SIGTERM');
    }
  });
});

const skipChromium = needClient('chromium', CHROMIUM !== undefined);

describe.skipIf(skipChromium)('live-reload script in headless Chromium', () => {
  it('shows the error overlay on a page whose elements are named getElementById, body, createElement, addEventListener', async () => {
    const dir = tempDir('sahifa-clobber-');
    const clobbering = '<img name="getElementById"><img name="body"><img name="createElement"><img id="addEventListener" name="addEventListener"><form name="sahifa-overlay"></form>';
    writeFileSync(join(dir, 'page.html'), `<!doctype html><html><head><meta charset="utf-8"></head><body><p>نص</p>${clobbering}\n${clientScript({ version: 1, errors: ['content/a.md:3:1: broken'] })}</body></html>`);
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(dir, 'page.html')).href, { waitUntil: 'load' });
      await page.waitForTimeout(200);
      const overlay = await page.evaluate(() => Array.from(Document.prototype.querySelectorAll.call(document, 'pre')).map((e) => (e as HTMLElement).innerText).join('\n'));
      expect(errors).toEqual([]);
      expect(overlay).toContain('content/a.md:3:1: broken');
    } finally {
      await browser.close();
    }
  });
});
