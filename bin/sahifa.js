#!/usr/bin/env node
// Entry point of the `sahifa` command. Runs the bundled CLI (dist/bundle/sahifa.cjs, made by
// `npm run build`: one file instead of hundreds of modules, compiled with a V8 code cache — see
// src/startup/code-cache.ts), else the compiled modules of dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/bundle/sahifa.cjs', import.meta.url));
if (existsSync(bundle)) {
  const { loadBundle } = await import('../dist/startup/code-cache.js');
  const loaded = await loadBundle(bundle, 'main');
  const argv = process.argv.slice(2);
  process.exitCode = await loaded.exports.main(argv);
  // a missing cache is written after a build (which compiles every writer), not after --help
  if (argv[0] === 'build') loaded.saveCache();
} else {
  const { main } = await import('../dist/cli/index.js');
  process.exitCode = await main(process.argv.slice(2));
}
