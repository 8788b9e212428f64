/**
 * One list item's direction set by its author (issue 15, item 11): `{dir=rtl}` / `{dir=ltr}` at the
 * start of an item is the item's `data.dir` and is not printed. Read in the tree, the HTML, the
 * DOCX's XML and the PDF's word positions (poppler).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { ListItem } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { docxWriter } from '../src/writers/docx/index.js';
import { htmlWriter } from '../src/writers/html/index.js';
import { pdfWriter } from '../src/writers/pdf/index.js';
import { hasCommand, needClient, pdftotext, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const BRIEF = [
  '---',
  'title: "اتجاه البنود"',
  'lang: ar',
  '---',
  '',
  '1. البند الأول بالعربية في قائمة عربية.',
  '2. {dir=ltr} عبارة عربية في بند من اليسار.',
  '3. {dir="rtl"} Anglo item set right to left.',
  '4. {lang=en} البند الرابع.',
  '',
].join('\n');

const items = (md: string): ListItem[] => (parse(md, 'items.md', { cwd: ROOT }).tree.children.find((n) => n.type === 'list')!.children as ListItem[]);
const textOf = (item: ListItem): string => (item.children[0]!.type === 'paragraph' ? item.children[0].children.map((c) => ('value' in c ? c.value : '')).join('') : '');

describe('{dir=…} on a list item', () => {
  it('sets the item\'s direction against its text and is taken out of the text', () => {
    const list = items(BRIEF);
    expect(list.map((i) => i.data?.dir)).toEqual(['rtl', 'ltr', 'rtl', 'rtl']);
    expect(list.map(textOf)).toEqual(['البند الأول بالعربية في قائمة عربية.', 'عبارة عربية في بند من اليسار.', 'Anglo item set right to left.', '{lang=en} البند الرابع.']);
    // an item holding only the attribute is an empty item; braces later in the text stay text
    expect(items('- {dir=ltr}\n- a {dir=rtl} b\n').map((i) => [i.data?.dir, textOf(i)])).toEqual([
      ['ltr', ''],
      ['ltr', 'a {dir=rtl} b'],
    ]);
  });

  it('is written by the HTML (li dir) and the DOCX (w:bidi) writers', async () => {
    const doc = parse(BRIEF, 'items.md', { cwd: ROOT });
    const input = { doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: tempDir() };
    const html = new TextDecoder().decode((await htmlWriter.write(input)).bytes);
    expect([...html.matchAll(/<li( dir="(\w+)")?>/g)].map((m) => m[2] ?? '')).toEqual(['', 'ltr', '', '']); // the ol is rtl
    expect(html).not.toContain('{dir=');
    const xml = strFromU8(unzipSync((await docxWriter.write(input)).bytes)['word/document.xml']!);
    const paragraph = (text: string): string => [...xml.matchAll(/<w:p>.*?<\/w:p>/g)].map((m) => m[0]).find((p) => p.includes(text))!;
    expect(paragraph('عبارة عربية')).not.toContain('<w:bidi/>');
    expect(paragraph('Anglo')).toContain('<w:bidi/>');
    expect(xml).not.toContain('{dir=');
  });

  const skip = needClient('poppler-utils (pdftotext)', hasCommand('pdftotext'));
  it.skipIf(skip)('sets the PDF item from its side: an ltr item starts at the left margin, an rtl one ends at the right', async () => {
    const doc = parse(BRIEF, 'items.md', { cwd: ROOT });
    const template = loadTemplate('policy-brief', { root: ROOT });
    const file = join(tempDir(), 'items.pdf');
    writeFileSync(file, (await pdfWriter.write({ doc, template, created: new Date(0), outDir: tempDir() })).bytes);
    const words = [...pdftotext(file, ['-bbox', '-f', '1', '-l', '1']).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({ xMin: Number(m[1]), y: Number(m[2]), xMax: Number(m[3]), text: m[4]! }));
    // the line of the first word matching (poppler gives Arabic words in visual order here)
    const line = (match: RegExp) => words.filter((w) => w.y === words.find((x) => match.test(x.text))!.y);
    const { start, end } = template.template.page.margins; // start = right in this RTL brief
    const indent = template.template.list.indent;
    const ltr = line(/^2\.$/); // an LTR item's marker reads «2.»
    const rtl = line(/Anglo/);
    expect(Math.min(...ltr.map((w) => w.xMin))).toBeLessThan(end + indent + 2); // text from the left, after its marker
    expect(Math.max(...ltr.map((w) => w.xMax))).toBeLessThan(595.28 - start - 100);
    expect(Math.max(...rtl.map((w) => w.xMax))).toBeGreaterThan(595.28 - start - indent - 2); // text from the right
    expect(words.some((w) => w.text.includes('{dir'))).toBe(false);
  });
});
