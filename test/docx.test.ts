/**
 * DOCX writer, checked with real readers: the package unzipped with fflate and its parts parsed
 * with fast-xml-parser, then LibreOffice's rendering read back with poppler (pdftotext, pdffonts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { PAGE_SIZES, ptToTwips } from '../src/templates/units.js';
import { splitByDirection, withDirection } from '../src/writers/docx/direction.js';
import { writeDocx } from '../src/writers/docx/index.js';
import { addSectionBidi, zipDeterministic } from '../src/writers/docx/package.js';
import { bidiLanguage, runLanguage } from '../src/writers/docx/state.js';
import { hasCommand, needClient, pdftotext, sofficeToPdf, tempDir } from './helpers/clients.js';
import { norm, roundtrip, SequenceMatcher } from '../src/verify/roundtrip.js';
import { buildSeed, ROOT, SEED_MD } from './helpers/seed.js';

const template = loadTemplate('policy-brief', { root: ROOT }).template;
const FONT = template.fonts[template.roles.body.font]!.family;

/** An XML element: name, attributes (names as written, e.g. `w:val`), children, direct text. */
interface X {
  name: string;
  attrs: Record<string, string>;
  children: X[];
  text: string;
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: false });

/** Parses XML into {@link X} (the root element). */
function xml(source: string): X {
  const convert = (node: Record<string, unknown>): X | undefined => {
    const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
    if (!name) return undefined;
    const kids = (node[name] as Record<string, unknown>[]) ?? [];
    return {
      name,
      attrs: (node[':@'] as Record<string, string>) ?? {},
      children: kids.map(convert).filter((x): x is X => !!x),
      text: kids.map((k) => (typeof k['#text'] === 'string' || typeof k['#text'] === 'number' ? String(k['#text']) : '')).join(''),
    };
  };
  const top = (parser.parse(source) as Record<string, unknown>[]).map(convert).filter((x): x is X => !!x && !x.name.startsWith('?'));
  return top[0]!;
}

/** All descendants named `name`, in document order (not descending into matches). */
function all(node: X, name: string): X[] {
  return node.children.flatMap((c) => (c.name === name ? [c] : all(c, name)));
}
const child = (node: X | undefined, name: string): X | undefined => node?.children.find((c) => c.name === name);
const textOf = (node: X): string => all(node, 'w:t').map((t) => t.text).join('');

/** The parts of a DOCX package, as strings. */
function parts(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, k.endsWith('.odttf') ? '' : strFromU8(v)]));
}

async function docxOf(markdown: string): Promise<Uint8Array> {
  const doc = parse(markdown, 'test.md');
  return writeDocx({ doc, template: loadTemplate(doc.meta.template ?? 'policy-brief', { root: ROOT }), created: new Date('2025-01-02T00:00:00Z'), outDir: tempDir() });
}

describe('direction helpers', () => {
  it('splits runs where the direction changes, keeping digits and punctuation with a neighbour', () => {
    expect(splitByDirection('برنامج Python 3.12 الجديد', 'rtl')).toEqual([
      { text: 'برنامج ', dir: 'rtl' },
      { text: 'Python', dir: 'ltr' },
      { text: ' 3.12 الجديد', dir: 'rtl' },
    ]);
    expect(splitByDirection('عام 2016، والتي', 'rtl')).toEqual([{ text: 'عام 2016، والتي', dir: 'rtl' }]);
    expect(splitByDirection('2020, ', 'rtl')).toEqual([{ text: '2020, ', dir: 'rtl' }]);
    expect(splitByDirection('see (كازاخستان) now', 'ltr')).toEqual([
      { text: 'see (', dir: 'ltr' },
      { text: 'كازاخستان', dir: 'rtl' },
      { text: ') now', dir: 'ltr' },
    ]);
    expect(splitByDirection('', 'rtl')).toEqual([]);
  });

  it('sets the complex-script props in one place', () => {
    expect(withDirection('paragraph', 'rtl', {})).toEqual({ bidirectional: true });
    expect(withDirection('paragraph', 'ltr', {})).toEqual({});
    expect(withDirection('run', 'rtl', { text: 'س', bold: true }, { font: 'F', language: { bidirectional: 'ar-SA' } })).toEqual({
      text: 'س',
      bold: true,
      boldComplexScript: true,
      rightToLeft: true,
      font: { ascii: 'F', hAnsi: 'F', cs: 'F' },
      language: { bidirectional: 'ar-SA' },
    });
  });

  it('derives the bidi language from the brief language', () => {
    expect(['ar', 'fa', 'ur', 'he', 'ar-EG'].map(bidiLanguage)).toEqual(['ar-SA', 'fa-IR', 'ur-PK', 'he-IL', 'ar-EG']);
    expect(runLanguage('ar')).toEqual({ bidirectional: 'ar-SA' });
    expect(runLanguage('en-GB')).toEqual({ value: 'en-GB' });
  });
});

