/**
 * The DOCX's accessibility (issue 16), read from the package XML with a zip reader and through
 * LibreOffice's tagged PDF export: header rows marked to repeat (`w:tblHeader`), the document's, an
 * English block's and an inline element's languages (`w:lang`), alt text on every picture (`wp:docPr descr`), nothing in
 * floating frames or text boxes, and headings and table headers that LibreOffice tags as H2… and TH.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { hasCommand, needClient, sofficeToPdf, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const skipOffice = needClient('LibreOffice (soffice)', hasCommand('soffice', ['--version'])) ?? needClient('poppler-utils (pdfinfo)', hasCommand('pdfinfo', ['-v']));

describe('DOCX accessibility (package XML)', () => {
  let out: string;
  /** Each brief's XML parts, by part name. */
  const parts: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    out = tempDir();
    const briefs = ['kitchen-sink', 'urban-water-losses'];
    const result = await build({ root: ROOT, paths: briefs.map((b) => join(ROOT, 'content', `${b}.md`)), outDir: out, formats: ['docx'] });
    expect(result.ok).toBe(true);
    for (const b of briefs) {
      const zip = unzipSync(readFileSync(join(out, `${b}.docx`)));
      parts[b] = Object.fromEntries(Object.entries(zip).filter(([name]) => name.endsWith('.xml')).map(([name, bytes]) => [name, strFromU8(bytes)]));
    }
  }, 120_000);

  it("marks a data table's first row as a header row that repeats on every page", () => {
    const doc = parts['kitchen-sink']!['word/document.xml']!;
    // the data table is the one whose first row has header cells in the TableHeading style
    const tables = doc.split('<w:tbl>').slice(1);
    const data = tables.filter((t) => t.includes('w:val="TableHeading"'));
    expect(data.length).toBeGreaterThan(0);
    for (const t of data) {
      const firstRow = t.slice(t.indexOf('<w:tr>'), t.indexOf('</w:tr>'));
      expect(firstRow).toContain('<w:tblHeader/>');
    }
  });

  it('sets the document language and the language of an English block (w:lang)', () => {
    const ks = parts['kitchen-sink']!;
    // document default: Arabic as the complex-script (bidi) language
    expect(ks['word/styles.xml']).toMatch(/<w:docDefaults>.*<w:lang w:bidi="ar-SA"\/>.*<\/w:docDefaults>/s);
    expect(ks['docProps/core.xml']).toContain('<dc:language>ar</dc:language>');
    // the `:::abstract{lang=en}` box: its runs say English for Latin text
    expect(ks['word/document.xml']).toMatch(/<w:lang w:val="en" w:bidi="ar-SA"\/>/);
  });

  it('gives every picture its alt text, and puts nothing in frames or text boxes', () => {
    const docPr: string[] = [];
    for (const brief of Object.values(parts))
      for (const [name, xml] of Object.entries(brief)) {
        expect(xml, name).not.toMatch(/<w:framePr|<w:txbxContent|<wps:txbx|<v:textbox/);
        docPr.push(...(xml.match(/<wp:docPr [^>]*>/g) ?? []));
      }
    expect(docPr.some((d) => d.includes('descr="نسبة الفاقد من المياه المنتجة'))).toBe(true);
    expect(docPr.filter((d) => !/ descr="[^"]+"/.test(d))).toEqual([]);
  });

  it('sets the language of an inline element with `lang` on its runs', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'langs.md'), '---\ntitle: لغات\nlang: ar\n---\n\nقال إن <span lang="en">open source</span> يغيّر، وإن <span lang="fa">نرم‌افزار آزاد</span> كذلك.\n');
    const result = await build({ root: ROOT, paths: [join(dir, 'langs.md')], outDir: dir, formats: ['docx'] });
    expect(result.ok).toBe(true);
    const doc = strFromU8(unzipSync(readFileSync(join(dir, 'langs.docx')))['word/document.xml']!);
    const runs = [...doc.matchAll(/<w:r>(.*?)<\/w:r>/g)].map((m) => m[1]!);
    const langOf = (text: string): string | undefined => /<w:lang [^>]*\/>/.exec(runs.find((r) => r.includes(text)) ?? '')?.[0];
    expect(langOf('open source')).toBe('<w:lang w:val="en" w:bidi="ar-SA"/>');
    expect(langOf('آزاد')).toBe('<w:lang w:bidi="fa-IR"/>');
    expect(langOf('قال إن')).toBe('<w:lang w:bidi="ar-SA"/>');
  }, 60_000);

  it('puts the title in the core properties', () => {
    expect(parts['kitchen-sink']!['docProps/core.xml']).toMatch(/<dc:title>[^<]+<\/dc:title>/);
  });
});

describe.skipIf(skipOffice)('DOCX → LibreOffice tagged PDF', () => {
  it('has the headings and the table header', async () => {
    const out = tempDir();
    const result = await build({ root: ROOT, paths: [join(ROOT, 'content', 'kitchen-sink.md')], outDir: out, formats: ['docx'] });
    expect(result.ok).toBe(true);
    const pdf = sofficeToPdf(join(out, 'kitchen-sink.docx'), out, 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}');
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/^Tagged:\s+yes$/m);
    const tree = execFileSync('pdfinfo', ['-struct', pdf], { encoding: 'utf8' });
    expect(tree).toMatch(/^\s+H2\b/m);
    expect(tree).toMatch(/^\s+H3\b/m);
    expect(tree).toMatch(/^\s+TH\b/m);
    expect(tree).toMatch(/\/Scope \/Column/);
  }, 180_000);
});
