/**
 * Property-based test (fast-check): random briefs mixing Arabic, Latin, digits, punctuation and
 * every Markdown construct sahifa supports (front matter keys, headings, paragraphs with bold,
 * italic, code, links, images and footnotes, nested lists, block quotes, tables, components,
 * figures, code blocks, raw HTML, thematic breaks). Every brief either builds to three outputs
 * that real readers open — qpdf --check for the PDF, the DOCX zip re-read and every XML part
 * parsed, the HTML parsed by parse5 — or fails with a SahifaError; never any other exception.
 *
 * CI runs FUZZ_RUNS (default 100, about 40 s) briefs with a fixed seed; `npm run fuzz` runs 10,000
 * (FUZZ_RUNS=10000, FUZZ_SEED to change the seed).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import type { Nodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { describe, expect, it } from 'vitest';
import { SahifaError } from '../src/model/errors.js';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { getWriter } from '../src/writers/index.js';
import { hasCommand, IN_CI, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 100);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20251112);
const QPDF = hasCommand('qpdf', ['--version']);
if (!QPDF && IN_CI) throw new Error('qpdf is not installed, and CI=true requires it (.ci/run installs it)');

// ---- generators ------------------------------------------------------------------------------

const ARABIC = 'ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةىـًٌٍَُِّْ';
const LATIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹';
const PUNCT = '.,;:!?()[]{}«»"\'-–—/\\%&@#$*_~`<>|=+،؛؟٪٫٬';
const OTHER = '\u200f\u200e\u061c\u2067\u2066\u2069שלוםαβγ✓→€😀';

const char = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ARABIC) },
  { weight: 3, arbitrary: fc.constantFrom(...LATIN) },
  { weight: 2, arbitrary: fc.constantFrom(...DIGITS) },
  { weight: 2, arbitrary: fc.constant(' ') },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCT) },
  { weight: 1, arbitrary: fc.constantFrom(...[...OTHER]) },
);
const words = fc.array(char, { minLength: 1, maxLength: 40 }).map((cs) => cs.join(''));
const word = fc.array(fc.constantFrom(...ARABIC, ...LATIN, ...DIGITS), { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));

const inline: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: words },
  { weight: 1, arbitrary: word.map((w) => `**${w}**`) },
  { weight: 1, arbitrary: word.map((w) => `*${w}*`) },
  { weight: 1, arbitrary: word.map((w) => `\`${w}\``) },
  { weight: 1, arbitrary: fc.tuple(word, fc.constantFrom('https://example.org/a?b=1', '#sec-1', 'annex.pdf', 'mailto:a@example.org', 'javascript:alert(1)')).map(([w, u]) => `[${w}](${u})`) },
  { weight: 1, arbitrary: fc.tuple(word, fc.constantFrom('images/ok.png', 'https://example.org/x.png', 'missing.png')).map(([w, u]) => `![${w}](${u})`) },
  { weight: 1, arbitrary: fc.constantFrom('[^1]', '[^note]', '<span dir="ltr">LTR</span>', '<b onclick="x()">b</b>', '<br>', 'https://example.org', 'H~2~O', '~~شطب~~') },
);
const line = fc.array(inline, { minLength: 1, maxLength: 6 }).map((xs) => xs.join(' ').replace(/\n/g, ' '));

const block: fc.Arbitrary<string> = fc.letrec<{ block: string; list: string }>((tie) => ({
  list: fc.tuple(fc.constantFrom('- ', '* ', '1. ', '- [ ] ', '- [x] '), fc.array(fc.tuple(line, fc.option(tie('list'), { freq: 4, depthSize: 'small' })), { minLength: 1, maxLength: 4 })).map(([marker, items]) =>
    items.map(([text, sub]) => `${marker}${text}${sub ? `\n${sub.split('\n').map((l) => `   ${l}`).join('\n')}` : ''}`).join('\n'),
  ),
  block: fc.oneof(
    { weight: 6, arbitrary: line },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('#', '##', '###', '####'), line).map(([h, t]) => `${h} ${t}`) },
    { weight: 2, arbitrary: tie('list') },
    { weight: 1, arbitrary: line.map((t) => `> ${t}\n>\n> > ${t}`) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), word, fc.constantFrom('---', ':---', ':---:', '---:')).map(([c, r, w, a]) =>
        [`|${` ${w} |`.repeat(c)}`, `|${` ${a} |`.repeat(c)}`, ...Array.from({ length: r }, (_, i) => `|${` ${w}${i} |`.repeat(c)}`)].join('\n'),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom('keypoints', 'summary', 'recommendations', 'note', 'callout', 'quote', 'sidebar[عنوان]', 'box', 'abstract{lang=en}', 'about', 'disclaimer', 'references', 'warning', 'note{dir=ltr}'), tie('block')).map(([n, b]) => `:::${n}\n${b}\n:::`),
    },
    { weight: 1, arbitrary: fc.constantFrom('![شكل](images/ok.png "عنوان الشكل")', '::figure[شرح]{src="images/ok.png"}', '::figure[شرح]{src="nope.png"}', '::unknown') },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('', 'js', 'python'), words).map(([lang, t]) => `\`\`\`${lang}\n${t}\n\`\`\``) },
    { weight: 1, arbitrary: fc.constantFrom('---', '***', '<div dir="rtl">نص <em>مائل</em></div>', '<script>alert(1)</script>', '<table><tr><td>خلية</td></tr></table>', '<!-- تعليق -->') },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('1', 'note'), line).map(([id, t]) => `[^${id}]: ${t}`) },
  ),
})).block;

const frontMatter = fc
  .record({
    title: fc.option(line, { nil: undefined }),
    lang: fc.option(fc.constantFrom('ar', 'en', 'fa', 'he', 'ur', 'ar-EG', 'xx'), { nil: undefined }),
    dir: fc.option(fc.constantFrom('rtl', 'ltr'), { nil: undefined }),
    digits: fc.option(fc.constantFrom('latn', 'arab'), { nil: undefined }),
    toc: fc.option(fc.boolean(), { nil: undefined }),
    template: fc.option(fc.constantFrom('policy-brief', 'memo'), { nil: undefined }),
    date: fc.option(fc.constantFrom('2025-06-15', '12 نوفمبر 2025', 'غداً'), { nil: undefined }),
    authors: fc.option(fc.array(word, { maxLength: 3 }), { nil: undefined }),
  })
  .map((fm) => {
    const lines = Object.entries(fm)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
    return lines.length ? `---\n${lines.join('\n')}\n---\n\n` : '';
  });

const brief = fc.tuple(frontMatter, fc.array(block, { minLength: 1, maxLength: 12 })).map(([fm, blocks]) => `${fm}${blocks.join('\n\n')}\n`);

// ---- the property ----------------------------------------------------------------------------

const xml = new XMLParser({ ignoreAttributes: false });

describe('random briefs', () => {
  it(`build to three readable outputs or fail with a SahifaError (${RUNS} briefs, seed ${SEED})`, async () => {
    const root = tempDir('sahifa-fuzz-');
    mkdirSync(join(root, 'content', 'images'), { recursive: true });
    copyFileSync(join(ROOT, 'test', 'fixtures', 'hostile', 'images', 'ok.png'), join(root, 'content', 'images', 'ok.png'));
    const writers = await Promise.all((['html', 'pdf', 'docx'] as const).map((f) => getWriter(f)));
    const stats = { built: 0, refused: 0 };
    const pdfFile = join(root, 'fuzz.pdf');
    await fc.assert(
      fc.asyncProperty(brief, async (text) => {
        let doc;
        let template;
        try {
          doc = parse(text, 'content/fuzz.md', { cwd: root });
          template = loadTemplate(doc.meta.template ?? 'policy-brief', { root });
        } catch (err) {
          if (err instanceof SahifaError) {
            stats.refused++;
            return;
          }
          throw err;
        }
        const input = { doc, template, created: new Date(0), outDir: join(root, 'output') };
        const [html, pdf, docx] = await Promise.all(writers.map((w) => w.write(input))).catch((err: Error) => {
          // Keep the failing brief for reproduction (fast-check prints it too, shrunk).
          writeFileSync(join(process.env['FUZZ_DUMP'] ?? root, 'failing.md'), text);
          throw err;
        });
        // HTML: parse5 reads it into a document with our body.
        const page = new TextDecoder().decode(html!.bytes);
        const tree = fromHtml(page);
        expect(tree.children.some((c) => c.type === 'element' && c.tagName === 'html')).toBe(true);
        const active: string[] = [];
        const walk = (n: Nodes): void => {
          if (n.type === 'element') {
            if (n.tagName === 'script') active.push('script');
            for (const [k, v] of Object.entries(n.properties)) if (/^on/i.test(k) || (k === 'href' && /^\s*javascript:/i.test(String(v)))) active.push(`${k}=${String(v)}`);
          }
          if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
        };
        walk(tree);
        expect(active).toEqual([]);
        // PDF: qpdf checks the whole structure and every stream.
        expect(Buffer.from(pdf!.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
        if (QPDF) {
          writeFileSync(pdfFile, pdf!.bytes);
          execFileSync('qpdf', ['--check', pdfFile], { stdio: 'pipe' });
        }
        // DOCX: the zip re-read, every XML part well-formed.
        const parts = unzipSync(docx!.bytes);
        expect(parts['word/document.xml']).toBeDefined();
        for (const [name, data] of Object.entries(parts)) {
          if (!/\.(xml|rels)$/.test(name)) continue;
          const valid = xml.parse(strFromU8(data), true) as unknown;
          expect(valid, name).toBeTruthy();
        }
        stats.built++;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(`fuzz: ${RUNS} briefs, seed ${SEED}: ${stats.built} built, ${stats.refused} refused with a SahifaError`);
    expect(stats.built + stats.refused).toBe(RUNS);
    expect(stats.built).toBeGreaterThan(RUNS / 2);
  }, 3_600_000 * 3);
});
