#!/usr/bin/env node
// Entry point of the `sahifa` command. Runs the bundled CLI (dist/bundle, made by `npm run build`:
// one file instead of hundreds of modules, for a fast cold start), else the compiled modules.
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/bundle/cli.js', import.meta.url);
const { main } = await import(existsSync(bundled) ? bundled.href : '../dist/cli/index.js');
process.exitCode = await main(process.argv.slice(2));
