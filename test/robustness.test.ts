/**
 * Issue 19: authors' mistakes and odd input that crashed a writer, hung, or built silently
 * wrong output. Each test here failed before its fix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'mdast';
import { XMLValidator } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { check } from '../src/check/index.js';
import { URL_OR_EMAIL } from '../src/model/direction.js';
import { SahifaErrors } from '../src/model/errors.js';
import { loadTemplate as findAndLoadTemplate, loadTemplate } from '../src/templates/load.js';
import { scanSource } from '../src/model/limits.js';
import type { SahifaDocument } from '../src/model/document.js';
import { parse } from '../src/parse/index.js';
import { finishPackage } from '../src/writers/docx/package.js';
import { getWriter, type Format } from '../src/writers/index.js';
import { project } from './helpers/cli.js';
import { tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';
import { formatWarning } from '../src/model/warnings.js';

const FM = '---\ntitle: "مذكرة"\nlang: ar\n---\n\n';

/** Parses `text` and renders it in every format, in memory. */
async function renderAll(text: string, formats: readonly Format[] = ['html', 'pdf', 'docx']): Promise<{ doc: SahifaDocument; out: Record<string, Uint8Array> }> {
  const doc = parse(text, 'content/t.md', { cwd: ROOT });
  const template = loadTemplate(doc.meta.template ?? 'policy-brief', { root: ROOT });
  const out: Record<string, Uint8Array> = {};
  for (const f of formats) {
    const w = await getWriter(f);
    out[f] = (await w.write({ doc, template, created: new Date(0), outDir: tempDir() })).bytes;
  }
  return { doc, out };
}

describe('tables with ragged rows (item 2)', () => {
  it('pads a short row and truncates a long one to the header, as GFM does; every writer builds', async () => {
    const { doc, out } = await renderAll(`${FM}| a | b |\n|---|---|\n| x |\n| 1 | 2 | 3 | 4 |\n`);
    const table = doc.tree.children.find((n) => n.type === 'table') as Table;
    expect(table.children.map((r) => r.children.length)).toEqual([2, 2, 2]);
    expect(Buffer.from(out['pdf']!.subarray(0, 5)).toString()).toBe('%PDF-');
    const html = new TextDecoder().decode(out['html']);
    expect(html).not.toContain('>4<');
  });
});

describe('headings that print nothing (item 8)', () => {
  it('a heading made only of U+200E builds a PDF (no outline entry for it)', async () => {
    const { out } = await renderAll(`${FM}## \u200e\u200e\n\nنص\n\n### \u200f\n\nنص آخر\n`, ['pdf']);
    expect(Buffer.from(out['pdf']!.subarray(0, 5)).toString()).toBe('%PDF-');
  });
});

describe('dependencies (item 18)', () => {
  /** True when Node `version` satisfies an npm `engines.node` range of the simple forms found in the lock file. */
  function satisfies(version: string, range: string): boolean {
    const v = version.split('.').map(Number);
    const cmp = (a: number[], b: number[]): number => (a[0]! - b[0]!) || ((a[1] ?? 0) - (b[1] ?? 0)) || ((a[2] ?? 0) - (b[2] ?? 0));
    return range.split('||').some((alt) => {
      const parts = alt.trim().replace(/(>=|<=|>|<|\^|~)\s+/g, '$1').split(/\s+/).filter(Boolean);
      return parts.every((p) => {
        const m = /^(>=|<=|>|<|\^|~)?v?([\d.x]+)/.exec(p);
        if (!m) return true;
        const want = m[2]!.split('.').filter((x) => x !== 'x').map(Number);
        const c = cmp(v, want);
        switch (m[1]) {
          case '>=': return c >= 0;
          case '>': return c > 0;
          case '<=': return c <= 0;
          case '<': return c < 0;
          case '^': return v[0] === want[0] && c >= 0;
          case '~': return v[0] === want[0] && (want[1] === undefined || v[1] === want[1]) && c >= 0;
          default: return want.every((n, i) => v[i] === n);
        }
      });
    });
  }

  it('every runtime package in package-lock.json supports Node 20.19 (no EBADENGINE from npm ci)', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; engines?: { node?: string } }> };
    expect(satisfies('20.19.0', '^22 || ^24 || >=26')).toBe(false);
    const refused = Object.entries(lock.packages)
      .filter(([name, p]) => name && !p.dev && p.engines?.node && !satisfies('20.19.0', p.engines.node))
      .map(([name, p]) => `${name} ${p.engines!.node!}`);
    expect(refused).toEqual([]);
  });
});

