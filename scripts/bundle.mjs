#!/usr/bin/env node
// Bundles the CLI with esbuild into CommonJS chunks in dist/bundle/ (sahifa.cjs, the entry, and
// one chunk per `import()` boundary: the `build` API, each writer, check, watch, …), so a cold
// `sahifa build` neither walks hundreds of small modules nor compiles them without a code cache
// (bin/sahifa.js loads them through src/startup/code-cache.ts, which caches V8's compiled code
// per chunk), and a command loads only the chunks it uses: an HTML build neither pdfmake nor docx.
// esbuild splits code only for ES modules: the chunks are made as ES modules, then each is turned
// into CommonJS, its `import()` of another chunk into `__sahifaImport()` (the loader's; Node 20
// loses vm.Script's dynamic-import callback when the script comes from a code cache) and its
// static imports into `require()` of the sibling `.cjs` file.
// Packages that load files next to themselves (WebAssembly, browsers) stay external.
// harfbuzzjs is an ES module with top-level await, which CommonJS cannot require: the bundle
// reads it from a global that the loader fills when the bundle asks (HARFBUZZ_KEY in code-cache.ts,
// src/startup/harfbuzz-ready.ts), each export on first use, so that loading a chunk that imports
// it compiles no WebAssembly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, transform } from 'esbuild';

const ESM_OUT = 'dist/bundle-esm';
rmSync('dist/bundle', { recursive: true, force: true });
rmSync(ESM_OUT, { recursive: true, force: true });
await build({
  entryPoints: { sahifa: 'dist/startup/bundle.js' },
  outdir: ESM_OUT,
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // brotli (fontkit's WOFF2 decoder, 1.3 MB of dictionary) is loaded from node_modules when a
  // WOFF2 font is read, never at start-up (see load-on-first-use)
  external: ['subset-font', 'playwright-core', 'chokidar', 'fsevents', '@resvg/resvg-js'],
  // ES modules in the bundle locate files (templates, fonts, worker script) from import.meta.url.
  define: { 'import.meta.url': '__sahifaModuleUrl' },
  plugins: [
    {
      // fontkit, unicode-properties and linebreak inflate their Unicode tables with tiny-inflate
      // (DEFLATE in JavaScript) when loaded: Node's zlib does it natively (src/startup/native-inflate.cts)
      name: 'tiny-inflate-on-zlib',
      setup(b) {
        b.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: resolve('dist/startup/native-inflate.cjs') }));
      },
    },
    {
      // linebreak and unicode-properties decode those tables from base64 with base64-js (JavaScript)
      // when loaded: Node's Buffer does it natively (src/startup/native-base64.cts)
      name: 'base64-js-on-buffer',
      setup(b) {
        b.onResolve({ filter: /^base64-js$/ }, () => ({ path: resolve('dist/startup/native-base64.cjs') }));
      },
    },
    {
      // Modules loaded on first use instead of at start-up (their exports become functions that
      // load them): pdfkit's AES cipher builds its tables when loaded (~10 ms of a cold build) for
      // PDF encryption, which sahifa never asks for; the HTML parser (parse5, ~10 ms, through
      // hast-util-from-html, in the parser alone) is needed only for briefs with raw HTML.
      name: 'load-on-first-use',
      setup(b) {
        // a function export (brotli/decompress's module.exports) is listed as ['']; `external`
        // modules are not bundled at all but required from node_modules on first use
        const onDemand = { '@noble/ciphers/aes': ['cbc', 'ecb'], 'hast-util-from-html': ['fromHtml'], 'brotli/decompress': [''] };
        const external = new Set(['brotli/decompress']);
        const filter = new RegExp(`^(${Object.keys(onDemand).map((m) => m.replace(/[/.]/g, '\\$&')).join('|')})(\\.js)?$`);
        b.onResolve({ filter }, (args) => {
          if (args.namespace !== 'sahifa-on-demand') return { path: args.path, namespace: 'sahifa-on-demand', pluginData: args.resolveDir };
          return external.has(args.path.replace(/\.js$/, '')) ? { path: args.path, external: true } : undefined;
        });
        b.onLoad({ filter: /.*/, namespace: 'sahifa-on-demand' }, (args) => ({
          contents: onDemand[args.path.replace(/\.js$/, '')]
            .map((name) =>
              name
                ? `exports.${name} = (...args) => require(${JSON.stringify(args.path)}).${name}(...args);`
                : `module.exports = (...args) => require(${JSON.stringify(args.path)})(...args);`,
            )
            .join('\n'),
          resolveDir: args.pluginData,
          loader: 'js',
        }));
      },
    },
    {
      // vega and vega-lite are a chunk of their own (loaded with its code cache, only for a brief
      // with a chart); vega-canvas's Node build awaits `import('canvas')` at its top level, which
      // a CommonJS chunk cannot: its browser build is the same without node-canvas (not a
      // dependency: vega then measures text without a canvas, as before)
      name: 'vega-canvas-without-node-canvas',
      setup(b) {
        b.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: resolve('node_modules/vega-canvas/build/vega-canvas.browser.js') }));
      },
    },
    {
      name: 'harfbuzzjs-from-loader',
      setup(b) {
        b.onResolve({ filter: /^harfbuzzjs$/ }, () => ({ path: 'harfbuzzjs', namespace: 'sahifa-preloaded' }));
        b.onLoad({ filter: /.*/, namespace: 'sahifa-preloaded' }, async () => ({
          contents: [
            'const hb = () => {',
            "  const loaded = globalThis[Symbol.for('sahifa.harfbuzzjs')];",
            "  if (!loaded) throw new Error('sahifa: harfbuzzjs used before it was loaded (await harfbuzzReady() from src/startup/harfbuzz-ready.ts first)');",
            '  return loaded;',
            '};',
            // the names harfbuzzjs exports, each a getter (esbuild's namespace object copies the names when the chunk loads)
            ...Object.keys(await import('harfbuzzjs')).map((name) => `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => hb()[${JSON.stringify(name)}] });`),
          ].join('\n'),
          loader: 'js',
        }));
      },
    },
  ],
  logLevel: 'warning',
  legalComments: 'none',
  charset: 'ascii',
});
mkdirSync('dist/bundle', { recursive: true });
// Each ES module chunk becomes a CommonJS one. esbuild escapes non-ASCII characters in strings but
// copies comments and regular expressions as written: escape those too, each UTF-16 unit as \uXXXX
// (the same character in a string, a regular expression with or without the u flag, an identifier
// or a comment; \u{...} would not be inside a regular expression without the u flag), so the file
// is ASCII and the loader reads it as Latin-1.
for (const name of readdirSync(ESM_OUT)) {
  if (!name.endsWith('.js')) continue;
  const esm = readFileSync(join(ESM_OUT, name), 'utf8')
    // a chunk's import() of another chunk: the loader's, which may first import harfbuzzjs
    .replace(/\bimport\("\.\/([\w.-]+)\.js"\)/g, (_, chunk) => `__sahifaImport("./${chunk}.cjs")`)
    .replace(/(\bfrom\s*|\bimport\s*)"\.\/([\w.-]+)\.js"/g, (_, keyword, chunk) => `${keyword}"./${chunk}.cjs"`);
  const { code } = await transform(esm, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // import() of external packages becomes require() (see __sahifaImport above)
    supported: { 'dynamic-import': false },
    banner: "const __sahifaModuleUrl = require('node:url').pathToFileURL(__filename).href;",
    legalComments: 'none',
    charset: 'ascii',
  });
  // esbuild's `__toCommonJS` copies the chunk's export getters into a second object whose getters
  // read the first by a computed key (`from[key]`): every call of a function from another chunk
  // (micromark's `markdownLineEnding`, once per character) went through that megamorphic load,
  // 9% of a long brief's parse. The export object itself, marked `__esModule`, is the same
  // module namespace with one getter per name, each a closure V8 inlines.
  const exported = code.replace(/^module\.exports = __toCommonJS\((\w+)\);$/m, 'module.exports = __defProp($1, "__esModule", { value: true });');
  if (exported === code && /__toCommonJS\(/.test(code)) throw new Error(`bundle: ${name}: no \`module.exports = __toCommonJS(…)\` to rewrite`);
  const ascii = exported.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeFileSync(join('dist/bundle', name.replace(/\.js$/, '.cjs')), ascii);
}
rmSync(ESM_OUT, { recursive: true, force: true });

