/**
 * The tagged PDF (PDF/UA-1, issue 16), read back with real readers: poppler says it is tagged and
 * lists its structure tree with the text (`pdfinfo -struct-text`), and that text, in tree order,
 * gives back the source in order; the machine-checkable PDF/UA rules are checked on qpdf's JSON
 * (every painted thing inside a marked-content sequence, none left open, Alt on every Figure,
 * headings without skipped levels, header cells in every table, /Lang, the XMP UA identifier).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { charsInOrder, roundtrip } from '../src/verify/roundtrip.js';
import { hasCommand, needClient, tempDir } from './helpers/clients.js';
import { buildSeed, ROOT, SEED_MD } from './helpers/seed.js';
import { needShared, sharedPath } from './helpers/shared.js';

const skip =
  needClient('poppler-utils (pdfinfo)', hasCommand('pdfinfo')) ??
  needClient('qpdf', hasCommand('qpdf', ['--version'])) ??
  needClient('pandoc', hasCommand('pandoc', ['--version']));
const CORPUS = sharedPath('corpus');
const skipCorpus = skip ?? needShared('the corpus', CORPUS);

/** A letter of a right-to-left script. */
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;
/**
 * What a right-to-left line keeps left to right: Latin words and numbers with their inner
 * punctuation, and a phrase of Latin words with the spaces and punctuation between them (neutrals
 * between two strong left-to-right letters are left to right, UAX #9 rule N1).
 */
