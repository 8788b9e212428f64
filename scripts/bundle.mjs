#!/usr/bin/env node
// Bundles the CLI with esbuild into dist/bundle/ (one file per entry, writer chunks loaded on
// demand), so a cold `sahifa build` does not walk hundreds of small modules. Packages that load
// files next to themselves (WebAssembly, browsers) stay external.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'dist/cli/index.js', index: 'dist/index.js', worker: 'dist/pool/worker.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['harfbuzzjs', 'subset-font', 'playwright-core', 'chokidar', 'fsevents'],
  // CommonJS packages in the bundle (pdfmake, pdfkit) use require, __dirname and __filename.
  banner: {
    js: [
      "import { createRequire as __sahifaRequire } from 'node:module';",
      "import { fileURLToPath as __sahifaPath } from 'node:url';",
      'const require = __sahifaRequire(import.meta.url);',
      'const __filename = __sahifaPath(import.meta.url);',
      "const __dirname = __sahifaPath(new URL('.', import.meta.url));",
    ].join(' '),
  },
  logLevel: 'warning',
  legalComments: 'none',
});