describe('package post-processing', () => {
  it('inserts w:bidi into every sectPr in schema order', () => {
    const out = addSectionBidi('<w:sectPr><w:pgSz/><w:pgNumType/><w:docGrid w:linePitch="360"/></w:sectPr><w:p/><w:sectPr w:rsidR="1"><w:pgSz/></w:sectPr>');
    expect(out).toBe('<w:sectPr><w:pgSz/><w:pgNumType/><w:bidi/><w:docGrid w:linePitch="360"/></w:sectPr><w:p/><w:sectPr w:rsidR="1"><w:pgSz/><w:bidi/></w:sectPr>');
    expect(addSectionBidi('<w:sectPr><w:textDirection w:val="lrTb"/><w:rtlGutter/></w:sectPr>')).toBe('<w:sectPr><w:textDirection w:val="lrTb"/><w:bidi/><w:rtlGutter/></w:sectPr>');
    expect(addSectionBidi(out)).toBe(out);
  });

  it('zips with fixed entry dates whatever the time zone', () => {
    const files = { 'a.xml': new Uint8Array([60, 97, 47, 62]), '[Content_Types].xml': new Uint8Array([60, 98, 47, 62]) };
    const zip = zipDeterministic(files, new Date('2025-11-12T00:00:00Z'));
    expect(Object.keys(unzipSync(zip))).toEqual(['[Content_Types].xml', 'a.xml']);
    // local file header: DOS time at offset 10, date at 12
    const view = new DataView(zip.buffer, zip.byteOffset);
    const date = view.getUint16(12, true);
    expect([(date >> 9) + 1980, (date >> 5) & 15, date & 31, view.getUint16(10, true)]).toEqual([2025, 11, 12, 0]);
    expect(zipDeterministic(files, new Date('1970-01-01T00:00:00Z')).length).toBe(zip.length);
  });
});

