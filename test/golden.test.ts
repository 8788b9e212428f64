/**
 * Golden tests of the writers' handlers: each `test/fixtures/golden/<case>.md` holds one kind of
 * Markdown node (headings, lists, a table, a footnote, a component…), and its output through each
 * writer is compared with the files next to it:
 *
 * - `<case>.html`: the page's `<main>` element (HTML writer);
 * - `<case>.docx.xml`: the `<w:body>` of the DOCX's `word/document.xml`, one block a line;
 * - `<case>.pdf.json`: the pdfmake document definition the PDF handlers return for the tree and its
 *   endnotes, with layout functions shown as their values for the first rows and columns.
 *
 * A difference fails the test. When it is intended, `UPDATE=1 npx vitest run test/golden.test.ts`
 * writes the new files (as rehype's tests do); review them with `git diff` before committing. A
 * missing golden file fails too, unless UPDATE=1 writes it. These tests import the writers only:
 * no build, no reader, no other process (the `unit` project).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { docxWriter } from '../src/writers/docx/index.js';
import { htmlWriter } from '../src/writers/html/index.js';
import { endnotes } from '../src/writers/pdf/components.js';
import { handlers as pdfHandlers } from '../src/writers/pdf/handlers/index.js';
import { createState } from '../src/writers/pdf/state.js';
import { tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const DIR = join(ROOT, 'test', 'fixtures', 'golden');
const UPDATE = process.env['UPDATE'] === '1';
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.slice(0, -3))
  .sort();
const template = loadTemplate('policy-brief', { root: ROOT });
const created = new Date('2025-01-01T00:00:00Z');
const outDir = tempDir('sahifa-golden-');

/** Compares `actual` with the golden file `name` (or writes it under UPDATE=1). */
function golden(name: string, actual: string): void {
  const file = join(DIR, name);
  if (UPDATE) writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`${name}: no golden file; run UPDATE=1 npx vitest run test/golden.test.ts and review it`);
  expect(actual, `${name} differs from its golden file (UPDATE=1 rewrites it)`).toBe(readFileSync(file, 'utf8'));
}

/**
 * A pdfmake definition as plain JSON data: symbol keys written `[Symbol(name)]`, functions (table
 * layouts) as their values for indices 0–3, bytes as their length and SHA-256.
 */
function plain(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'function') {
    const at = (i: number): unknown => {
      try {
        return (value as (i: number, node: unknown) => unknown)(i, { table: { body: [] } }) ?? null;
      } catch {
        return 'throws';
      }
    };
    return { 'ƒ(0..3)': [0, 1, 2, 3].map(at) };
  }
  if (value instanceof Uint8Array) return `<${value.length} bytes ${createHash('sha256').update(value).digest('hex').slice(0, 16)}>`;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '<cycle>';
  seen.add(value);
  const out = Array.isArray(value)
    ? value.map((v) => plain(v, seen))
    : Object.fromEntries(Reflect.ownKeys(value).map((k) => [typeof k === 'symbol' ? `[${k.toString()}]` : k, plain((value as Record<PropertyKey, unknown>)[k], seen)]));
  seen.delete(value);
  return out;
}

/** JSON, two spaces a level, with arrays of numbers and strings on one line. */
function pretty(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(value);
    return value.length ? `[\n${value.map((v) => inner + pretty(v, inner)).join(',\n')}\n${indent}]` : '[]';
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner)}`).join(',\n')}\n${indent}}` : '{}';
  }
  return JSON.stringify(value);
}

describe.each(CASES)('golden: %s', (name) => {
  const doc = parse(readFileSync(join(DIR, `${name}.md`), 'utf8'), `test/fixtures/golden/${name}.md`, { cwd: ROOT, root: DIR });

  it('HTML <main>', async () => {
    const html = new TextDecoder().decode((await htmlWriter.write({ doc, template, created, outDir })).bytes);
    const main = /<main>[\s\S]*<\/main>/.exec(html)?.[0];
    expect(main, 'the page has a <main>').toBeDefined();
    golden(`${name}.html`, `${main}\n`);
  });

  it('DOCX <w:body>', async () => {
    const zip = unzipSync((await docxWriter.write({ doc, template, created, outDir })).bytes);
    const xml = new TextDecoder().decode(zip['word/document.xml']);
    const body = /<w:body>[\s\S]*<\/w:body>/.exec(xml)?.[0];
    expect(body, 'document.xml has a <w:body>').toBeDefined();
    golden(`${name}.docx.xml`, `${body!.replace(/<w:(p|tbl|sectPr)([ >])/g, '\n<w:$1$2').replace(/<\/w:body>$/, '\n</w:body>')}\n`);
  });

  it('PDF document definition', () => {
    // font keys as pdfmake names: the registered names carry a process-wide counter
    const fontNames = Object.fromEntries(Object.keys(template.fontFiles).map((k) => [k, k]));
    const state = createState(doc, template, fontNames, pdfHandlers);
    const content = [...state.one(doc.tree, { dir: doc.meta.dir }), ...endnotes(state, doc.meta.dir)];
    state.structure.release();
    // run markers' structure tags as `t.<element>`: the tree's key is a process-wide counter
    golden(`${name}.pdf.json`, `${pretty(plain(content)).replace(/\|t\d+\./g, '|t.')}\n`);
  });
});