// `sahifa --help` as the CLI prints it to a pipe, for bin/sahifa.js to answer without loading the
// CLI (written after the bundle, so the CLI makes it, not an older help.txt)
const help = spawnSync(process.execPath, ['bin/sahifa.js', '--help'], { encoding: 'utf8' });
if (help.status !== 0 || !help.stdout) throw new Error(`bundle: sahifa --help failed: ${help.stderr}`);
writeFileSync('dist/bundle/help.txt', help.stdout);

// Fill the main thread's code cache now, with a build of every format, so that the first real
// build is as fast as the next ones and the cache holds every writer's functions (it is written
// once, by the first run that finds none). Failing here only costs that speed: warn, go on.
const sample = existsSync('content/kazakhstan-abraham-accords.md') ? 'content/kazakhstan-abraham-accords.md' : 'templates/policy-brief/starter.md';
const out = mkdtempSync(join(tmpdir(), 'sahifa-cache-'));
const run = spawnSync(process.execPath, ['bin/sahifa.js', 'build', sample, '--out', out, '--force', '--jobs', '1'], { encoding: 'utf8' });
rmSync(out, { recursive: true, force: true });
if (run.status !== 0) console.warn(`note: could not fill the code cache (${(run.stderr || run.stdout).trim().split('\n').pop()}); builds still work, the first one is slower`);