describe('seed brief → DOCX (fflate + fast-xml-parser)', () => {
  let bytes: Uint8Array;
  let docx = '';
  let p: Record<string, string>;
  let body: X;
  let paragraphs: X[];

  beforeAll(async () => {
    docx = join(await buildSeed(['docx']), 'kazakhstan-abraham-accords.docx');
    bytes = readFileSync(docx);
    p = parts(bytes);
    body = child(xml(p['word/document.xml']!), 'w:body')!;
    paragraphs = all(body, 'w:p');
  });

  it('makes every body paragraph and the section right to left', () => {
    expect(paragraphs.length).toBeGreaterThan(20);
    for (const para of paragraphs) expect(child(child(para, 'w:pPr'), 'w:bidi'), textOf(para)).toBeDefined();
    const sect = child(body, 'w:sectPr')!;
    const names = sect.children.map((c) => c.name);
    expect(names).toContain('w:bidi');
    expect(names.indexOf('w:bidi')).toBeLessThan(names.indexOf('w:docGrid'));
  });

  it('marks every Arabic run rtl with the template font as complex-script font and ar-SA as bidi language', () => {
    const runs = paragraphs.flatMap((para) => all(para, 'w:r')).filter((r) => /\p{Script=Arabic}/u.test(textOf(r)));
    expect(runs.length).toBeGreaterThan(20);
    for (const run of runs) {
      const rPr = child(run, 'w:rPr');
      expect(child(rPr, 'w:rtl'), textOf(run)).toBeDefined();
      const fonts = child(rPr, 'w:rFonts')!.attrs;
      expect([fonts['w:cs'], fonts['w:ascii'], fonts['w:hAnsi']]).toEqual([FONT, FONT, FONT]);
      expect(child(rPr, 'w:lang')!.attrs['w:bidi']).toBe('ar-SA');
      if (child(rPr, 'w:b')) expect(child(rPr, 'w:bCs')).toBeDefined();
    }
    // the bold lead-ins of the 8 list items
    expect(runs.filter((r) => child(child(r, 'w:rPr'), 'w:bCs')).map(textOf).filter((t) => t.endsWith(':'))).toHaveLength(8);
  });

  it('writes the title block first: kicker, title, organisation, date', () => {
    const texts = paragraphs.slice(0, 4).map(textOf);
    expect(texts).toEqual(['أوراق سياسات · العدد 1', expect.stringContaining('كازاخستان تنضم'), 'وحدة الدراسات الإقليمية', '12 نوفمبر 2025']);
    const style = (para: X) => child(child(para, 'w:pPr'), 'w:pStyle')?.attrs['w:val'];
    expect(style(paragraphs[1]!)).toBe('Title');
    expect(child(child(paragraphs[1], 'w:pPr'), 'w:shd')!.attrs['w:fill']).toBe(template.colours['band']!.slice(1).toUpperCase());
  });

  it('uses real Word lists: a bullet numbering with the template glyph, one instance per list', () => {
    const listParas = paragraphs.filter((para) => child(child(para, 'w:pPr'), 'w:numPr'));
    expect(listParas).toHaveLength(8);
    const numIds = listParas.map((para) => child(child(child(para, 'w:pPr'), 'w:numPr'), 'w:numId')!.attrs['w:val']);
    expect(new Set(numIds).size).toBe(2);
    const numbering = xml(p['word/numbering.xml']!);
    const num = all(numbering, 'w:num').find((n) => n.attrs['w:numId'] === numIds[0])!;
    const abstractId = child(num, 'w:abstractNumId')!.attrs['w:val'];
    const abstract = all(numbering, 'w:abstractNum').find((a) => a.attrs['w:abstractNumId'] === abstractId)!;
    const lvl0 = all(abstract, 'w:lvl').find((l) => l.attrs['w:ilvl'] === '0')!;
    expect(child(lvl0, 'w:numFmt')!.attrs['w:val']).toBe('bullet');
    expect(child(lvl0, 'w:lvlText')!.attrs['w:val']).toBe(template.list.bullet);
    const ind = child(child(lvl0, 'w:pPr'), 'w:ind')!.attrs;
    expect([ind['w:start'], ind['w:hanging']]).toEqual([String(ptToTwips(template.list.indent)), String(ptToTwips(template.list.indent))]);
  });

  it('has heading styles with outline levels (Heading1 for `#`, Heading2 for `##`), used by the four ## headings', () => {
    const styles = xml(p['word/styles.xml']!);
    const style = (id: string) => all(styles, 'w:style').find((s) => s.attrs['w:styleId'] === id)!;
    for (const [level, id] of ['Heading1', 'Heading2', 'Heading3', 'Heading4'].entries()) {
      expect(child(style(id), 'w:name')!.attrs['w:val']).toBe(`heading ${level + 1}`);
      expect(child(child(style(id), 'w:pPr'), 'w:outlineLvl')!.attrs['w:val']).toBe(String(level));
    }
    expect(child(child(style('Heading1'), 'w:rPr')!, 'w:szCs')!.attrs['w:val']).toBe(String(template.roles.h1.size * 2));
    const h2 = child(style('Heading2'), 'w:rPr')!;
    expect(child(h2, 'w:szCs')!.attrs['w:val']).toBe(String(template.roles.h2.size * 2));
    expect(child(h2, 'w:bCs')).toBeDefined();
    const headings = paragraphs.filter((para) => child(child(para, 'w:pPr'), 'w:pStyle')?.attrs['w:val'] === 'Heading2');
    expect(headings).toHaveLength(4);
  });

  it('sets page size and logical margins in twips (start = right in RTL)', () => {
    const sect = child(body, 'w:sectPr')!;
    const [w, h] = PAGE_SIZES[template.page.size];
    expect(child(sect, 'w:pgSz')!.attrs).toMatchObject({ 'w:w': String(ptToTwips(w)), 'w:h': String(ptToTwips(h)) });
    expect(child(sect, 'w:pgMar')!.attrs).toMatchObject({ 'w:right': String(ptToTwips(template.page.margins.start)), 'w:left': String(ptToTwips(template.page.margins.end)) });
  });

  it('has a running header and a footer with PAGE and NUMPAGES fields', () => {
    expect(p['word/header1.xml']).toContain('أوراق سياسات · العدد 1');
    const footer = p['word/footer1.xml']!;
    expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
    expect(footer).toMatch(/<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
  });

  it('embeds the template font and carries title, creator and language in core properties', () => {
    // regular and bold of the body font; the Hebrew fallback is not needed by this brief
    expect(Object.keys(p).filter((k) => k.startsWith('word/fonts/'))).toHaveLength(2);
    expect(p['word/fontTable.xml']).toContain(`w:name="${FONT}"`);
    const core = xml(p['docProps/core.xml']!);
    expect(child(core, 'dc:title')!.text).toMatch(/^كازاخستان تنضم/);
    expect(child(core, 'dc:creator')!.text).toBe('وحدة الدراسات الإقليمية');
    expect(child(core, 'dc:language')!.text).toBe('ar');
  });

  it('is byte-identical when built again', async () => {
    const again = readFileSync(join(await buildSeed(['docx']), 'kazakhstan-abraham-accords.docx'));
    expect(Buffer.compare(again, bytes)).toBe(0);
  });
});

describe('mixed content → DOCX', () => {
  let paragraphs: X[];
  let p: Record<string, string>;
  let bytes: Uint8Array;
  const md = [
    '---',
    'title: "اختبار"',
    '---',
    '',
    'نص مع Python 3.12 و[رابط](https://example.org/a) و`npm i docx` هنا.',
    '',
    'This paragraph is English, with a [link](https://example.com).',
    '',
    '1. أول',
    '2. ثان',
    '',
    'فاصل',
    '',
    '3. يبدأ من ثلاثة',
    '',
    '| أ | B |',
    '| - | - |',
    '| 1 | 2 |',
  ].join('\n');

  beforeAll(async () => {
    bytes = await docxOf(md);
    p = parts(bytes);
    paragraphs = all(child(xml(p['word/document.xml']!), 'w:body')!, 'w:p');
  });

  it('keeps Latin runs of an Arabic paragraph LTR and inline code out of the RTL flow', () => {
    const runs = all(paragraphs[1]!, 'w:r');
    const python = runs.find((r) => textOf(r) === 'Python')!;
    expect(child(child(python, 'w:rPr'), 'w:rtl')).toBeUndefined();
    const code = runs.find((r) => textOf(r) === 'npm i docx')!;
    expect(child(child(code, 'w:rPr'), 'w:rStyle')!.attrs['w:val']).toBe('VerbatimChar');
    expect(child(child(code, 'w:rPr'), 'w:rtl')).toBeUndefined();
  });

  it('writes links as hyperlinks with stable relationship ids', async () => {
    const links = all(paragraphs[1]!, 'w:hyperlink');
    expect(links.map((l) => l.attrs['r:id'])).toEqual(['rIdL1']);
    expect(p['word/_rels/document.xml.rels']).toContain('Id="rIdL1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/a"');
    expect(Buffer.compare(Buffer.from(await docxOf(md)), Buffer.from(bytes))).toBe(0);
  });

  it('numbers the relationship ids of many links in document order, quotes in link text untouched', async () => {
    const targets = Array.from({ length: 60 }, (_, i) => `https://example.org/p${i}`);
    const many = ['---', 'title: روابط', 'lang: ar', '---', '', ...targets.map((t, i) => `رابط [«"${i}"» هنا](${t}) ثم "نص" بين علامتي تنصيص.`)].join('\n\n');
    const q = parts(await docxOf(many));
    const body = child(xml(q['word/document.xml']!), 'w:body')!;
    const links = all(body, 'w:p').flatMap((para) => all(para, 'w:hyperlink'));
    expect(links.map((l) => l.attrs['r:id'])).toEqual(targets.map((_, i) => `rIdL${i + 1}`));
    expect(links.map((l) => textOf(l))).toEqual(targets.map((_, i) => `«"${i}"» هنا`));
    const rels = q['word/_rels/document.xml.rels']!;
    targets.forEach((t, i) => expect(rels).toContain(`Id="rIdL${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${t}"`));
  });

  it('does not make an English paragraph bidi', () => {
    const english = paragraphs.find((para) => textOf(para).startsWith('This paragraph'))!;
    expect(child(child(english, 'w:pPr'), 'w:bidi')).toBeUndefined();
  });

  it('restarts numbering per list and honours the start number', () => {
    const numbering = xml(p['word/numbering.xml']!);
    const starts = all(numbering, 'w:abstractNum')
      .map((a) => all(a, 'w:lvl')[0]!)
      .filter((l) => child(l, 'w:numFmt')!.attrs['w:val'] === 'decimal')
      .map((l) => child(l, 'w:start')!.attrs['w:val']);
    expect(starts.sort()).toEqual(['1', '3']);
  });

  it('writes tables in reading order', () => {
    const doc = p['word/document.xml']!;
    expect(doc).toContain('<w:bidiVisual/>');
    expect(doc).toContain('<w:tblHeader/>');
  });
});

const skipOffice = needClient('LibreOffice (soffice) and poppler-utils', hasCommand('soffice', ['--version']) && hasCommand('pdftotext'));

describe.skipIf(skipOffice)('seed brief → DOCX → LibreOffice PDF', () => {
  let pdf = '';
  beforeAll(async () => {
    const out = await buildSeed(['docx']);
    pdf = sofficeToPdf(join(out, 'kazakhstan-abraham-accords.docx'), out);
  });

  it('converts, rendering with the embedded template font', () => {
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toContain(FONT.replace(/ /g, ''));
    expect(fonts).toMatch(/Bold/);
  });

  it('puts the bullets at the right edge of the text column', () => {
    const words = [...pdftotext(pdf, ['-bbox']).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)<\/word>/g)].map((m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      text: m[4]!,
    }));
    const bullets = words.filter((w) => w.text === template.list.bullet);
    expect(bullets).toHaveLength(8);
    const xs = words.filter((w) => w.text !== template.list.bullet).map((w) => w.xMin).sort((a, b) => a - b);
    const median = xs[Math.floor(xs.length / 2)]!;
    const rightEdge = PAGE_SIZES[template.page.size][0] - template.page.margins.start;
    for (const b of bullets) {
      expect(b.xMin).toBeGreaterThan(median);
      expect(Math.abs(b.xMax - rightEdge)).toBeLessThan(2);
    }
  });

  it('gives its text back in reading order through LibreOffice (roundtrip chars)', () => {
    // Only `chars` is asserted: LibreOffice 7.4 justifies Arabic with kashidas, which pdftotext
    // returns as stray letters inside words, so whole lines rarely match the source verbatim.
    const r = roundtrip(SEED_MD, pdf);
    console.log(`DOCX→LibreOffice roundtrip: chars=${r.chars.toFixed(4)} lines=${r.lines.toFixed(4)} (${r.found}/${r.body}, ${r.furniture} furniture)`);
    expect(r.chars).toBeGreaterThanOrEqual(0.999);
  });
});

