/**
 * The policy-brief components, in both shipped templates and all three formats, found by real
 * readers: pdftotext (text and word boxes) for PDF, the DOCX package's XML (footnotes, numbering,
 * w:bidiVisual, drawings, TOC field) for Word, an HTML parser for the page. Also: one template
 * change reaches all three outputs, and invalid templates / front matter / images are placed.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import type { Element, Nodes, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { SahifaError } from '../src/model/errors.js';
import { parse } from '../src/parse/index.js';
import { loadTemplate, readTemplateFile } from '../src/templates/load.js';
import { formatDate } from '../src/model/date.js';
import { docxWriter } from '../src/writers/docx/index.js';
import { htmlWriter } from '../src/writers/html/index.js';
import { pdfWriter } from '../src/writers/pdf/index.js';
import { hasCommand, needClient, pdftotext, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const BRIEF = join(ROOT, 'content', 'urban-water-losses.md');
const SLUG = 'urban-water-losses';
const TEMPLATES = ['policy-brief', 'memo'] as const;
const skipPdf = needClient('poppler-utils (pdftotext)', hasCommand('pdftotext'));

/** Letters and digits only, NFKC, no bidi controls: compares extracted text whatever the spacing. */
const squash = (s: string): string => s.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');

/** Elements of a hast tree that pass `test`, in document order. */
function elements(tree: Nodes, test: (e: Element) => boolean): Element[] {
  const out: Element[] = [];
  visit(tree, 'element', (e: Element) => {
    if (test(e)) out.push(e);
  });
  return out;
}
const textOf = (n: Nodes): string => (n.type === 'text' ? n.value : 'children' in n ? n.children.map((c) => textOf(c as Nodes)).join('') : '');
const hasClass = (name: string) => (e: Element) => ((e.properties['className'] as string[] | undefined) ?? []).includes(name);

/** Words with boxes (pt) from `pdftotext -bbox`. */
function words(pdf: string): { text: string; xMin: number; yMin: number; page: number }[] {
  const out: { text: string; xMin: number; yMin: number; page: number }[] = [];
  let page = 0;
  for (const line of pdftotext(pdf, ['-bbox']).split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*)<\/word>/.exec(line);
    if (m) out.push({ xMin: Number(m[1]), yMin: Number(m[2]), text: m[3]!, page });
  }
  return out;
}

/** The DOCX package's parts as strings (fonts and media left out). */
function docxParts(file: string): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(readFileSync(file))).map(([k, v]) => [k, /\.(odttf|png|jpe?g)$/.test(k) ? `<binary ${v.length}>` : strFromU8(v)]));
}

/** The decompressed content of every Flate stream of a PDF, joined (to find colour operators). */
function pdfStreams(file: string): string {
  const bytes = readFileSync(file);
  const text = bytes.toString('latin1');
  const out: string[] = [];
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    try {
      out.push(inflateSync(bytes.subarray(start, end)).toString('latin1'));
    } catch {
      // not a Flate stream (images, fonts in other filters)
    }
  }
  return out.join('\n');
}

/** Component titles and other landmarks every format must show, in the brief's order. */
const LANDMARKS = ['المحتويات', 'أبرز النقاط', 'شكل 1', 'كلفة التنفيذ', 'تجربة مناطق القياس', 'ليس قدراً هندسياً', 'ملاحظة', 'التوصيات', 'Abstract', 'المصادر والمراجع', 'عن المؤلفين', 'إخلاء مسؤولية'];

