/**
 * Links to headings as written on GitHub (`[…](#1-התאמות-בסיסיות)`, the heading's slug) work in
 * all three formats: the parser points them at the heading's anchor id, the HTML links to it, the
 * PDF goes to its named destination (read back with poppler), the DOCX to a bookmark (read back
 * from the package). Corpus documents (he-learn-regex: 29 such links) had every one broken.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Heading, Link } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { docxWriter } from '../src/writers/docx/index.js';
import { htmlWriter } from '../src/writers/html/index.js';
import { pdfWriter } from '../src/writers/pdf/index.js';
import { hasCommand, needClient, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const MD = [
  '---',
  'title: روابط',
  'lang: ar',
  '---',
  '',
  'انظر [المقدمة](#مقدمة) و[الخطوات](#1-%D8%A7%D9%84%D8%AE%D8%B7%D9%88%D8%A7%D8%AA-%D8%A7%D9%84%D8%A3%D9%88%D9%84%D9%89) و[المقدمة الثانية](#مقدمة-1) و[مباشرة](#sec-2) و[غير موجود](#لا-شيء) و[موقع](https://example.com).',
  '',
  '## مقدمة',
  '',
  'نص.',
  '',
  '## 1. الخطوات الأولى',
  '',
  'نص.',
  '',
  '## مقدمة',
  '',
  'نص.',
  '',
].join('\n');

const links = (md: string): Record<string, string> => {
  const doc = parse(md, 'links.md', { cwd: ROOT });
  const out: Record<string, string> = {};
  visit(doc.tree, 'link', (l: Link) => {
    out[(l.children[0] as { value: string }).value] = l.url;
  });
  return out;
};

describe('links to headings', () => {
  it('point at the heading by its GitHub slug (decoded, repeats numbered) or its anchor id; others stay as written', () => {
    expect(links(MD)).toEqual({ المقدمة: '#sec-1', الخطوات: '#sec-2', 'المقدمة الثانية': '#sec-3', مباشرة: '#sec-2', 'غير موجود': '#لا-شيء', موقع: 'https://example.com' });
    const doc = parse(MD, 'links.md', { cwd: ROOT });
    const headings = doc.tree.children.filter((n): n is Heading => n.type === 'heading');
    expect(headings.map((h) => [h.data?.id, h.data?.linked])).toEqual([['sec-1', true], ['sec-2', true], ['sec-3', true]]);
  });

  it('by reference too, slug before anchor id; a #sec-N that names no heading is reported and printed as text', () => {
    const md = '---\ntitle: ت\nlang: ar\n---\n\n[مرجعي][r1] و[إلى Sec 1](#sec-1) و[مفقود](#sec-99) و[معرّف](#sec-2).\n\n[r1]: #ملخص\n\n## ملخص\n\nنص.\n\n## Sec 1\n\nنص.\n';
    const doc = parse(md, 'refs.md', { cwd: ROOT });
    const urls: string[] = [];
    visit(doc.tree, (n) => {
      if (n.type === 'link' || n.type === 'definition') urls.push(`${n.type}:${(n as Link).url}`);
    });
    // "Sec 1" has the GitHub slug sec-1: the link goes there (sec-2), not to the first heading
    expect(urls).toEqual(['link:#sec-1', 'link:#sec-2', 'link:#sec-2', 'definition:#sec-1']);
    expect(doc.messages.map((m) => `${m.line}:${m.column} ${m.reason}`)).toEqual(['6:35 link "#sec-99" points at no heading: printed as text']);
    expect(toString(doc.tree.children[0]!)).toContain('مفقود');
  });

  it('and any reference-style link, become links every writer makes clickable (PDF and DOCX printed them as text)', async () => {
    const doc = parse('---\ntitle: ت\nlang: ar\n---\n\nانظر [الموقع][site] و[site] و[بلا تعريف][none].\n\n[site]: https://example.com/ref "عنوان"\n', 'refs.md', { cwd: ROOT });
    const found: string[] = [];
    visit(doc.tree, (n) => {
      if (n.type === 'link') found.push(`link:${(n as Link).url}`);
      if (n.type === 'linkReference') found.push(`ref:${n.identifier}`);
    });
    expect(found).toEqual(['link:https://example.com/ref', 'link:https://example.com/ref']); // [بلا تعريف][none] is text: no definition
    const docx = unzipSync((await docxWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: tempDir() })).bytes);
    const rels = new TextDecoder().decode(docx['word/_rels/document.xml.rels']!);
    expect(rels.match(/https:\/\/example\.com\/ref/g)?.length).toBeGreaterThanOrEqual(1);
    expect(new TextDecoder().decode(docx['word/document.xml']!).match(/<w:hyperlink /g)?.length).toBe(2);
  });

  it('reach their heading in the HTML, the PDF and the DOCX', async () => {
    const doc = parse(MD, 'links.md', { cwd: ROOT });
    const template = loadTemplate('policy-brief', { root: ROOT });
    const dir = tempDir();
    const input = { doc, template, created: new Date(0), outDir: dir };

    const html = new TextDecoder().decode((await htmlWriter.write(input)).bytes);
    const hrefs = [...html.matchAll(/href="#(sec-\d+)"/g)].map((m) => m[1]!);
    expect(hrefs).toEqual(['sec-1', 'sec-2', 'sec-3', 'sec-2']);
    for (const id of hrefs) expect(html).toContain(`id="${id}"`);

    const docx = unzipSync((await docxWriter.write(input)).bytes);
    const xml = new TextDecoder().decode(docx['word/document.xml']!);
    const anchors = [...xml.matchAll(/<w:hyperlink[^>]*w:anchor="([^"]+)"/g)].map((m) => m[1]!);
    expect(anchors).toEqual(['sec-1', 'sec-2', 'sec-3', 'sec-2']);
    const bookmarks = [...xml.matchAll(/<w:bookmarkStart[^>]*w:name="([^"]+)"/g)].map((m) => m[1]!);
    expect(bookmarks).toEqual(['sec-1', 'sec-2', 'sec-3']);
    const rels = new TextDecoder().decode(docx['word/_rels/document.xml.rels']!);
    expect(rels).toContain('https://example.com');
    expect(rels).not.toContain('Target="#sec');

    const pdf = (await pdfWriter.write(input)).bytes;
    const text = Buffer.from(pdf).toString('latin1');
    const goTo = [...text.matchAll(/\/S \/GoTo\s+\/D \((sec-\d+)\)/g)].map((m) => m[1]!);
    expect(new Set(goTo)).toEqual(new Set(['sec-1', 'sec-2', 'sec-3']));
    expect(text).not.toMatch(/\/URI \(#sec/);
    if (!needClient('poppler-utils (pdfinfo)', hasCommand('pdfinfo'))) {
      const file = join(dir, 'links.pdf');
      writeFileSync(file, pdf);
      const dests = execFileSync('pdfinfo', ['-dests', file], { encoding: 'utf8' });
      for (const id of goTo) expect(dests).toContain(`"${id}"`);
    }
  });
});
