/**
 * pdfkit's name trees (the named destinations the table of contents and heading links point to)
 * sorted their keys with `localeCompare`; ISO 32000-1 §7.9.6 orders them by their bytes, and
 * readers look names up by that order (src/writers/pdf/name-tree.ts, wired in by
 * src/writers/pdf/install.ts). Read back with poppler (`pdfinfo -dests`).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { nameTreeKeyOrder } from '../src/writers/pdf/name-tree.js';
import { pdfWriter } from '../src/writers/pdf/index.js';
import { manyHeadingsBrief } from './helpers/briefs.js';
import { hasCommand, needClient, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

/** A key's bytes as pdfkit writes it in a PDF string: ASCII as is, anything else UTF-16BE after FE FF. */
function pdfKeyBytes(key: string): Buffer {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(key)) return Buffer.from(key, 'ascii');
  return Buffer.from(`\ufeff${key}`, 'utf16le').swap16();
}

const skip = needClient('poppler-utils (pdfinfo)', hasCommand('pdfinfo'));

describe('PDF name tree key order', () => {
  it('is the order of the keys as written, byte by byte (ISO 32000-1 §7.9.6), not a locale order', () => {
    const keys = ['sec-2', 'Sec-10', 'sec-1', 'sec_3', 'sec-10', 'فصل-1', 'sec-1a', 'ﻻ', '😀', 'Z', 'a', 'sec-١'];
    const byBytes = [...keys].sort((a, b) => Buffer.compare(pdfKeyBytes(a), pdfKeyBytes(b)));
    expect([...keys].sort(nameTreeKeyOrder)).toEqual(byBytes);
    // the keys tell the two orders apart: pdfkit's own comparison would fail this test
    expect([...keys].sort((a, b) => a.localeCompare(b))).not.toEqual(byBytes);
  });

  it.skipIf(skip)('holds in a built PDF: destinations written in byte order, every one found by poppler', async () => {
    const dir = tempDir();
    const doc = parse(manyHeadingsBrief(), 'headings.md', { cwd: ROOT });
    const { bytes } = await pdfWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: dir });
    const file = join(dir, 'headings.pdf');
    writeFileSync(file, bytes);
    const names = /\/Dests <<[\s\S]*?\/Names \[([\s\S]*?)\n\]/.exec(readFileSync(file, 'latin1'))![1]!;
    const written = [...names.matchAll(/^\s*\(([^)]*)\) \[/gm)].map((m) => m[1]!);
    expect(written.length).toBeGreaterThan(24);
    expect(written).toEqual([...written].sort((a, b) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'))));
    const found = execFileSync('pdfinfo', ['-dests', file], { encoding: 'utf8' });
    for (const name of written) expect(found).toContain(`"${name}"`);
  });
});
