/**
 * `sahifa watch`: builds, then rebuilds on every save (chokidar), and serves the HTML output on
 * `http://127.0.0.1:PORT/` with live reload. Each rebuild writes the HTML first (pages reload at
 * once), then the PDF and DOCX. Errors go to `onEvent` (the CLI prints them) and to the open pages
 * (an overlay); the watcher keeps running. Builds run in this thread, one at a time, incrementally
 * (see the build manifest), so only the briefs a change touches are rebuilt.
 */
import { existsSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';
import { build, type BuildOptions, type BuildResult } from '../build.js';
import { readManifest } from '../manifest/index.js';
import { SahifaError, isSystemError, systemErrorText } from '../model/errors.js';
import { FORMATS, type Format } from '../writers/index.js';
import type { LiveState } from './client.js';
import type { PreviewServer } from './server.js';

/**
 * Options of {@link watch}: which briefs, formats, template and folders, as for {@link build}
 * (`outDir` is also the folder served), plus the preview server's and watcher's own.
 */
export interface WatchOptions extends Pick<BuildOptions, 'paths' | 'outDir' | 'formats' | 'template' | 'root'> {
  /** TCP port on 127.0.0.1. Default 4321; 0 picks a free port (see {@link Watcher.url}). */
  readonly port?: number | undefined;
  /** Quiet time after the last change before rebuilding, in ms. Default 100. */
  readonly debounceMs?: number | undefined;
  /** Called after each build pass and on errors outside a brief. */
  readonly onEvent?: ((event: WatchEvent) => void) | undefined;
}

/** What {@link watch} reports. */
export type WatchEvent =
  | {
      readonly type: 'build';
      /** Formats of this pass: the HTML first, then the others. */
      readonly formats: readonly Format[];
      readonly result: BuildResult;
      /** Files whose change started this build (empty for the first build). */
      readonly changed: readonly string[];
    }
  /** A build that could not start (e.g. a watched path was removed), or a watcher error. */
  | { readonly type: 'error'; readonly error: Error };

/** A running watcher. */
export interface Watcher {
  /** `http://127.0.0.1:<port>/`: `/` lists the pages (or redirects to the only one). */
  readonly url: string;
  readonly port: number;
  /** Resolves when no build is running or waiting. */
  idle(): Promise<void>;
  /** Stops watching, waits for a running build to finish, closes the server. Safe to call twice. */
  close(): Promise<void>;
}

/** Error lines of a build result: `file:line:column: reason`. */
function errorsOf(result: BuildResult): string[] {
  return result.briefs.filter((b) => b.error).map((b) => (b.error instanceof SahifaError ? b.error.message : `${b.source}: ${b.error!.message}`));
}

/**
 * The error a watcher reports for a failed rebuild or a file-watching error: a failed system call
 * (too many open files, a folder that cannot be read) becomes a {@link SahifaError} whose message is
 * one line naming the path relative to `root` (`content: cannot read the folder content: too many
 * open files (EMFILE)`), so it is printed without a stack; other errors are returned as they are.
 */
export function watchError(err: unknown, root: string): Error {
  if (err instanceof SahifaError || !isSystemError(err)) return err instanceof Error ? err : new Error(String(err));
  const shown = (path: string): string => relative(root, path) || path;
  return new SahifaError({ file: err.path === undefined ? '.' : shown(err.path) }, systemErrorText(err, shown), 'input');
}

/**
 * Builds the briefs once, starts the preview server and watches the briefs, the project's
 * `templates/` and `fonts/` folders and the local images the briefs include.
 *
 * @throws {SahifaError} `missing-path` rule when a path does not exist at start
 * @throws the server's listen error (e.g. `EADDRINUSE`) when the port is taken
 */
export async function watch(options: WatchOptions = {}): Promise<Watcher> {
  const root = resolve(options.root ?? process.cwd());
  const outDir = resolve(root, options.outDir ?? 'output');
  const paths = options.paths?.length ? options.paths : ['content'];
  const formats = options.formats?.length ? options.formats : FORMATS;
  const debounce = options.debounceMs ?? 100;
  const emit = options.onEvent ?? (() => undefined);
  for (const p of paths) if (!existsSync(resolve(root, p))) throw new SahifaError({ file: p }, 'no such file or folder', 'missing-path');
  // Loaded here, not at import: `import { build } from 'sahifa'` must not pay for a file watcher and a server.
  const { watch: chokidarWatch } = await import('chokidar');
  const { startServer } = await import('./server.js');

  let state: LiveState = { version: 0, errors: [] };
  const publish = (next: LiveState): void => {
    const changed = next.version !== state.version || next.errors.join('\n') !== state.errors.join('\n');
    state = next;
    if (changed) server.publish(state);
  };

  const base: BuildOptions = { paths, outDir, template: options.template, root, jobs: 1 };
  /** One build: HTML first (pages reload), then the other formats of the briefs that did not fail. */
  const runBuild = async (changed: readonly string[]): Promise<void> => {
    const passes: Format[][] = formats.includes('html') ? [['html'], formats.filter((f) => f !== 'html')] : [[...formats]];
    const errors: string[] = [];
    let sources: readonly string[] = paths;
    for (const pass of passes) {
      if (!pass.length || !sources.length) continue;
      let result: BuildResult;
      try {
        result = await build({ ...base, paths: sources, formats: pass });
      } catch (err) {
        const error = watchError(err, root);
        emit({ type: 'error', error });
        publish({ version: state.version, errors: [error.message] });
        return;
      }
      errors.push(...errorsOf(result));
      emit({ type: 'build', formats: pass, result, changed });
      publish({ version: state.version + (result.built > 0 ? 1 : 0), errors: [...errors] });
      // A brief that failed fails the same way in the next pass: leave it out.
      sources = result.failed ? result.briefs.filter((b) => b.status !== 'failed').map((b) => b.source) : sources;
    }
    await watchImages();
  };

  // Builds run one at a time; changes during a build queue one more.
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = (path: string): void => {
    if (closed) return;
    pending.push(path);
    clearTimeout(timer);
    timer = setTimeout(kick, debounce);
  };
  const kick = (): void => {
    if (busy || closed || !pending.length) return;
    const changed = [...new Set(pending)];
    pending = [];
    busy = true;
    running = runBuild(changed).finally(() => {
      busy = false;
      if (pending.length) kick();
    });
  };

  const server: PreviewServer = await startServer(outDir, options.port ?? 4321, () => state);

  // Watch the briefs, the project's templates and fonts, and the images the briefs include.
  const targets = [...paths.map((p) => resolve(root, p)), resolve(root, 'templates'), resolve(root, 'fonts')].filter((p) => existsSync(p));
  const watched = new Set(targets);
  const isOutput = (p: string): boolean => p === outDir || p.startsWith(outDir + sep);
  const watcher: FSWatcher = chokidarWatch(targets, {
    ignoreInitial: true,
    ignored: (p: string) => isOutput(p) || /(^|[/\\])(\.[^/\\]*|node_modules)$/.test(p),
  });
  const watchImages = async (): Promise<void> => {
    const manifest = await readManifest(outDir);
    for (const brief of Object.values(manifest.briefs)) {
      for (const record of Object.values(brief)) {
        for (const image of record?.inputs.images ?? []) {
          const abs = resolve(root, image.path);
          if (!watched.has(abs) && ![...watched].some((w) => abs.startsWith(w + sep)) && existsSync(dirname(abs))) {
            watched.add(abs);
            watcher.add(abs);
          }
        }
      }
    }
  };
  watcher.on('all', (_event, path) => schedule(path));
  watcher.on('error', (err) => emit({ type: 'error', error: watchError(err, root) }));
  await new Promise<void>((ok) => watcher.once('ready', () => ok()));

  // First build (the server is already listening, so a taken port fails before any work).
  busy = true;
  running = runBuild([]).finally(() => {
    busy = false;
    if (pending.length) kick();
  });
  await running;

  const idle = async (): Promise<void> => {
    while (busy || pending.length) {
      await running;
      if (pending.length && !busy) await new Promise((r) => setTimeout(r, debounce + 10));
    }
  };

  return {
    url: server.url,
    port: server.port,
    idle,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      pending = [];
      await watcher.close();
      await running.catch(() => undefined);
      await server.close();
    },
  };
}
