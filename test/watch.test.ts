/**
 * `sahifa watch` as a user runs it: on a temporary project, it serves the HTML on 127.0.0.1 with
 * a live-reload script (never written to disk), rebuilds the HTML and the PDF when the brief is
 * saved, reports a broken save in the terminal and to the page while the server keeps running,
 * and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, brief, project } from './helpers/cli.js';

/** Polls `check` every 100 ms until it returns a truthy value; rejects after `ms`. */
async function waitFor<T>(what: string, ms: number, check: () => T | Promise<T>): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

const text = async (url: string): Promise<string> => {
  const res = await fetch(url);
  return `${res.status} ${await res.text()}`;
};

const FIRST = 'الفقرة الأولى قبل التعديل.';
const SECOND = 'الفقرة بعد الحفظ في أثناء المراقبة.';

describe('sahifa watch', () => {
  it('serves the HTML with live reload, rebuilds HTML and PDF on save, shows errors, stops on SIGTERM', async () => {
    const dir = project({ 'content/brief.md': brief('ورقة تحت المراقبة', FIRST) });
    const source = join(dir, 'content', 'brief.md');
    const child = spawn(process.execPath, [BIN, 'watch', '--port', '0', '--format', 'html,pdf'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.on('exit', (code, signal) => ok({ code, signal })));
    const events = new AbortController();
    try {
      const url = await waitFor('the URL', 60_000, () => /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1]);
      expect(out).toMatch(/^built content\/brief\.md → .*brief\.html/m);

      // The page is served with the live-reload client; the file on disk has none.
      const page = await text(`${url}brief.html`);
      expect(page).toMatch(/^200 /);
      expect(page).toContain(FIRST);
      expect(page).toContain('data-sahifa-live');
      const onDisk = readFileSync(join(dir, 'output', 'brief.html'), 'utf8');
      expect(onDisk).toContain(FIRST);
      expect(onDisk).not.toContain('data-sahifa-live');
      const root = await fetch(url, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/brief.html');
      expect((await fetch(`${url}.sahifa-manifest.json`)).status).toBe(404);
      const pdf = join(dir, 'output', 'brief.pdf');
      await waitFor('the first PDF', 60_000, () => existsSync(pdf));
      const pdfBefore = readFileSync(pdf);

      // Listen to the page's event stream.
      const states: { version: number; errors: string[] }[] = [];
      const stream = await fetch(`${url}__sahifa/events`, { signal: events.signal });
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      void (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (/^event: state$/m.test(block) && data) states.push(JSON.parse(data));
          }
        }
      })().catch(() => undefined);
      await waitFor('the initial state', 10_000, () => states.length > 0);
      const v0 = states[0]!.version;

      // Save an edit: new HTML served, the PDF rebuilt, the page told to reload.
      writeFileSync(source, brief('ورقة تحت المراقبة', SECOND));
      await waitFor('the new HTML', 30_000, async () => (await text(`${url}brief.html`)).includes(SECOND));
      const pdfAfter = await waitFor('the new PDF', 60_000, () => {
        const now = readFileSync(pdf);
        return !now.equals(pdfBefore) && now.subarray(-6).toString('latin1').includes('%%EOF') ? now : undefined;
      });
      expect(pdfAfter.subarray(0, 5).toString()).toBe('%PDF-');
      await waitFor('a reload event', 10_000, () => states.some((s) => s.version > v0));

      // A broken save: the error in the terminal and in the page; the last good page stays served.
      writeFileSync(source, '---\ntitle: كازاخستان تنضم: خطأ\nlang: ar\n---\n\nنص.\n');
      await waitFor('the error event', 30_000, () => states.some((s) => s.errors.some((e) => e.includes('content/brief.md:2:8'))));
      await waitFor('the error in the terminal', 10_000, () => err.includes('error content/brief.md:2:8: invalid YAML'));
      const broken = await text(`${url}brief.html`);
      expect(broken).toContain(SECOND);
      expect(broken).toContain('content/brief.md:2:8');

      // Fixed again: the error clears and the watcher is still at work.
      writeFileSync(source, brief('ورقة تحت المراقبة', FIRST));
      await waitFor('the fixed HTML', 30_000, async () => (await text(`${url}brief.html`)).includes(FIRST));
      await waitFor('the errors to clear', 10_000, () => states.at(-1)!.errors.length === 0);
      expect(child.exitCode).toBeNull();

      // SIGTERM: watcher and server closed, exit code 0.
      events.abort();
      child.kill('SIGTERM');
      const end = await Promise.race([exit, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
      expect(end).toEqual({ code: 0, signal: null });
      expect(out).toContain('stopped');
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      events.abort();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