const skipPandoc = needClient('pandoc', hasCommand('pandoc', ['--version']));

describe.skipIf(skipPandoc)('seed brief → DOCX → pandoc', () => {
  it('gives its text back in reading order (pandoc docx reader vs the source, roundtrip normalisation)', async () => {
    const docx = join(await buildSeed(['docx']), 'kazakhstan-abraham-accords.docx');
    const plain = (file: string) => norm(execFileSync('pandoc', [file, '-t', 'plain', '--wrap=none'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
    const src = plain(SEED_MD);
    const matched = new SequenceMatcher(src, plain(docx)).matchingBlocks().reduce((n, m) => n + m.size, 0);
    const chars = matched / Array.from(src).length;
    console.log(`DOCX→pandoc: chars=${chars.toFixed(4)}`);
    expect(chars).toBeGreaterThanOrEqual(0.999);
    const markdown = execFileSync('pandoc', [docx, '-t', 'gfm'], { encoding: 'utf8' });
    expect(markdown.match(/^## /gm)).toHaveLength(4); // the seed's `##` headings come back as `##` (Heading2)
    expect(markdown.match(/^- /gm)).toHaveLength(8);
  });
});

describe('embedded fonts follow the text', () => {
  it('embeds the Hebrew fallback font only for a brief with Hebrew in it', async () => {
    const { embeddedFonts } = await import('../src/writers/docx/index.js');
    const loaded = loadTemplate('policy-brief', { root: ROOT });
    const names = (text: string) => embeddedFonts(loaded, 'ar', text).map((f) => f.name);
    expect(names('نص عربي فقط')).toEqual(['Amiri']);
    expect(names('نص عربي ومعه שלום')).toEqual(['Amiri', 'Noto Serif Hebrew']);
  });
});

describe('DOCX is byte-identical when built twice in one process', () => {
  it('renumbers the bookmarks and drawing ids docx counts process-wide (TOC, figures)', async () => {
    const { build } = await import('../src/build.js');
    const { tempDir } = await import('./helpers/clients.js');
    const brief = join(ROOT, 'content', 'urban-water-losses.md');
    const outs = [tempDir(), tempDir()];
    for (const outDir of outs) {
      const r = await build({ root: ROOT, paths: [brief], outDir, formats: ['docx'], force: true });
      expect(r.ok).toBe(true);
    }
    const [a, b] = outs.map((o) => readFileSync(join(o, 'urban-water-losses.docx')));
    expect(Buffer.compare(a!, b!)).toBe(0);
  });
});
