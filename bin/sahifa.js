#!/usr/bin/env node
// Entry point of the `sahifa` command. `--version` is answered from package.json and `--help`
// from the text `npm run build` saved (dist/bundle/help.txt) without loading the CLI at all;
// everything else runs the bundled CLI (dist/bundle/sahifa.cjs, and the chunks it loads when a
// command needs them, made by `npm run build` — see scripts/bundle.mjs — each compiled with a V8
// code cache: src/startup/code-cache.ts), else the compiled modules of dist/.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
const help = fileURLToPath(new URL('../dist/bundle/help.txt', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/bundle/sahifa.cjs', import.meta.url));
if (only === '--version' || only === '-v') {
  // what commander prints (src/cli/index.ts: SAHIFA_VERSION, read from the same file)
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else if ((only === '--help' || only === '-h') && !process.stdout.isTTY && existsSync(help)) {
  // commander's help as written to a pipe or file (at a terminal it wraps to the terminal's width)
  process.stdout.write(readFileSync(help));
} else if (existsSync(bundle)) {
  const { loadBundle } = await import('../dist/startup/code-cache.js');
  const loaded = await loadBundle(bundle, 'main');
  process.exitCode = await loaded.exports.main(argv);
  // a missing cache is written after a build (which compiles every writer), not after --help
  if (argv[0] === 'build') loaded.saveCache();
} else {
  const { main } = await import('../dist/cli/index.js');
  process.exitCode = await main(argv);
}