describe('an empty brief (item 14)', () => {
  for (const [what, text] of [
    ['empty file', ''],
    ['whitespace only', '\n  \n\t\n'],
    ['front matter only', '---\ntitle: "مذكرة"\nlang: ar\n---\n\n\n'],
    ['front matter and a comment', '---\ntitle: "مذكرة"\nlang: ar\n---\n<!-- draft -->\n'],
  ] as const) {
    it(`${what}: an error at file:1:1 in build (no outputs) and check`, async () => {
      const dir = project({ 'content/empty.md': text });
      const built = await build({ root: dir, outDir: join(dir, 'output') });
      expect(built.ok).toBe(false);
      expect(built.briefs[0]!.error?.message).toBe('content/empty.md:1:1: empty brief: there is no text after the front matter');
      expect(built.briefs[0]!.outputs).toEqual([]);
      const checked = await check({ root: dir });
      expect(checked.ok).toBe(false);
      const m = checked.files[0]!.messages.find((x) => x.ruleId === 'empty');
      expect([m?.line, m?.column, m?.fatal]).toEqual([1, 1, true]);
    });
  }
});

describe('an unclosed component (item 13)', () => {
  const text = `${FM}مقدمة.\n\n:::keypoints\n- أولاً\n- ثانياً\n\n## فصل\n\nنص الفصل.\n`;

  it('is a warning at its opening line, in build and in check', async () => {
    const dir = project({ 'content/open.md': text });
    const built = await build({ root: dir, outDir: join(dir, 'output'), formats: ['html'] });
    expect(built.ok).toBe(true);
    expect(built.briefs[0]!.warnings.map(formatWarning).join('\n')).toMatch(/^content\/open\.md:8:1: `:::keypoints` is never closed/m);
    const checked = await check({ root: dir });
    const m = checked.files[0]!.messages.find((x) => x.ruleId === 'unclosed-directive');
    expect([m?.line, m?.column, m?.fatal]).toEqual([8, 1, false]);
  });

  it('no warning for closed components, nested ones, or ones inside quotes and lists', () => {
    const ok = `${FM}::::keypoints\n:::note\nنص\n:::\n::::\n\n> :::note\n> نص\n> :::\n\n- :::note\n  نص\n  :::\n\n:::sidebar[عنوان]\n:::\n`;
    expect(parse(ok, 'a.md').messages.filter((m) => m.ruleId === 'unclosed-directive')).toEqual([]);
  });
});

describe('characters XML does not allow (item 6)', () => {
  const text = '---\ntitle: "مذكرة \uFFFE قصيرة"\nsubtitle: "escaped \\uFFFF and \\x01"\nlang: ar\n---\n\nفقرة\uFFFF فيها \u0001 محارف \u000B ممنوعة \uD800 هنا.\n\n| أ\u0002 | ب |\n|---|---|\n| \uFFFE | ج |\n';

  it('are removed with a warning at each place; every DOCX part and the HTML are well-formed XML', async () => {
    const { doc, out } = await renderAll(text);
    const warned = doc.messages.filter((m) => m.ruleId === 'illegal-character').map((m) => `${m.line}:${m.column} ${m.reason}`).sort((a, b) => parseInt(a) - parseInt(b));
    expect(warned).toEqual([
      '2:15 character U+FFFE is not allowed in XML (DOCX, HTML): removed',
      '3:1 front-matter key `subtitle`: character U+FFFF is not allowed in XML (DOCX, HTML): removed',
      '7:5 character U+FFFF is not allowed in XML (DOCX, HTML): removed',
      '7:12 character U+0001 is not allowed in XML (DOCX, HTML): removed',
      '7:20 character U+000B is not allowed in XML (DOCX, HTML): removed',
      '7:29 character U+D800 is not allowed in XML (DOCX, HTML): removed',
      '9:4 character U+0002 is not allowed in XML (DOCX, HTML): removed',
      '11:3 character U+FFFE is not allowed in XML (DOCX, HTML): removed',
    ]);
    const parts = unzipSync(out['docx']!);
    for (const [name, data] of Object.entries(parts)) {
      if (!/\.(xml|rels)$/.test(name)) continue;
      expect(XMLValidator.validate(strFromU8(data)), name).toBe(true);
    }
    expect(strFromU8(parts['word/document.xml']!)).toContain('مذكرة قصيرة');
    const html = new TextDecoder().decode(out['html']);
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  });
});