describe.each(TEMPLATES)('sample brief with every component, template %s', (template) => {
  let out = '';
  beforeAll(async () => {
    out = tempDir();
    const result = await build({ root: ROOT, paths: [BRIEF], outDir: out, template, force: true, jobs: 1 });
    const brief = result.briefs[0]!;
    if (brief.error) throw brief.error;
    expect(brief.warnings).toEqual([]);
  });

  describe.skipIf(skipPdf)('PDF (pdftotext)', () => {
    it('shows every component, in the order of the source, and the notes at the page foot, with no endnotes section', () => {
      const text = squash(pdftotext(join(out, `${SLUG}.pdf`)));
      let at = 0;
      for (const mark of LANDMARKS) {
        const i = text.indexOf(squash(mark), at);
        expect(i, mark).toBeGreaterThanOrEqual(at);
        at = i;
      }
      // both templates set footnotes at the foot of their pages (test/pdf-footnotes.test.ts places them)
      expect(text).toContain(squash('يتبع هذا التعريف منهجية الميزان المائي'));
      expect(text).not.toContain(squash('الهوامش'));
      expect(text).toContain(squash('15 يونيو 2025')); // ISO date in Arabic month names
    });

    it('lays the table out right to left and the English abstract left to right', () => {
      const all = words(join(out, `${SLUG}.pdf`));
      const first = all.find((w) => w.text === 'ةئفلا' || squash(w.text) === squash('الفئة'))!;
      const last = all.find((w) => w.page === first.page && Math.abs(w.yMin - first.yMin) < 3 && /ةفلك|كلفة/.test(w.text))!;
      expect(first.xMin).toBeGreaterThan(last.xMin); // first column on the right
      const urban = all.find((w) => w.text === 'Urban')!;
      const water = all.find((w) => w.text === 'water' && w.page === urban.page && Math.abs(w.yMin - urban.yMin) < 3)!;
      expect(urban.xMin).toBeLessThan(water.xMin);
    });

    it('numbers the recommendations and links the references', () => {
      const pdf = join(out, `${SLUG}.pdf`);
      const lines = pdftotext(pdf).normalize('NFKC').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069 ]/g, '').split('\n');
      const items = ['تقسيمالشبكة', 'تركيبصمامات', 'إطلاقبرنامج', 'نشرمؤشر'];
      items.forEach((start, i) => {
        const line = lines.find((l) => l.replace(/^\.?\d+\.?/, '').startsWith(start));
        expect(line, start).toMatch(new RegExp(`^${i + 1}\\.|\\.${i + 1}$|${start}.*\\.${i + 1}$|^\\.${i + 1}`));
      });
      expect(readFileSync(pdf, 'latin1')).toContain('/URI (https://iwa-network.org)');
    });
  });

  describe('DOCX (package XML)', () => {
    let parts: Record<string, string>;
    beforeAll(() => {
      parts = docxParts(join(out, `${SLUG}.docx`));
    });

    it('has real footnotes referenced from the text', () => {
      const doc = parts['word/document.xml']!;
      expect(doc.match(/<w:footnoteReference w:id="(\d+)"\/>/g)).toHaveLength(2);
      expect(parts['word/footnotes.xml']).toContain('يتبع هذا التعريف منهجية الميزان المائي');
      expect(parts['word/footnotes.xml']).toContain('<w:bidi/>');
    });

    it('writes RTL tables with w:bidiVisual, boxes included, and repeats the table header', () => {
      const doc = parts['word/document.xml']!;
      const tables = doc.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
      expect(tables.length).toBeGreaterThanOrEqual(10); // data table + toc + 9 boxes
      const data = tables.find((t) => t.includes('كلفة التنفيذ'))!;
      expect(data).toContain('<w:bidiVisual/>');
      expect(data).toContain('<w:tblHeader/>');
      const abstract = tables.find((t) => t.includes('Urban water networks'))!;
      expect(abstract).not.toContain('<w:bidiVisual/>');
    });

    it('numbers the recommendations with a decimal Word list', () => {
      const doc = parts['word/document.xml']!;
      const para = (doc.match(/<w:p>(?:(?!<\/w:p>)[\s\S])*?تقسيم الشبكة إلى مناطق قياس معزولة[\s\S]*?<\/w:p>/) ?? [''])[0];
      const numId = /<w:numId w:val="(\d+)"\/>/.exec(para)?.[1];
      expect(numId).toBeDefined();
      const numbering = parts['word/numbering.xml']!;
      const abstractId = new RegExp(`<w:num w:numId="${numId}"[^>]*>\\s*<w:abstractNumId w:val="(\\d+)"`).exec(numbering)?.[1];
      const abstract = new RegExp(`<w:abstractNum [^>]*w:abstractNumId="${abstractId}"[\\s\\S]*?</w:abstractNum>`).exec(numbering)?.[0] ?? '';
      expect(abstract).toMatch(/<w:numFmt w:val="decimal"\/>/);
    });

    it('embeds the figure, captions it, and has a TOC field and hyperlinks', () => {
      const doc = parts['word/document.xml']!;
      expect(doc).toMatch(/<w:drawing>[\s\S]*?<a:blip r:embed="[^"]+"/);
      expect(Object.keys(parts).some((p) => /^word\/media\/.+\.png$/.test(p))).toBe(true);
      expect(doc).toMatch(/<w:pStyle w:val="Caption"\/>[\s\S]*?شكل 1/);
      expect(doc).toMatch(/<w:instrText[^>]*> ?TOC [^<]*\\o &quot;1-3&quot;/); // Word writes field codes with a space around
      expect(parts['word/_rels/document.xml.rels']).toContain('Target="https://iwa-network.org"');
      expect(doc).toContain('<w:hyperlink');
    });

    it('sets the English abstract LTR with an English run language', () => {
      const doc = parts['word/document.xml']!;
      const para = /<w:p>(?:(?!<w:p>)[\s\S])*?Urban water networks[\s\S]*?<\/w:p>/.exec(doc)![0];
      expect(para).not.toContain('<w:bidi/>');
      expect(para).toContain('w:val="en"');
    });
  });

  describe('HTML (DOM)', () => {
    let tree: Root;
    beforeAll(() => {
      tree = fromHtml(readFileSync(join(out, `${SLUG}.html`), 'utf8'));
    });

    it('has one element per component with its title, in source order', () => {
      const boxes = elements(tree, hasClass('box')).map((e) => e.properties['dataComponent'] ?? 'toc');
      expect(boxes).toEqual(['toc', 'keypoints', 'sidebar', 'quote', 'note', 'recommendations', 'abstract', 'references', 'about', 'disclaimer']);
      const text = squash(textOf(tree));
      let at = 0;
      for (const mark of LANDMARKS) {
        const i = text.indexOf(squash(mark), at);
        expect(i, mark).toBeGreaterThanOrEqual(at);
        at = i;
      }
    });

    it('numbers the recommendations (ol), and lays the abstract out LTR in English', () => {
      const [rec] = elements(tree, hasClass('box-recommendations'));
      expect(elements(rec!, (e) => e.tagName === 'ol')).toHaveLength(1);
      expect(elements(rec!, (e) => e.tagName === 'li')).toHaveLength(4);
      const [abs] = elements(tree, hasClass('box-abstract'));
      expect(abs!.properties).toMatchObject({ dir: 'ltr', lang: 'en' });
    });

    it('has a numbered figure whose image travels with the page (an SVG chart inline, named by its alt text)', () => {
      const [fig] = elements(tree, (e) => e.tagName === 'figure');
      const [img] = elements(fig!, (e) => e.tagName === 'img');
      const [svg] = elements(fig!, (e) => e.tagName === 'svg');
      if (img) expect(existsSync(join(out, String(img.properties['src'])))).toBe(true);
      else expect(svg?.properties).toMatchObject({ role: 'img', ariaLabel: expect.stringMatching(/نسبة الفاقد/) });
      expect(textOf(elements(fig!, (e) => e.tagName === 'figcaption')[0]!)).toMatch(/^شكل 1(: | — )نسبة الفاقد/);
    });

    it('has endnotes titled in Arabic with back-links to their references, and a TOC linking to the headings', () => {
      const [notes] = elements(tree, (e) => e.tagName === 'section' && hasClass('footnotes')(e));
      expect(textOf(elements(notes!, (e) => e.properties['id'] === 'footnote-label')[0]!)).toBe('الهوامش');
      const ids = new Set(elements(tree, (e) => typeof e.properties['id'] === 'string').map((e) => String(e.properties['id'])));
      const back = elements(notes!, (e) => e.tagName === 'a' && 'dataFootnoteBackref' in e.properties);
      expect(back).toHaveLength(2);
      for (const a of back) expect(ids.has(String(a.properties['href']).slice(1))).toBe(true);
      const toc = elements(tree, hasClass('box-toc'))[0]!;
      const links = elements(toc, (e) => e.tagName === 'a').map((a) => String(a.properties['href']).slice(1));
      expect(links).toEqual(['sec-1', 'sec-2', 'sec-3', 'sec-4', 'sec-5']);
      for (const id of links) expect(elements(tree, (e) => /^h[23]$/.test(e.tagName) && e.properties['id'] === id)).toHaveLength(1);
    });
  });
});

