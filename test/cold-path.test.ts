/**
 * The single-brief build is the cold-start path: it must not load worker threads, the file
 * watcher, the HTTP server or the checker's font reader. Checked twice: on the static import graph
 * of the compiled CLI, and on the built-in modules a real one-brief build process loaded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/clients.js';
import { BIN, brief, project } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';

const HEAVY = ['worker_threads', 'node:worker_threads', 'http', 'node:http', 'chokidar', 'fontkit', 'vfile-reporter'];

/** Bare specifiers statically imported by `entry` and every local module it statically imports. */
function staticImports(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const bare = new Map<string, string>(); // specifier → first importer
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)) {
      const spec = (m[1] ?? m[2])!;
      if (/^import\s+type\b|^export\s+type\b/.test(m[0].trim())) continue;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!bare.has(spec)) bare.set(spec, file);
    }
  };
  visit(entry);
  return bare;
}

describe('cold path of `sahifa build` for one brief', () => {
  it('statically imports none of worker_threads, http, chokidar, fontkit, vfile-reporter', () => {
    const entry = join(ROOT, 'dist', 'cli', 'index.js');
    expect(existsSync(entry)).toBe(true);
    const imports = staticImports(entry);
    expect(imports.has('commander')).toBe(true); // the walk works
    for (const heavy of HEAVY) expect(imports.get(heavy), heavy).toBeUndefined();
  });

  it('loads no worker_threads or http module for one brief, and loads worker_threads for several', () => {
    const hook = join(tempDir(), 'modules.mjs');
    writeFileSync(hook, "process.on('exit', () => process.stderr.write('\\nMODULES ' + JSON.stringify(process.moduleLoadList) + '\\n'));\n");
    const dir = project({ 'content/a.md': brief('أ', 'نص.'), 'content/b.md': brief('ب', 'نص.') });
    const loaded = (args: string[]): string[] => {
      const r = spawnSync(process.execPath, ['--import', hook, BIN, ...args], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(/^MODULES (.*)$/m.exec(r.stderr)![1]!) as string[];
    };
    const one = loaded(['build', 'content/a.md', '--format', 'html']);
    expect(one).not.toContain('NativeModule worker_threads');
    expect(one).not.toContain('NativeModule http');
    const two = loaded(['build', '--format', 'html', '--force', '--jobs', '2']);
    expect(two).toContain('NativeModule worker_threads');
  });
});

describe('zod without its JIT (src/model/zod.ts)', () => {
  it('is the only zod sahifa imports, and it is configured jitless', () => {
    const src = join(ROOT, 'src');
    const direct = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && f !== join('model', 'zod.ts'))
      .filter((f) => /from 'zod(\/[^']*)?'/.test(readFileSync(join(src, f), 'utf8')));
    expect(direct).toEqual([]);
    // in a process of its own: this one may have loaded zod through other modules
    const script = `await import(${JSON.stringify(join(ROOT, 'dist', 'templates', 'schema.js'))}); const { z } = await import('zod'); console.log(JSON.stringify(z.config().jitless));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('true');
  });

  it('loads only the bundle chunks a command uses: no writer for --version, --help and check, one for one format', () => {
    const bundle = join(ROOT, 'dist', 'bundle');
    expect(existsSync(join(bundle, 'sahifa.cjs'))).toBe(true);
    // the chunk files the process reads (the loader reads each with readFileSync)
    const hook = join(tempDir(), 'chunks.mjs');
    writeFileSync(
      hook,
      [
        "import fs from 'node:fs';",
        "import { syncBuiltinESMExports } from 'node:module';",
        'const read = fs.readFileSync;',
        'const chunks = [];',
        "fs.readFileSync = function (file, ...rest) { if (typeof file === 'string' && file.endsWith('.cjs')) chunks.push(file.split('/').pop()); return read.call(this, file, ...rest); };",
        'syncBuiltinESMExports();',
        "process.on('exit', () => process.stderr.write('\\nCHUNKS ' + JSON.stringify(chunks) + '\\nHARFBUZZ ' + (globalThis[Symbol.for('sahifa.harfbuzzjs')] !== undefined) + '\\n'));",
        '',
      ].join('\n'),
    );
    const dir = project({ 'content/a.md': brief('أ', 'نص.') });
    const harfbuzz = new Map<string, boolean>();
    const chunks = (args: string[]): string[] => {
      const r = spawnSync(process.execPath, ['--import', hook, BIN, ...args], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      harfbuzz.set(args.join(' '), /^HARFBUZZ true$/m.test(r.stderr));
      return JSON.parse(/^CHUNKS (.*)$/m.exec(r.stderr)![1]!) as string[];
    };
    const text = (name: string): string => readFileSync(join(bundle, name), 'latin1');
    const writer = (list: string[], format: string): string[] => list.filter((c) => c.startsWith(`${format}-`) || (format === 'pdf' && text(c).includes('"node_modules/pdfmake/')));
    expect(chunks(['--version'])).toEqual([]);
    expect(chunks(['--help'])).toEqual([]);
    const check = chunks(['check', 'content/a.md']);
    expect(check).toContain('sahifa.cjs');
    for (const format of ['html', 'pdf', 'docx']) expect(writer(check, format), `check loads ${format}`).toEqual([]);
    for (const only of ['html', 'pdf', 'docx']) {
      const list = chunks(['build', 'content/a.md', '--format', only, '--force']);
      for (const format of ['html', 'pdf', 'docx']) expect(writer(list, format).length > 0, `${only} build, ${format} writer`).toBe(format === only);
    }
    // HarfBuzz (WebAssembly compiled on import) shapes for PDF and DOCX; the fonts' coverage that
    // check and HTML read comes from the data cache (npm run build fills it with a build of every format)
    expect(Object.fromEntries(harfbuzz)).toMatchObject({
      'check content/a.md': false,
      'build content/a.md --format html --force': false,
      'build content/a.md --format pdf --force': true,
      'build content/a.md --format docx --force': true,
    });
  });
});