describe('the DOCX package (item 6)', () => {
  it('drops characters XML does not allow from every part, whatever their source', () => {
    const zip = finishPackage({ 'word/document.xml': '<w:document><w:t>a\uFFFEb\u0001c</w:t></w:document>', 'word/header1.xml': '<w:hdr>\uFFFF</w:hdr>' }, { created: new Date(0), lang: 'ar', rtl: false });
    const parts = unzipSync(zip);
    expect(strFromU8(parts['word/document.xml']!)).toBe('<w:document><w:t>abc</w:t></w:document>');
    expect(strFromU8(parts['word/header1.xml']!)).toBe('<w:hdr></w:hdr>');
  });
});

describe('the URL and e-mail pattern (item 4)', () => {
  it('finds what it found before, on fixed and random text', () => {
    const before = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/giu;
    const samples = ['see http://x.org/a, and 1http://y.z and mail a.b+c@d-e.co.uk.', 'foo+http://x', '1.2.3ftp://h', 'ص http://مثال.com/ق', 'ab@cd.ef@gh.ij', '--a@b.c', 'Http://X.ORG', 'www.a.b'];
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 3000; i++) samples.push(Array.from({ length: rand(24) }, () => 'ab1.+-_@:/ wxHT'[rand(15)]).join(''));
    const all = (re: RegExp, s: string): string => [...s.matchAll(re)].map((m) => `${m.index}:${m[0]}`).join('|');
    for (const s of samples) expect(all(URL_OR_EMAIL, s), s).toBe(all(before, s));
  });

  it('is linear: a 200 KB word parses in well under a second (89 s before)', () => {
    const t0 = performance.now();
    parse(`${FM}${'a'.repeat(200 * 1024)}\n`, 'a.md');
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('limits on what makes a build slow or huge (items 4 and 8)', () => {
  const deepList = Array.from({ length: 30 }, (_, d) => `${'  '.repeat(d)}- بند\n`).join('');
  const cases: [string, string, RegExp][] = [
    ['emphasis spans', '*ن* '.repeat(10_001), /^1:\d+ more than 20,000 emphasis delimiters/],
    ['strong spans over many paragraphs', '**ن**\n\n'.repeat(10_001), /^\d+:1 more than 20,000 emphasis delimiters/],
    ['footnote references', 'نص[^1] '.repeat(2_001), /^1:\d+ more than 2,000 footnote references/],
    ['footnote definitions', Array.from({ length: 2_001 }, (_, i) => `[^${i}]: حاشية`).join('\n'), /^2001:1 more than 2,000 footnote definitions/],
    ['headings', '## عنوان\n\n'.repeat(1_001), /^2001:1 more than 1,000 headings/],
    ['list items', `${deepList}\n`.repeat(167), /^\d+:1 more than 5,000 list items/],
    ['nested raw HTML', `${'<span>'.repeat(5_000)}نص${'</span>'.repeat(5_000)}`, /^1:385 raw HTML elements nested more than 64 deep/],
    ['nested raw HTML over lines', Array.from({ length: 70 }, () => '<div>').join('\n'), /^65:1 raw HTML elements nested more than 64 deep/],
    // refused after the parse before (1 MB of links: 4 s and 550 MB), now at once
    ['links', '[رابط](https://example.org/a) '.repeat(10_001), /^1:300006 more than 10,000 links in the brief; the limit is 10,000$/],
    ['autolinks and bare URLs over lines', '<https://example.org> www.example.org\n'.repeat(5_001), /^5001:1 more than 10,000 links/],
  ];
  for (const [what, body, expected] of cases) {
    it(`refuses too many ${what} on the source, before parsing`, () => {
      const p = scanSource(body);
      expect(`${p?.line}:${p?.column} ${p?.reason}`).toMatch(expected);
    });
  }

  it('accepts what a real brief holds: closed HTML, code, thematic breaks, paragraphs of raw HTML', () => {
    const ok = [
      `${'<span>x</span> '.repeat(200)}`,
      `${'<p>a\n'.repeat(100)}`,
      `${'<br><img src="a.png"><hr/>'.repeat(100)}`,
      '`<div>` '.repeat(100),
      '***\n\n___\n\n* * *\n',
      Array.from({ length: 100 }, () => '<div>\n\nنص\n').join('\n'),
      readFileSync(join(ROOT, 'content', 'urban-water-losses.md'), 'utf8'),
      // autolinks are no elements: a list of 100 references was refused as HTML nested 65 deep
      Array.from({ length: 100 }, (_, i) => `- <https://example.org/r${i}> <mailto:a@example.org>`).join('\n'),
    ];
    for (const text of ok) expect(scanSource(text), text.slice(0, 40)).toBeUndefined();
  });

  it('counts 10,000 links as 10,000 on the source, as the parser does: images, code and link destinations are not links', () => {
    const forms = ['[أ](https://example.org/a)', '[ب](<https://example.org/b>)', '<https://example.org/c>', 'https://example.org/d', '[ج](#x "https://example.org")'];
    const body = Array.from({ length: 10_000 }, (_, i) => `${forms[i % forms.length]} ![ص](images/a.png) \`[x](y) https://z\``).join('\n\n');
    expect(scanSource(body)).toBeUndefined();
    const doc = parse(`${FM}${body}\n`, 'a.md');
    let links = 0;
    const walk = (n: { type: string; children?: unknown[] }): void => {
      if (n.type === 'link') links++;
      for (const c of n.children ?? []) walk(c as typeof n);
    };
    walk(doc.tree as never);
    expect(links).toBe(10_000);
  });

  it('5,000 nested <span> tags: a placed limit error, not a stack overflow', () => {
    expect(() => parse(`${FM}${'<span>'.repeat(5_000)}نص${'</span>'.repeat(5_000)}\n`, 'a.md')).toThrow(/^a\.md:6:385: raw HTML elements nested more than 64 deep/);
  });

  it('more than 10,000 links: an error at the first one over', () => {
    expect(() => parse(`${FM}${'[رابط](https://example.org) '.repeat(10_001)}\n`, 'a.md')).toThrow(/^a\.md:6:\d+: more than 10,000 links in the brief; the limit is 10,000/);
  });

  it('a URL longer than 2,048 characters is printed as text, with a warning', async () => {
    const url = `https://example.org/${'a'.repeat(3000)}`;
    const { doc, out } = await renderAll(`${FM}[الرابط](${url}) و ${url}\n`, ['html']);
    const why = 'is dropped: its URL is 3,020 characters long; the limit is 2,048';
    expect(doc.messages.filter((m) => m.ruleId === 'limit').map((m) => `${m.line}:${m.column} ${m.reason.slice(-why.length)}`)).toEqual([`6:1 ${why}`, `6:3034 ${why}`]);
    expect(new TextDecoder().decode(out['html'])).not.toContain(`href="${url}"`);
  });

  it('a brief over 1 MB is refused at 1:1, naming the limit', () => {
    expect(() => parse(`${FM}${'ك'.repeat(600 * 1024)}`, 'a.md')).toThrow('a.md:1:1: the brief is 1.2 MB; the limit is 1.0 MB');
  });
});

describe('one rule for check and build (item 16)', () => {
  it('an unknown directive and a missing image are warnings in both, at the same places; --strict fails on them', async () => {
    const dir = project({ 'content/w.md': `${FM}:::warning\nنص.\n:::\n\n![مخطط](images/none.png)\n` });
    const built = await build({ root: dir, outDir: join(dir, 'output'), formats: ['html'] });
    expect(built.ok).toBe(true);
    const buildPlaces = built.briefs[0]!.warnings.map((w) => `${w.line}:${w.column}`).sort();
    const checked = await check({ root: dir });
    expect(checked.errors).toBe(0);
    expect(checked.ok).toBe(true);
    const checkPlaces = checked.files[0]!.messages.filter((m) => ['unknown-directive', 'missing-file'].includes(m.ruleId!)).map((m) => `${m.line}:${m.column}`).sort();
    expect(checkPlaces).toEqual(buildPlaces);
    expect(checkPlaces).toEqual(['10:1', '6:1']);
    expect((await check({ root: dir, strict: true })).ok).toBe(false);
  });

  it('a character the fonts lack is a warning in both (build prints a box); one XML removes is not reported as lacking a glyph', async () => {
    // check called it an error while build warned and exited 0; and it reported U+FFFE, which the
    // parser removes, both as removed and as missing from the fonts
    const dir = project({ 'content/c.md': `${FM}نص 漢 و\uFFFE هنا.\n` });
    const built = await build({ root: dir, outDir: join(dir, 'output'), formats: ['html'] });
    expect(built.ok).toBe(true);
    expect(built.briefs[0]!.warnings.filter((w) => w.ruleId === 'font-coverage').map((w) => `${w.line}:${w.column}`)).toEqual(['6:4']);
    const checked = await check({ root: dir });
    expect(checked.ok).toBe(true);
    const messages = checked.files[0]!.messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId}`);
    expect(messages).toEqual(['6:4 warning uncovered-character', '6:7 warning illegal-character']);
    expect((await check({ root: dir, strict: true })).ok).toBe(false);
  });
});

describe('front matter and names (item 15)', () => {
  const fail = (text: string): string => {
    try {
      parse(text, 'a.md');
    } catch (err) {
      return (err as Error).message;
    }
    return 'no error';
  };

  it('reports every invalid key at once, each at its line', () => {
    const message = fail('---\ntitle: 5\ndigits: roman\ntoc: yes\nlang: ar\n---\n\nنص.\n');
    expect(message.split('\n').map((l) => l.split(': front matter key')[0])).toEqual(['a.md:2:1', 'a.md:3:1', 'a.md:4:1']);
  });

  it('in build and check too: every error of the brief is listed', async () => {
    const dir = project({ 'content/b.md': '---\ntitle: 5\ndigits: roman\nlang: ar\n---\n\nنص.\n' });
    const built = await build({ root: dir, outDir: join(dir, 'output') });
    expect(built.briefs[0]!.error).toBeInstanceOf(SahifaErrors);
    expect(built.briefs[0]!.error!.message.split('\n')).toHaveLength(2);
    const checked = await check({ root: dir });
    expect(checked.files[0]!.messages.filter((m) => m.ruleId === 'front-matter' && m.fatal).map((m) => m.line)).toEqual([2, 3]);
  });

  it('an unclosed quote is reported on the line where it opens', () => {
    expect(fail('---\ntitle: "مذكرة قصيرة\nlang: ar\ndate: "2025-01-01"\n---\n\nنص.\n')).toBe('a.md:2:8: invalid YAML: the double quote opened here is never closed');
    expect(fail("---\ntitle: t\nsubtitle: 'abc\nlang: ar\n---\n\nنص.\n")).toBe('a.md:3:11: invalid YAML: the single quote opened here is never closed');
    // quotes that close, an escaped quote, an apostrophe inside a plain value: the open one is found
    expect(fail('---\ntitle: "a \\" b"\nx: \'it\'\'s\'\ny: Qur\'an\nz: "open\n---\n\nنص.\n')).toBe('a.md:5:4: invalid YAML: the double quote opened here is never closed');
  });

  it('suggests the key, directive or template meant', async () => {
    const doc = parse('---\ntitle: t\nlang: ar\nsubtitel: s\nautors: [a]\ntocc: true\nlayout: post\n---\n\n:::keypoint\nنص.\n:::\n', 'a.md');
    const reasons = doc.messages.map((m) => m.reason);
    expect(reasons).toContain('unknown front-matter key `subtitel` (ignored); did you mean `subtitle`?');
    expect(reasons).toContain('unknown front-matter key `autors` (ignored); did you mean `authors`?');
    expect(reasons).toContain('unknown front-matter key `tocc` (ignored); did you mean `toc`?');
    expect(reasons).toContain('unknown front-matter key `layout` (ignored)');
    expect(reasons.find((r) => r.startsWith('unknown directive'))).toMatch(/; did you mean `:::keypoints`\?; its content is printed as plain text$/);
    const dir = project({ 'content/k.md': `${FM}:::sumary\nنص.\n:::\n` });
    const checked = await check({ root: dir });
    expect(checked.files[0]!.messages.find((m) => m.ruleId === 'unknown-directive')?.reason).toMatch(/did you mean `:::summary`\?$/);
  });

  it('a bad template name lists the templates that exist, and the one meant', () => {
    expect(() => findAndLoadTemplate('memmo', { root: ROOT })).toThrow(/unknown template "memmo" \(looked in [^)]*\); templates: memo, policy-brief; did you mean "memo"\?$/);
    expect(() => findAndLoadTemplate('house', { root: ROOT })).toThrow(/; templates: memo, policy-brief$/);
  });
});

describe('check on input over the limits (item 4)', () => {
  it('reports the limit and does not parse the brief again for its other rules', async () => {
    const dir = project({ 'content/big.md': `${FM}:::warning\nنص.\n:::\n\n${'*ن* '.repeat(10_001)}\n` });
    const t0 = performance.now();
    const checked = await check({ root: dir });
    expect(checked.files[0]!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['10:40001 limit']);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