const LTR_RUN = /[\p{Script=Latin}\p{Nd}]+(?:[.,:/%-][\p{Script=Latin}\p{Nd}]+)*(?:[\s.,:/%()'"-]+\p{Script=Latin}[\p{Script=Latin}\p{Nd}]*(?:[.,:/%-][\p{Script=Latin}\p{Nd}]+)*)*/gu;

/**
 * The text of `pdfinfo -struct-text`, in tree order. Poppler gives each marked-content sequence's
 * text in content order, which is the visual order for a right-to-left line (as `pdftotext -raw`
 * would); a sequence with right-to-left letters is turned back to reading order as `pdftotext`
 * does for page text: reversed, its left-to-right runs kept.
 */
function structText(pdf: string): string {
  const out = execFileSync('pdfinfo', ['-struct-text', pdf], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const pieces: string[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*"(.*)"$/.exec(line);
    if (!m) continue;
    const text = m[1]!;
    if (!RTL_LETTER.test(text)) {
      pieces.push(text);
      continue;
    }
    const reversed = Array.from(text).reverse().join('');
    pieces.push(reversed.replace(LTR_RUN, (run) => Array.from(run).reverse().join('')));
  }
  return pieces.join('\n');
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface QpdfObject {
  value?: Json;
  stream?: { dict: { [k: string]: Json }; data?: string };
}

/** A PDF's objects as qpdf's JSON (v2) gives them, streams decoded. */
class PdfObjects {
  readonly objects: Record<string, QpdfObject>;
  readonly trailer: { [k: string]: Json };
  constructor(pdf: string) {
    const json = JSON.parse(
      execFileSync('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', pdf], { encoding: 'utf8', maxBuffer: 256 << 20 }),
    ) as { qpdf: [unknown, Record<string, QpdfObject>] };
    this.objects = json.qpdf[1];
    this.trailer = this.objects['trailer']!.value as { [k: string]: Json };
  }
  /** The value behind a reference (`"12 0 R"`), or the value itself. */
  get(v: Json | undefined): Json | undefined {
    if (typeof v === 'string' && / R$/.test(v)) {
      const o = this.objects[`obj:${v}`];
      return o?.value ?? (o?.stream?.dict as Json);
    }
    return v;
  }
  dict(v: Json | undefined): { [k: string]: Json } {
    const d = this.get(v);
    return d && typeof d === 'object' && !Array.isArray(d) ? d : {};
  }
  /** A stream's decoded bytes. */
  data(ref: string): Buffer {
    return Buffer.from(this.objects[`obj:${ref}`]?.stream?.data ?? '', 'base64');
  }
}

/** qpdf's JSON text string (`u:…`) as text. */
const text = (v: Json | undefined): string => (typeof v === 'string' && v.startsWith('u:') ? v.slice(2) : String(v ?? ''));

/** Content-stream operators that paint text, images and forms, shadings. */
const PAINT = new Set(['Tj', 'TJ', "'", '"', 'Do', 'sh']);
/** Operators that paint the current path (nothing when there is none: pdfkit's `fill(colour)` writes `f` to set a colour). */
const PAINT_PATH = new Set(['f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's']);
/** Operators that build a path. */
const PATH = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);

/**
 * Walks a content stream's operators: how many paint outside every marked-content sequence, and
 * the depth of sequences left at the end (or a negative depth: an EMC too many).
 */
function markedContent(bytes: Buffer): { unmarked: number; open: number; minDepth: number } {
  const s = bytes.toString('latin1');
  let depth = 0;
  let minDepth = 0;
  let unmarked = 0;
  let path = false;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '%') while (i < n && s[i] !== '\n') i++;
    else if (c === '(') {
      // literal string, with escapes and nested parentheses
      let level = 0;
      for (; i < n; i++) {
        if (s[i] === '\\') i++;
        else if (s[i] === '(') level++;
        else if (s[i] === ')' && --level === 0) break;
      }
      i++;
    } else if (c === '<' && s[i + 1] !== '<') i = s.indexOf('>', i) + 1;
    else if ('[]{}<>'.includes(c)) i += c === '<' || c === '>' ? 2 : 1;
    else if (c === '/') {
      i++;
      while (i < n && !/[\s/[\]<>(){}%]/.test(s[i]!)) i++;
    } else {
      let j = i;
      while (j < n && !/[\s/[\]<>(){}%]/.test(s[j]!)) j++;
      const token = s.slice(i, j);
      i = j;
      if (token === 'BMC' || token === 'BDC') depth++;
      else if (token === 'EMC') minDepth = Math.min(minDepth, --depth);
      else if (PATH.has(token)) path = true;
      else if (PAINT_PATH.has(token) || token === 'n') {
        if (path && token !== 'n' && depth <= 0) unmarked++;
        path = false;
      } else if (PAINT.has(token) && depth <= 0) unmarked++;
    }
  }
  return { unmarked, open: depth, minDepth };
}

/** What the machine-checkable PDF/UA-1 rules find in a PDF (all empty or true when it passes). */
function pdfUaReport(pdf: string): Record<string, unknown> {
  const o = new PdfObjects(pdf);
  const catalog = o.dict(o.trailer['/Root']);
  const pages = o.dict(catalog['/Pages']);
  const pageRefs: string[] = [];
  const collect = (ref: Json): void => {
    const d = o.dict(ref);
    if (d['/Type'] === '/Page') pageRefs.push(ref as string);
    else for (const k of (d['/Kids'] as Json[]) ?? []) collect(k);
  };
  for (const k of (pages['/Kids'] as Json[]) ?? []) collect(k);
  const content: string[] = [];
  const annotations: string[] = [];
  const linkAnnots = new Set<string>();
  for (const ref of pageRefs) {
    const page = o.dict(ref);
    for (const a of (o.get(page['/Annots']) as Json[] | undefined) ?? []) {
      const annot = o.dict(a);
      if (annot['/Subtype'] !== '/Link') continue;
      linkAnnots.add(String(a));
      if (!text(annot['/Contents']).trim()) annotations.push(`${String(a)}: no /Contents`);
      if (typeof annot['/StructParent'] !== 'number') annotations.push(`${String(a)}: no /StructParent`);
    }
    const contents = page['/Contents'];
    const refs = Array.isArray(contents) ? (contents as string[]) : [contents as string];
    const m = markedContent(Buffer.concat(refs.map((r) => o.data(r))));
    if (m.unmarked || m.open || m.minDepth < 0) content.push(`${ref}: ${m.unmarked} painted untagged, ${m.open} left open, min depth ${m.minDepth}`);
    if (page['/Tabs'] !== '/S') content.push(`${ref}: /Tabs ${String(page['/Tabs'])}`);
  }
  const figuresWithoutAlt: string[] = [];
  const figureAlts: string[] = [];
  const tablesWithoutTH: number[] = [];
  const headings: number[] = [];
  const langs = new Set<string>();
  const notesWithoutId: string[] = [];
  /** OBJRs of Link elements: annotation ref → the element. */
  const objrs = new Map<string, string>();
  let tables = 0;
  const walk = (ref: Json, inTable: { th: boolean } | undefined): void => {
    const el = o.dict(ref);
    const type = String(el['/S'] ?? '');
    let table = inTable;
    if (type === '/Figure' && !text(el['/Alt'])) figuresWithoutAlt.push(String(ref));
    if (type === '/Figure') figureAlts.push(text(el['/Alt']));
    if (/^\/H[1-6]$/.test(type)) headings.push(Number(type.slice(2)));
    if (type === '/Note' && !text(el['/ID'])) notesWithoutId.push(String(ref));
    if (el['/Lang'] !== undefined) langs.add(text(el['/Lang']));
    if (type === '/TH') {
      if (table) table.th = true;
    }
    if (type === '/Table') table = { th: false };
    const kids = el['/K'];
    for (const k of Array.isArray(kids) ? kids : kids === undefined ? [] : [kids]) {
      if (typeof k === 'string' && / R$/.test(k)) walk(k, table);
      const objr = o.dict(k);
      if (objr['/Type'] === '/OBJR') {
        if (type !== '/Link') annotations.push(`OBJR in ${type}`);
        objrs.set(String(objr['/Obj']), String(ref));
      }
    }
    if (type === '/Table') {
      tables++;
      if (!table!.th) tablesWithoutTH.push(tables);
    }
  };
  const root = o.dict(catalog['/StructTreeRoot']);
  const rootKids = root['/K'];
  for (const k of Array.isArray(rootKids) ? rootKids : [rootKids]) walk(k as Json, undefined);
  // every link annotation is the OBJR of a Link element, which the parent tree gives for its /StructParent
  const parents = new Map<number, string>();
  const numbers = (tree: { [k: string]: Json }): void => {
    const nums = (tree['/Nums'] as Json[] | undefined) ?? [];
    for (let i = 0; i + 1 < nums.length; i += 2) parents.set(nums[i] as number, String(nums[i + 1]));
    for (const kid of (tree['/Kids'] as Json[] | undefined) ?? []) numbers(o.dict(kid));
  };
  numbers(o.dict(root['/ParentTree']));
  for (const a of linkAnnots) {
    const el = objrs.get(a);
    if (!el) annotations.push(`${a}: in no Link`);
    else if (parents.get(o.dict(a)['/StructParent'] as number) !== el) annotations.push(`${a}: parent tree does not give its Link`);
  }
  const skipped: string[] = [];
  let deepest = 0;
  for (const h of headings) {
    if (h > deepest + 1) skipped.push(`H${h} after H${deepest}`);
    deepest = h;
  }
  const metadata = catalog['/Metadata'] as string | undefined;
  const xmp = metadata ? o.data(metadata).toString('utf8') : '';
  return {
    content,
    annotations,
    notesWithoutId,
    figuresWithoutAlt,
    tablesWithoutTH,
    skipped,
    headings: headings.length > 0,
    lang: text(catalog['/Lang']),
    marked: o.dict(catalog['/MarkInfo'])['/Marked'],
    displayDocTitle: o.dict(catalog['/ViewerPreferences'])['/DisplayDocTitle'],
    uaIdentifier: /<pdfuaid:part>1<\/pdfuaid:part>/.test(xmp),
    dcLanguage: /<dc:language>/.test(xmp),
    elementLangs: [...langs].sort(),
    figureAlts,
  };
}

/**
 * How far the tree's figure may fall below the page text's on a corpus document. Issue 16 asks for
 * none; on 7 of the 17 documents the tree still gives back up to 0.0122 less than pdftotext (left
 * to right runs inside right-to-left lines, which pdftotext regroups by position and the tree
 * lists per sequence). A guard against regressions, not the goal.
 */
const TREE_GAP = 0.01;

const PASSES = {
  content: [],
  annotations: [],
  notesWithoutId: [],
  figuresWithoutAlt: [],
  tablesWithoutTH: [],
  skipped: [],
  headings: true,
  marked: true,
  displayDocTitle: true,
  uaIdentifier: true,
  dcLanguage: true,
};

describe.skipIf(skip)('tagged PDF (PDF/UA-1)', () => {
  let seed: string;
  beforeAll(async () => {
    seed = join(await buildSeed(['pdf']), 'kazakhstan-abraham-accords.pdf');
  }, 120_000);

  it('is tagged, and its structure tree lists headings, paragraphs and lists with their text', () => {
    expect(execFileSync('pdfinfo', [seed], { encoding: 'utf8' })).toMatch(/^Tagged:\s+yes$/m);
    const tree = execFileSync('pdfinfo', ['-struct-text', seed], { encoding: 'utf8' });
    expect(tree).toMatch(/^Document\n/);
    for (const type of ['H1', 'H2', 'P', 'L', 'LI', 'Lbl', 'LBody']) expect(tree).toMatch(new RegExp(`^\\s+${type} \\(block\\)$`, 'm'));
    // an item of one paragraph: the LBody holds its text, with no P of its own
    expect(tree).toMatch(/^\s+LBody \(block\)\n\s+"/m);
  });

  it('gives back the source in order from the structure tree (roundtrip chars ≥ 0.999)', () => {
    const chars = charsInOrder(SEED_MD, structText(seed));
    console.log(`seed: structure tree ${chars.toFixed(4)}, page text ${roundtrip(SEED_MD, seed).chars.toFixed(4)}`);
    expect(chars).toBeGreaterThanOrEqual(0.999);
  });

  it('keeps a vocalised word whole for pdftotext: a cluster\'s /ActualText is read inside the tagged sequence', async () => {
    // Tagged as the element's type (/P), poppler ignored the clusters' /ActualText: the marks of
    // بِالْمَعْرُوفِ came out as words and lines of their own, and ولكنه as «ول كنه» (reading order
    // of ar-notes-book-kayfa-amalahum fell from 1.000 to 0.881).
    const dir = tempDir();
    const words = ['وَعَاشِرُوهُنَّ', 'بِالْمَعْرُوفِ', 'ولكنه', 'الكثير', 'حياةً', 'سعيدةً'];
    writeFileSync(join(dir, 'marks.md'), `---\ntitle: حركات\nlang: ar\n---\n\nقال تعالى: (${words[0]} ${words[1]})، ${words[2]} يعني ${words[3]}، ${words[4]} ${words[5]}.\n`);
    const result = await build({ root: ROOT, paths: [join(dir, 'marks.md')], outDir: dir, formats: ['pdf'] });
    expect(result.ok).toBe(true);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'marks.pdf'), '-'], { encoding: 'utf8' });
    // pdftotext puts each mark before its letter (it reverses right-to-left text character by
    // character): the test asks for each word's letters together, marks aside
    const bare = (s: string): string => s.replace(/[\u064b-\u065f\u0670]/gu, '');
    const found = new Set(bare(text).split(/[\s():،.\u200e\u200f\u202a-\u202e]+/u));
    expect(words.filter((w) => !found.has(bare(w)))).toEqual([]);
  }, 60_000);

  it('passes the machine-checkable PDF/UA rules', () => {
    expect(pdfUaReport(seed)).toEqual({ ...PASSES, lang: 'ar', elementLangs: [], figureAlts: [] });
  });

  it('passes them on the other briefs of content/ (tables, a figure, boxes, an English box, the contents)', async () => {
    const out = tempDir();
    const briefs = ['kitchen-sink.md', 'urban-water-losses.md'].map((f) => join(ROOT, 'content', f));
    const result = await build({ root: ROOT, paths: briefs, outDir: out, formats: ['pdf'] });
    expect(result.ok).toBe(true);
    const kitchen = join(out, 'kitchen-sink.pdf');
    // its `:::abstract{lang=en}` box is in English
    expect(pdfUaReport(kitchen)).toMatchObject({ ...PASSES, lang: 'ar', elementLangs: ['en'] });
    const tree = execFileSync('pdfinfo', ['-struct-text', kitchen], { encoding: 'utf8' });
    for (const type of ['Table', 'THead', 'TBody', 'TR', 'TH', 'TD', 'Sect', 'TOC', 'TOCI', 'BlockQuote', 'Code', 'Link', 'Note'])
      expect(tree, type).toMatch(new RegExp(`^\\s+${type}\\b`, 'm'));
    const urban = join(out, 'urban-water-losses.pdf');
    // the figure's alt text is the Markdown's, its caption a Caption of the Figure; the figure is a
    // chart drawn as vectors, so its own content is the labels' text
    expect(pdfUaReport(urban)).toMatchObject({
      ...PASSES,
      lang: 'ar',
      figureAlts: ['نسبة الفاقد من المياه المنتجة في أربع مدن افتراضية مقارنة بالمعيار المستهدف (بيانات توضيحية)'],
    });
    const figure = execFileSync('pdfinfo', ['-struct-text', urban], { encoding: 'utf8' });
    expect(figure).toMatch(/^\s+Figure\n\s+"[^"\n]*%[^"\n]*"\n\s+Caption\n\s+"[^"]*:1 لكش"$/m);
  }, 120_000);

  it('tags links as Link with their annotations (OBJR, /StructParent, /Contents), in reading order, and notes as Note', async () => {
    const dir = tempDir();
    const md = [
      '---',
      'title: روابط',
      'lang: ar',
      '---',
      '',
      'اقرأ [وثائق Python الرسمية](https://docs.python.org/3/) قبل البدء، ثم الحاشية[^1] في آخر الفقرة.',
      '',
      'See [the manual](https://example.org/manual) first.',
      '',
      '[^1]: نص الحاشية.',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'links.md'), md);
    const result = await build({ root: ROOT, paths: [join(dir, 'links.md')], outDir: dir, formats: ['pdf'] });
    expect(result.ok).toBe(true);
    const pdf = join(dir, 'links.pdf');
    expect(pdfUaReport(pdf)).toMatchObject(PASSES);
    const o = new PdfObjects(pdf);
    const contents: string[] = [];
    for (const [, obj] of Object.entries(o.objects)) {
      const d = obj.value as { [k: string]: Json } | undefined;
      if (d && typeof d === 'object' && d['/Subtype'] === '/Link') contents.push(text(d['/Contents']));
    }
    // one annotation per link and line (not per word), described by the link's text
    expect(contents.sort()).toEqual(['1', 'the manual', 'وثائق Python الرسمية', '↩'].sort());
    const tree = execFileSync('pdfinfo', ['-struct-text', pdf], { encoding: 'utf8' });
    expect(tree).toMatch(/^\s+Note <fn-1>/m);
    // the link between the paragraph's own text, in reading order, in both directions
    const read = structText(pdf);
    expect(read.indexOf('اقرأ')).toBeLessThan(read.indexOf('الرسمية'));
    expect(read.indexOf('الرسمية')).toBeLessThan(read.indexOf('قبل البدء'));
    expect(read.indexOf('See')).toBeLessThan(read.indexOf('the manual'));
    expect(read.indexOf('the manual')).toBeLessThan(read.indexOf('first.'));
    expect(charsInOrder(join(dir, 'links.md'), read)).toBeGreaterThanOrEqual(0.999);
  }, 60_000);

  it('tags a run in another language than its block as a Span with /Lang (an inline `lang`)', async () => {
    const dir = tempDir();
    const md = [
      '---',
      'title: لغات',
      'lang: ar',
      '---',
      '',
      'قال الباحث إن <span lang="en">open source software</span> يغيّر العمل، وإن <span lang="fa">نرم‌افزار آزاد</span> كذلك.',
      '',
      ':::abstract{lang=en}',
      'An English block with an <span lang="fr">expression française</span> and <span lang="en">English</span> inside.',
      ':::',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'langs.md'), md);
    const result = await build({ root: ROOT, paths: [join(dir, 'langs.md')], outDir: dir, formats: ['pdf'] });
    expect(result.ok).toBe(true);
    const pdf = join(dir, 'langs.pdf');
    // en: the span and the English box; fa and fr: the spans; the span in English inside the English box is no Span
    expect(pdfUaReport(pdf)).toMatchObject({ ...PASSES, lang: 'ar', elementLangs: ['en', 'fa', 'fr'] });
    const o = new PdfObjects(pdf);
    const spans: string[] = [];
    for (const obj of Object.values(o.objects)) {
      const d = obj.value as { [k: string]: Json } | undefined;
      if (d && typeof d === 'object' && d['/S'] === '/Span') spans.push(text(d['/Lang']));
    }
    expect(spans.sort()).toEqual(['en', 'fa', 'fr']);
    const tree = execFileSync('pdfinfo', ['-struct-text', pdf], { encoding: 'utf8' });
    expect(tree).toMatch(/^\s+Span \(inline\)\n\s+"open source software"$/m);
    expect(tree).toMatch(/^\s+Span \(inline\)\n\s+"expression française"$/m);
    expect(charsInOrder(join(dir, 'langs.md'), structText(pdf))).toBeGreaterThanOrEqual(0.999);
  }, 60_000);

  it.skipIf(skipCorpus)(
    'gives back every corpus document from its tree as well as from its page text',
    async () => {
      const out = tempDir();
      const corpus = readdirSync(CORPUS)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => join(CORPUS, f));
      const result = await build({ root: ROOT, paths: corpus, outDir: out, formats: ['pdf'] });
      expect(result.ok).toBe(true);
      const worse: string[] = [];
      for (const md of corpus) {
        const pdf = join(out, `${basename(md, '.md')}.pdf`);
        const tree = charsInOrder(md, structText(pdf));
        const page = roundtrip(md, pdf).chars;
        console.log(`${basename(md)}: structure tree ${tree.toFixed(4)}, page text ${page.toFixed(4)}`);
        if (tree < page - TREE_GAP) worse.push(`${basename(md)}: ${tree.toFixed(4)} < ${page.toFixed(4)}`);
        expect(pdfUaReport(pdf), basename(md)).toMatchObject({ content: [], annotations: [], notesWithoutId: [], figuresWithoutAlt: [], tablesWithoutTH: [], skipped: [], uaIdentifier: true });
      }
      expect(worse).toEqual([]);
    },
    600_000,
  );
});
