/**
 * Worker thread script of the build pool when sahifa runs unbundled (from `dist/` modules): serves
 * jobs with {@link serveJobs}. The bundled CLI starts `startup/worker.js` instead.
 */
import { parentPort } from 'node:worker_threads';
import { serveJobs } from './serve.js';

if (!parentPort) throw new Error('sahifa: pool/worker.js must run in a worker thread');
serveJobs(parentPort);