describe.skipIf(skipPdf)('PDF tables', () => {
  it('repeat their header row on every page they run across', async () => {
    const rows = Array.from({ length: 70 }, (_, i) => `| بند ${i + 1} | قيمة ${i + 1} |`).join('\n');
    const doc = parse(`---\ntitle: جدول طويل\nlang: ar\n---\n\n| العمود الأول | العمود الثاني |\n|---|---|\n${rows}\n`, join(ROOT, 'long.md'));
    const result = await pdfWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: tempDir() });
    const file = join(tempDir(), 'long.pdf');
    writeFileSync(file, result.bytes);
    const pages = pdftotext(file).split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pages) expect(squash(p)).toContain(squash('العمود الأول'));
  });
});

describe('one template change reaches all three outputs', () => {
  it('changes the key-points colour and the heading font in HTML, PDF and DOCX', async () => {
    const root = tempDir();
    cpSync(join(ROOT, 'templates', 'policy-brief'), join(root, 'templates', 'policy-brief'), { recursive: true });
    const file = join(root, 'templates', 'policy-brief', 'template.yaml');
    const yaml = readFileSync(file, 'utf8');
    const changed = yaml
      .replace('keyborder: "#d98e04"', 'keyborder: "#a1b2c3"')
      .replace(/fonts:\n/, 'fonts:\n  plex:\n    family: IBM Plex Sans Arabic\n    regular: ibm-plex-sans-arabic/IBMPlexSansArabic-Regular.ttf\n    bold: ibm-plex-sans-arabic/IBMPlexSansArabic-Bold.ttf\n    licence: ibm-plex-sans-arabic/OFL.txt\n')
      .replace(/^( {2}h2: +\{ font: )amiri/m, '$1plex');
    expect(changed).not.toBe(yaml);
    writeFileSync(file, changed);
    const doc = parse(readFileSync(BRIEF, 'utf8'), BRIEF);
    const template = loadTemplate('policy-brief', { root });
    const input = { doc, template, created: new Date(0), outDir: tempDir() };
    const html = new TextDecoder().decode((await htmlWriter.write(input)).bytes);
    expect(html).toMatch(/\.box-keypoints \{[^}]*border-inline-start: 4pt solid #a1b2c3/);
    expect(html).toMatch(/h2 \{[^}]*font-family: "IBM Plex Sans Arabic"/);
    const pdfFile = join(tempDir(), 'x.pdf');
    writeFileSync(pdfFile, (await pdfWriter.write(input)).bytes);
    // #a1b2c3 as DeviceRGB operands of a fill or stroke colour (pdfkit writes channel / 255 in full)
    const [r, g, b] = [0xa1, 0xb2, 0xc3].map((v) => String(v / 255));
    const streams = pdfStreams(pdfFile);
    expect(streams).toContain(`${r} ${g} ${b} scn`);
    expect(streams).not.toContain(`${0xd9 / 255} ${0x8e / 255} ${0x04 / 255} scn`); // the old colour is gone
    expect(readFileSync(pdfFile, 'latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+IBMPlexSansArabic-Bold/);
    const docxFile = join(tempDir(), 'x.docx');
    writeFileSync(docxFile, (await docxWriter.write(input)).bytes);
    const parts = docxParts(docxFile);
    expect(parts['word/document.xml']).toMatch(/<w:(start|right) w:val="single" w:color="A1B2C3"/);
    expect(parts['word/styles.xml']).toMatch(/<w:style w:type="paragraph" w:styleId="Heading2">[\s\S]*?<w:rFonts w:ascii="IBM Plex Sans Arabic"/);
  });
});

describe('placed errors', () => {
  it('an invalid component style names the template file, line and key', () => {
    const root = tempDir();
    mkdirSync(join(root, 'templates', 'bad'), { recursive: true });
    const file = join(root, 'templates', 'bad', 'template.yaml');
    const yaml = readFileSync(join(ROOT, 'templates', 'memo', 'template.yaml'), 'utf8');
    writeFileSync(file, yaml.replace('  note:            { background: none, border: muted,', '  note:            { background: none, border: lilac,'));
    const line = yaml.split('\n').findIndex((l) => l.startsWith('  note:            {')) + 1;
    expect(() => readTemplateFile(file, [ROOT])).toThrow(SahifaError);
    expect(() => readTemplateFile(file, [ROOT])).toThrow(`${file}:${line}:`);
    expect(() => readTemplateFile(file, [ROOT])).toThrow('template key `components.note.border`: colour "lilac" is not defined under colours');
    writeFileSync(file, yaml.replace('borders: all, borderWidth: 1.5, padding: 8, titleColour: accent }', 'borders: round, borderWidth: 1.5, padding: 8, titleColour: accent }'));
    expect(() => readTemplateFile(file, [ROOT])).toThrow(/template\.yaml:\d+:\d+: template key `components\.keypoints\.borders`/);
  });

  it('margins that leave no room for text, or a text size of 0, name the template file, line and key', () => {
    const root = tempDir();
    mkdirSync(join(root, 'templates', 'bad'), { recursive: true });
    const file = join(root, 'templates', 'bad', 'template.yaml');
    const yaml = readFileSync(join(ROOT, 'templates', 'memo', 'template.yaml'), 'utf8');
    const margins = '  margins: { top: 50, bottom: 50, start: 54, end: 54 }';
    const line = yaml.split('\n').indexOf(margins) + 1;
    expect(line).toBeGreaterThan(0);
    // A4 is 595 pt wide: 400 + 400 leave nothing (the DOCX writer failed with a stack trace)
    writeFileSync(file, yaml.replace(margins, '  margins: { top: 50, bottom: 50, start: 400, end: 400 }'));
    expect(() => readTemplateFile(file, [ROOT])).toThrow(`${file}:${line}:`);
    expect(() => readTemplateFile(file, [ROOT])).toThrow('template key `page.margins.start`: start 400 pt and end 400 pt leave -205 pt of the 595 pt page width for text; at least 72 pt are needed');
    writeFileSync(file, yaml.replace(margins, '  margins: { top: 400, bottom: 400, start: 54, end: 54 }'));
    expect(() => readTemplateFile(file, [ROOT])).toThrow('template key `page.margins.top`: top 400 pt and bottom 400 pt leave 42 pt of the 842 pt page height');
    // 72 pt of room is enough
    writeFileSync(file, yaml.replace(margins, '  margins: { top: 50, bottom: 50, start: 261.5, end: 261.5 }'));
    expect(() => readTemplateFile(file, [ROOT])).not.toThrow();
    const body = yaml.split('\n').find((l) => l.startsWith('  body:'))!;
    writeFileSync(file, yaml.replace(body, body.replace(/size: [\d.]+/, 'size: 0')));
    expect(() => readTemplateFile(file, [ROOT])).toThrow(/template\.yaml:\d+:\d+: template key `roles\.body\.size`/);
  });

  it('invalid front matter (toc) is an error, a missing or remote image a warning, each at its place', () => {
    expect(() => parse('---\ntitle: ت\nlang: ar\ntoc: maybe\n---\n\nنص.\n', 'content/x.md')).toThrow('content/x.md:4:1: front matter key `toc`');
    const missing = parse('---\ntitle: ت\nlang: ar\n---\n\nنص.\n\n![صورة](images/none.png)\n', join(ROOT, 'content', 'x.md'));
    expect(missing.messages.map(String)).toEqual([expect.stringMatching(/content\/x\.md:8:1-8:\d+: image "images\/none\.png" not found/)]);
    const remote = parse('---\ntitle: ت\nlang: ar\n---\n\n![صورة](https://example.org/a.png)\n', join(ROOT, 'content', 'x.md'));
    expect(remote.messages.map(String)).toEqual([expect.stringMatching(/content\/x\.md:6:1-6:\d+: .*is not fetched: .*--allow-remote example\.org/)]);
  });

  it('warns at its place about an unknown directive and keeps its text', () => {
    const doc = parse('---\ntitle: ت\nlang: ar\n---\n\n:::warning\nنص التحذير.\n:::\n', 'content/x.md');
    expect(doc.messages.map(String)).toEqual([expect.stringMatching(/^content\/x\.md:6:1-8:4: unknown directive `:::warning`/)]);
    expect(doc.tree.children.map((n) => n.type)).toEqual(['paragraph']);
  });
});

describe('dates', () => {
  it('writes ISO dates with month names in the brief language and digits; free text as written', () => {
    expect(formatDate('2025-06-15', 'ar', 'latn')).toBe('15 يونيو 2025');
    expect(formatDate('2025-06-15', 'ar', 'arab')).toBe('١٥ يونيو ٢٠٢٥');
    expect(formatDate('2025-06-15', 'en', 'latn')).toBe('June 15, 2025');
    expect(formatDate('2025-06-15', 'en-GB', 'latn')).toBe('15 June 2025');
    expect(formatDate('12 نوفمبر 2025', 'ar', 'arab')).toBe('12 نوفمبر 2025');
  });
});

describe('an English brief', () => {
  it('is LTR in all three formats with English words from the same template', async () => {
    const md = '---\ntitle: Water losses\nlang: en\ndate: 2025-06-15\n---\n\n:::keypoints\n- One point.\n:::\n\nText with a note.[^1]\n\n[^1]: The note.\n';
    const doc = parse(md, join(ROOT, 'content', 'en.md'));
    const input = { doc, template: loadTemplate('memo', { root: ROOT }), created: new Date(0), outDir: tempDir() };
    const html = new TextDecoder().decode((await htmlWriter.write(input)).bytes);
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('<p class="box-title" id="box-title-1">Key points</p>');
    expect(html).toContain('June 15, 2025');
    const docx = unzipSync((await docxWriter.write(input)).bytes);
    const xml = strFromU8(docx['word/document.xml']!);
    expect(xml).not.toContain('<w:bidi/>');
    expect(xml).not.toContain('<w:bidiVisual/>');
    expect(xml).toContain('Key points');
    expect(strFromU8(docx['word/footnotes.xml']!)).toContain('The note.');
  });
});
