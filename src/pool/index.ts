/**
 * A small pool of worker threads for `build`: `size` workers take briefs from a queue, one at a
 * time each, until it is empty. A worker that dies fails its brief and is replaced. Loaded only
 * when several briefs need building (the single-brief path never loads `worker_threads`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../templates/load.js';
import { dataToError, type ResultMessage } from './protocol.js';

/** The outcome of one job: what was built, or why not. */
export type JobOutcome<Result> = { readonly built: Result } | { readonly error: Error };

/**
 * The compiled worker script, `startup/worker.js` (which loads the bundle when there is one): found
 * relative to this module (as `dist/pool/index.js` or inside a chunk of `dist/bundle/`), else in
 * `dist/` of the package (when this module runs from TypeScript sources, e.g. under vitest), else
 * undefined (the caller then builds in its own thread).
 */
export function workerScript(): URL | undefined {
  const here = new URL('../startup/worker.js', import.meta.url);
  if (here.protocol === 'file:' && existsSync(fileURLToPath(here))) return here;
  const dist = join(PACKAGE_ROOT, 'dist', 'startup', 'worker.js');
  return existsSync(dist) ? pathToFileURL(dist) : undefined;
}

/**
 * Runs `jobs` on `size` worker threads (at least 1). `onDone(k, outcome)` is called once per job
 * `k`, in completion order. Resolves when every job is done and every worker has stopped; never
 * rejects (a crashed worker becomes an error outcome for its job).
 *
 * @param script the worker script (see {@link workerScript}); it answers each `Job` with a `Result`
 */
export function runInWorkers<Job, Result>(script: URL, size: number, jobs: readonly Job[], onDone: (k: number, outcome: JobOutcome<Result>) => void): Promise<void> {
  return new Promise((resolveAll) => {
    let next = 0;
    let finished = 0;
    let running = 0;
    if (!jobs.length) return resolveAll();
    const start = (): void => {
      if (next >= jobs.length) return;
      const worker = new Worker(script);
      running++;
      let current = -1;
      const feed = (): void => {
        if (next >= jobs.length) {
          current = -1;
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ id: current, job: jobs[current] });
      };
      const complete = (k: number, outcome: JobOutcome<Result>): void => {
        onDone(k, outcome);
        if (++finished === jobs.length && running === 0) resolveAll();
      };
      worker.on('message', (msg: ResultMessage<Result>) => {
        const k = msg.id;
        feed();
        complete(k, 'built' in msg ? { built: msg.built } : { error: dataToError(msg.error) });
      });
      worker.on('error', (err) => {
        // The worker is gone: fail its job, start a replacement for the rest of the queue.
        const k = current;
        current = -1;
        if (k >= 0) complete(k, { error: err });
      });
      worker.on('exit', () => {
        running--;
        if (current >= 0) {
          const k = current;
          current = -1;
          complete(k, { error: new Error('the worker thread stopped unexpectedly') });
        }
        if (next < jobs.length) start();
        else if (finished === jobs.length && running === 0) resolveAll();
      });
      feed();
    };
    for (let i = 0; i < Math.max(1, Math.min(size, jobs.length)); i++) start();
  });
}
