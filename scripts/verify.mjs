#!/usr/bin/env node
// `npm run verify [briefs…]`: reading-order figures of sahifa's PDF beside Chromium's print of
// sahifa's HTML, for the seed brief and every document of ../shared/corpus (when present).
// Exit 1 when a brief's PDF falls short of Chromium's (see src/verify/index.ts).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verify } from '../dist/verify/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let sources = process.argv.slice(2);
if (sources.length === 0) {
  sources = [join(root, 'content', 'kazakhstan-abraham-accords.md')];
  const corpus = resolve(root, '..', 'shared', 'corpus');
  if (existsSync(corpus)) sources.push(...readdirSync(corpus).filter((f) => f.endsWith('.md')).sort().map((f) => join(corpus, f)));
  else console.log(`note: ${corpus} not found; verifying the seed brief only`);
}
const rows = await verify(sources, { root });
const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('brief', 44)} ${pad('PDF chars', 10)} ${pad('PDF lines', 10)} ${pad('Chromium chars', 15)} ${pad('Chromium lines', 15)} verdict`);
for (const r of rows) {
  const name = r.source.split('/').pop();
  console.log(`${pad(name, 44)} ${pad(r.pdf.chars.toFixed(4), 10)} ${pad(r.pdf.lines.toFixed(4), 10)} ${pad(r.chromium.chars.toFixed(4), 15)} ${pad(r.chromium.lines.toFixed(4), 15)} ${r.ok ? 'ok' : 'WORSE'}`);
}
const bad = rows.filter((r) => !r.ok).length;
console.log(`${rows.length - bad} ok, ${bad} worse than Chromium`);
process.exitCode = bad ? 1 : 0;
