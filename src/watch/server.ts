/**
 * The preview server of `sahifa watch`: serves the output folder on 127.0.0.1 only, injects the
 * live-reload client into HTML pages, and pushes build state to pages over Server-Sent Events.
 *
 * It answers only requests addressed to itself (`Host: 127.0.0.1:PORT` or `localhost:PORT`), so a
 * web page whose name was rebound to 127.0.0.1 (DNS rebinding) cannot read the previews; it serves
 * only regular files inside the output folder, never through a symbolic link; and it holds a
 * bounded number of connections and event streams, so clients that hold connections open cannot
 * take the file descriptors the rebuilds need.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, resolve, sep } from 'node:path';
import { EVENTS_PATH, injectClient, type LiveState } from './client.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

/** Connection limits of {@link startServer}. */
export interface ServerLimits {
  /** Most TCP connections open at once; further ones are closed at once. Default {@link MAX_CONNECTIONS}. */
  readonly maxConnections?: number | undefined;
  /** Most live-reload event streams open at once; further ones get 503. Default {@link MAX_EVENT_CLIENTS}. */
  readonly maxEventClients?: number | undefined;
}

/**
 * Default most connections at once: a browser opens at most six per host, plus one event stream
 * per open tab; the rest of the process's file descriptors stay for the builds.
 */
export const MAX_CONNECTIONS = 64;

/** Default most live-reload event streams (open preview tabs) at once. */
export const MAX_EVENT_CLIENTS = 32;

/**
 * True when a request's `Host` header names this server: `127.0.0.1:PORT` or `localhost:PORT`
 * (any case). Anything else (another name, another port, no header) is a request meant for
 * someone else, e.g. a DNS-rebinding page.
 */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/**
 * Reads the file at `path` inside `outDir` when it is a regular file reached without any symbolic
 * link (each folder below `outDir` and the file itself are checked with `lstat`, and the file is
 * opened with `O_NOFOLLOW` and checked again); else undefined.
 */
async function readServed(outDir: string, path: string): Promise<Buffer | undefined> {
  const parts = relative(outDir, path).split(sep);
  let at = outDir;
  for (const [i, part] of parts.entries()) {
    at = join(at, part);
    const info = await lstat(at).catch(() => null);
    if (!info || info.isSymbolicLink() || !(i === parts.length - 1 ? info.isFile() : info.isDirectory())) return undefined;
  }
  const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => null);
  if (!file) return undefined;
  try {
    if (!(await file.stat()).isFile()) return undefined;
    return await file.readFile();
  } finally {
    await file.close();
  }
}

/** A running preview server. */
export interface PreviewServer {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  readonly port: number;
  /** Sends the new state to every open page. */
  publish(state: LiveState): void;
  /** Ends the event streams and closes the server. */
  close(): Promise<void>;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Starts the server on `127.0.0.1:port` (0: a free port).
 *
 * @param outDir the folder served (absolute)
 * @param current returns the state to embed in pages served now
 * @param limits connection limits (defaults {@link MAX_CONNECTIONS}, {@link MAX_EVENT_CLIENTS})
 * @throws the listen error (e.g. `EADDRINUSE`) when the port is taken
 */
export async function startServer(outDir: string, port: number, current: () => LiveState, limits: ServerLimits = {}): Promise<PreviewServer> {
  const clients = new Set<ServerResponse>();
  const maxEventClients = limits.maxEventClients ?? MAX_EVENT_CLIENTS;
  let actual = port;
  const send = (res: ServerResponse, state: LiveState): void => {
    res.write(`event: state\ndata: ${JSON.stringify(state)}\n\n`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isOwnHost(req.headers.host, actual)) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end(`this server answers only http://127.0.0.1:${actual}/ and http://localhost:${actual}/\n`);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === EVENTS_PATH) {
      if (clients.size >= maxEventClients) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5', Connection: 'close' }).end(`too many open previews (${maxEventClients}): close some tabs\n`);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write('retry: 500\n\n');
      send(res, current());
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (url.pathname === '/__sahifa/state') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(current()));
      return;
    }
    if (url.pathname === '/') {
      const pages = (await readdir(outDir).catch(() => [] as string[])).filter((f) => f.endsWith('.html')).sort();
      if (pages.length === 1) {
        res.writeHead(302, { Location: `/${encodeURIComponent(pages[0]!)}` }).end();
        return;
      }
      const list = pages.map((p) => `<li><a href="/${encodeURIComponent(p)}">${escapeHtml(p)}</a></li>`).join('\n');
      const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sahifa watch</title></head><body><h1>sahifa</h1><ul>\n${list}\n</ul></body></html>`;
      res.writeHead(200, { 'Content-Type': TYPES['.html']!, 'Cache-Control': 'no-store' }).end(injectClient(page, current()));
      return;
    }
    let path: string;
    try {
      path = resolve(outDir, `.${decodeURIComponent(url.pathname)}`);
    } catch {
      res.writeHead(400).end();
      return;
    }
    // Only regular files inside the output folder, reached without symbolic links, and none of its
    // hidden files (manifest, temporary files).
    const inside = path.startsWith(outDir + sep) && !relative(outDir, path).split(sep).some((part) => part.startsWith('.'));
    const bytes = inside ? await readServed(outDir, path) : undefined;
    if (!bytes) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    let body: Buffer | string = bytes;
    if (type === TYPES['.html']) body = injectClient(body.toString('utf8'), current());
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`${(err as Error).message}\n`);
    });
  });
  // Connections past the limit are closed as soon as they are accepted, so held connections cannot
  // use up the file descriptors a rebuild needs.
  server.maxConnections = limits.maxConnections ?? MAX_CONNECTIONS;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  actual = (server.address() as AddressInfo).port;
  // A comment every 15 s keeps idle event streams open through proxies and sleeping tabs.
  const heartbeat = setInterval(() => {
    for (const c of clients) c.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    publish(state) {
      for (const c of clients) send(c, state);
    },
    async close() {
      clearInterval(heartbeat);
      for (const c of clients) c.end();
      clients.clear();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
    },
  };
}
