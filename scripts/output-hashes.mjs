#!/usr/bin/env node
// `node scripts/output-hashes.mjs [out.txt]`: builds content/, the visual-parity specimens and
// ../shared/corpus (when present) in all three formats with both templates, into a temporary
// folder, and prints one `sha256  template/file` line per output. A refactor must leave this list
// unchanged: run it before and after and `diff` the two files.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sources = [join(root, 'content'), join(root, 'test', 'fixtures', 'specimens')];
const corpus = resolve(root, '..', 'shared', 'corpus');
if (existsSync(corpus)) sources.push(corpus);
else console.error(`note: ${corpus} not found; hashing content/ and the specimens only`);

const work = mkdtempSync(join(tmpdir(), 'sahifa-hashes-'));
const lines = [];
try {
  for (const template of ['policy-brief', 'memo']) {
    const out = join(work, template);
    execFileSync(process.execPath, [join(root, 'bin', 'sahifa.js'), 'build', ...sources, '--out', out, '--template', template, '--force', '--report', 'json'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const walk = (dir) => {
      for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (!name.startsWith('.')) lines.push(`${createHash('sha256').update(readFileSync(path)).digest('hex')}  ${template}/${relative(out, path)}`);
      }
    };
    walk(out);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const text = `${lines.join('\n')}\n`;
if (process.argv[2]) writeFileSync(process.argv[2], text);
else process.stdout.write(text);
