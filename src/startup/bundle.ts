/**
 * Entry of the CommonJS bundle `dist/bundle/sahifa.cjs` (scripts/bundle.mjs): what the `sahifa`
 * command (bin/sahifa.js) and its worker threads (startup/worker.ts) call.
 */
export { main } from '../cli/index.js';
export { serveJobs } from '../pool/serve.js';
