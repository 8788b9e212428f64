/**
 * Worker thread script of the build pool. Loads the bundled CLI with its code cache (role
 * `worker`, see {@link loadBundle}) and serves jobs; without a bundle (e.g. `dist/` built by tsc
 * alone) it serves them from the `dist/` modules. The worker's code cache is saved after its
 * first job (before its answer), so it holds the writers' functions.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import type { serveJobs as ServeJobs } from '../pool/serve.js';
import { loadBundle } from './code-cache.js';

const port = parentPort;
if (!port) throw new Error('sahifa: startup/worker.js must run in a worker thread');
const bundle = fileURLToPath(new URL('../bundle/sahifa.cjs', import.meta.url));
if (existsSync(bundle)) {
  const loaded = await loadBundle<{ serveJobs: typeof ServeJobs }>(bundle, 'worker');
  // when a job is done the writers' functions are compiled: save them (once; no-op if cached)
  loaded.exports.serveJobs(port, () => loaded.saveCache());
} else {
  const { serveJobs } = await import('../pool/serve.js');
  serveJobs(port);
}
