#!/usr/bin/env node
// Typst's PDF of the seed brief (bench/seed.typ, Amiri from fonts/amiri) in a fresh Node process,
// with the Typst compiler from npm (@myriaddreamin/typst-ts-node-compiler, a dev dependency):
// the peer of a cold `sahifa build --format pdf` in `npm run bench -- --compare`.
// Usage: node bench/typst.cjs OUT.pdf
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');

const root = join(__dirname, '..');
const compiler = NodeCompiler.create({ workspace: join(root, 'bench'), fontArgs: [{ fontPaths: [join(root, 'fonts', 'amiri')] }] });
writeFileSync(process.argv[2], compiler.pdf({ mainFilePath: join(root, 'bench', 'seed.typ') }));
