/**
 * Raw HTML in PDF and DOCX: blocks show their text as paragraphs, as a browser and Pandoc do;
 * inline HTML shows what a browser shows (line breaks, image alt text, `dir` isolates).
 */
import type { Paragraph } from 'mdast';
import { describe, expect, it } from 'vitest';
import { inlineRuns } from '../src/writers/shared/inline-runs.js';
import { fromHtml } from 'hast-util-from-html';
import { htmlTextBlocks } from '../src/parse/plugins/raw-html.js';
import { documentTitle } from '../src/writers/shared/title-block.js';
import { parse } from '../src/parse/index.js';
import { pdftotext, hasCommand, needClient } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

/** Writes the brief `md` to a PDF (policy-brief template) in a temporary folder; returns its path. */
async function pdfOf(md: string): Promise<string> {
  const { pdfWriter } = await import('../src/writers/pdf/index.js');
  const { loadTemplate } = await import('../src/templates/load.js');
  const doc = parse(md, 'x.md', { cwd: ROOT });
  const { bytes } = await pdfWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: ROOT });
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const file = join(mkdtempSync(join(tmpdir(), 'sahifa-raw-')), 'x.pdf');
  writeFileSync(file, bytes);
  return file;
}

describe('raw HTML text', () => {
  it('keeps the text of blocks, images as alt text, never scripts or styles', () => {
    expect(htmlTextBlocks(fromHtml('<div dir="rtl">پہلی <b>شراکت</b></div><p>two<br>lines</p><script>alert(1)</script><style>p{}</style><img alt="شعار">', { fragment: true }))).toEqual(['پہلی شراکت', 'two', 'lines', 'شعار']);
    expect(htmlTextBlocks(fromHtml('<div align="center">', { fragment: true }))).toEqual([]);
    // what the HTML sanitiser strips with its content is left out here too
    expect(htmlTextBlocks(fromHtml('<p>نص</p><iframe>بديل</iframe><form><button>زر</button></form><object>كائن</object>', { fragment: true }))).toEqual(['نص']);
  });

  it.skipIf(needClient('pdftotext', hasCommand('pdftotext')))('prints the text of an HTML block in the PDF', async () => {
    const file = await pdfOf('---\ntitle: ت\nlang: ur\n---\n\n<div dir="rtl">\nیہ متن ایک ایچ ٹی ایم ایل بلاک کے اندر ہے\n</div>\n');
    expect(pdftotext(file).replace(/[\u200e\u200f\u202a-\u202e]/g, '')).toContain('ایچ ٹی ایم ایل');
  });
});

/** Runs of the first paragraph of a Markdown brief. */
function runsOf(md: string): ReturnType<typeof inlineRuns> {
  const doc = parse(`---\ntitle: ت\nlang: ar\n---\n\n${md}\n`, 'x.md');
  return inlineRuns((doc.tree.children[0] as Paragraph).children);
}

describe('raw HTML resolved once, in the parser', () => {
  it('keeps a link whose href is safe and warns about none, whatever other attributes say', () => {
    const line = 'نص <a data-href="javascript:x" href="https://example.org">رابط</a> و <a href="javascript:alert(1)">آخر</a>';
    const doc = parse(`---\ntitle: ت\nlang: ar\n---\n\n${line}\n`, 'x.md');
    const runs = inlineRuns((doc.tree.children[0] as Paragraph).children);
    expect(runs.find((r) => r.text === 'رابط')?.link).toBe('https://example.org');
    expect(runs.find((r) => r.text === 'آخر')?.link).toBeUndefined();
    const warnings = doc.messages.filter((m) => m.ruleId === 'unsafe-link').map((m) => `${m.line}:${m.column} ${m.reason}`);
    expect(warnings).toEqual([`6:${line.indexOf('<a href="javascript') + 1} link "javascript:alert(1)" is dropped: only http, https, mailto, tel and relative links are kept`]);
  });

  it('leaves no html node in the tree: tags become marks, blocks paragraphs', () => {
    const doc = parse('---\ntitle: ت\nlang: ar\n---\n\n<div dir="ltr">\n<p>English block</p>\n</div>\n\nأ <b>ب</b> <script>x</script>\n', 'x.md');
    const types: string[] = [];
    const walk = (n: { type: string; children?: unknown[] }): void => {
      types.push(n.type);
      for (const c of (n.children ?? []) as { type: string }[]) walk(c);
    };
    walk(doc.tree);
    expect(types).not.toContain('html');
    expect(types).toContain('htmlBlock');
    expect(types).toContain('strong');
    expect((doc.tree.children[0] as { children: Paragraph[] }).children[0]?.data?.dir).toBe('ltr');
  });
});

describe('headings count what is printed', () => {
  it('gives no anchor to a heading whose only text is hidden HTML, and one to a heading that prints an alt text', () => {
    const doc = parse('---\ntitle: ت\nlang: ar\n---\n\n## <script>x</script>\n\n## <img alt="شعار" src="x.png">\n\nنص\n', 'x.md');
    const headings = doc.tree.children.filter((n) => n.type === 'heading');
    expect(headings.map((h) => h.data?.id)).toEqual([undefined, 'sec-1']);
  });
});

describe('the direction vote counts what is printed', () => {
  it('an English HTML block makes its block quote left to right, as it makes its own paragraph', () => {
    const doc = parse('---\ntitle: ت\nlang: ar\n---\n\n> <p align="center">English text inside a quote <em>here</em></p>\n', 'x.md');
    const quote = doc.tree.children[0] as { type: string; data?: { dir?: string }; children: { children: Paragraph[] }[] };
    expect(quote.type).toBe('blockquote');
    expect(quote.children[0]!.children[0]!.data?.dir).toBe('ltr');
    expect(quote.data?.dir).toBe('ltr');
  });
});

describe('inline HTML', () => {
  it('breaks the line at <br>, prints an image as its alt text and a dir="ltr" span as an isolate', () => {
    // ar-semver-2.0.0: "أمثلة: <br><span dir="ltr" style="float:right;">1.0.0-alpha, …</span><br>"
    const runs = runsOf('أمثلة: <br><span dir="ltr" style="float:right;">1.0.0-alpha, 1.0.0-alpha.1</span><br> تابع <img alt="شعار" src="x.png">');
    expect(runs.map((r) => r.text).join('')).toBe('أمثلة: \n1.0.0-alpha, 1.0.0-alpha.1\n تابع شعار');
    const span = runs.find((r) => r.text.startsWith('1.0.0'));
    expect(span?.isolate?.dir).toBe('ltr');
    expect(runs.filter((r) => r !== span).every((r) => r.isolate === undefined)).toBe(true);
  });

  it('takes marks from the elements between an opening and a closing tag, links only when safe', () => {
    const runs = runsOf('أ <b>غامق</b> ب <a href="https://example.com">رابط</a> ج <a href="javascript:alert(1)">نص</a> <kbd>Ctrl</kbd>');
    expect(runs.find((r) => r.text === 'غامق')).toMatchObject({ bold: true });
    expect(runs.find((r) => r.text === 'رابط')).toMatchObject({ link: 'https://example.com' });
    expect(runs.find((r) => r.text.includes('نص'))?.link).toBeUndefined();
    expect(runs.find((r) => r.text === 'Ctrl')).toMatchObject({ code: true });
  });

  it('leaves out what a browser does not show: the text of <script>, <style> and the like', () => {
    // mdast gives the text between <script> and </script> as an ordinary text node (review: the
    // PDF printed "نص ()z و {}p")
    const runs = runsOf('نص <script>z()</script> و<style>p{}</style> <b>غامق <noscript>لا</noscript></b> باقٍ');
    expect(runs.map((r) => r.text).join('')).toBe('نص و غامق باقٍ');
    expect(runs.find((r) => r.text.includes('غامق'))).toMatchObject({ bold: true });
    // a hidden element whole in one node, and one never closed (to the end of the paragraph)
    expect(runsOf('أ <svg><text>x</text></svg> ب <script>y').map((r) => r.text).join('')).toBe('أ ب ');
  });

  it('does not let hidden text decide the direction of its paragraph', () => {
    // review: the Latin words of a <script> made this Arabic paragraph left to right in HTML and PDF
    const doc = parse('---\ntitle: ت\nlang: ar\n---\n\nهذه فقرة عربية قصيرة <script>var x = document.getElementById("counter"); x.textContent = "tracking pixel code";</script> تنتهي هنا.\n\nEnglish <style>p { color: red }</style> sentence <b>with</b> bold.\n', 'x.md');
    expect(doc.tree.children.map((n) => n.data?.dir)).toEqual(['rtl', 'ltr']);
  });

  it('lists a heading with raw HTML in the table of contents as it prints, without the markup', async () => {
    const { outline } = await import('../src/writers/shared/components.js');
    const doc = parse('---\ntitle: ت\nlang: ar\ntoc: true\n---\n\n## عنوان <span dir="ltr">LTR</span> <img src=x alt="صورة" onerror=alert(1)><script>s()</script>\n\nنص.\n', 'x.md');
    expect(outline(doc.tree).map((e) => e.text)).toEqual(['عنوان LTR صورة']);
  });

  it('gives each dir element its own isolate, and ends an element left open at the end of its paragraph', () => {
    const runs = runsOf('<span dir="ltr">a <b>b</b></span> و <bdo dir="ltr">c</bdo> <span dir="rtl">د');
    const ids = runs.filter((r) => r.isolate).map((r) => `${r.text}:${r.isolate!.dir}:${r.isolate!.id}`);
    expect(ids).toEqual(['a :ltr:1', 'b:ltr:1', 'c:ltr:2', 'د:rtl:3']);
  });

  it('collapses runs of white space to one space as a browser does, across runs too, but not in code', () => {
    // he-semver-2.0.0: "Python  ו-Go" printed a double gap
    const runs = runsOf('Python  ו-Go,\tכאן **מודגש**  ו `a  b`');
    expect(runs.map((r) => r.text)).toEqual(['Python ו-Go, כאן ', 'מודגש', ' ו ', 'a  b']);
  });

  it('leaves HTML out of the running title taken from the first heading', () => {
    // ur-first-contributions-readme: "# <div dir="rtl"> پہلی شراکت يا کانٹریبیوشن </div>"
    const doc = parse('# <div dir="rtl"> پہلی شراکت يا کانٹریبیوشن </div>\n\nمتن\n', 'ur-first.md');
    expect(documentTitle(doc)).toBe('پہلی شراکت يا کانٹریبیوشن');
  });

  it.skipIf(needClient('pdftotext', hasCommand('pdftotext')))('sets a dir="ltr" span after <br> on a line of its own, in its own order', async () => {
    const file = await pdfOf('---\ntitle: ت\nlang: ar\n---\n\nالنُّسخ المُعدّة لما قبل الإصدار لها أولوية أقل. أمثلة:\n<br><span dir="ltr" style="float:right;">1.0.0-alpha, &thinsp;1.0.0-alpha.1, &thinsp; 1.0.0-0.3.7</span><br>\n');
    const lines = pdftotext(file).replace(/[\u200e\u200f\u202a-\u202e]/g, '').split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    // without the isolate the first "1.0.0-" is carried to the far end: "alpha, 1.0.0-alpha.1, 1.0.0-0.3.7-1.0.0"
    expect(lines).toContain('1.0.0-alpha, 1.0.0-alpha.1, 1.0.0-0.3.7');
  });
});

/** The `<main>` of the page the HTML writer makes of `md` (policy-brief). */
async function mainOf(md: string, allowHtml = false): Promise<string> {
  const { htmlWriter } = await import('../src/writers/html/index.js');
  const { loadTemplate } = await import('../src/templates/load.js');
  const { tempDir } = await import('./helpers/clients.js');
  const doc = parse(md, 'x.md', { cwd: ROOT });
  const { bytes } = await htmlWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: tempDir(), allowHtml });
  const html = new TextDecoder().decode(bytes);
  return html.slice(html.indexOf('<main>'), html.indexOf('</main>') + 7);
}

describe('raw HTML in the page, from the tree', () => {
  const head = '---\ntitle: ت\nlang: ar\n---\n\n';

  it('nests the Markdown between a <div> block and its </div> block inside the div, as a browser does', async () => {
    // ur-first-contributions-readme: `</div>` and `<br />` in one block after Markdown
    const main = await mainOf(`${head}<div dir="ltr" markdown="1">\n\n## Title\n\nSome *text*.\n\n- one\n\n</div>\n<br />\n\nبعد\n`);
    expect(main).toBe('<main>\n<div dir="ltr">\n<h2 id="sec-1">Title</h2>\n<p>Some <em>text</em>.</p>\n<ul>\n<li>one</li>\n</ul>\n</div>\n<br>\n<p>بعد</p></main>');
  });

  it('lets a <div> left open enclose the rest of its parent only: a quote ends it', async () => {
    const main = await mainOf(`${head}> <div dir="ltr">\n>\n> In a quote\n\nبعد\n\n<div dir="ltr">\n\nTo the end\n`);
    expect(main).toContain('<blockquote dir="ltr">\n<div dir="ltr">\n<p>In a quote</p>\n</div></blockquote>\n<p>بعد</p>');
    expect(main).toMatch(/<div dir="ltr">\n<p>To the end<\/p><\/div><\/main>$/);
  });

  it('prints inline tags around the text they enclose, sanitised; --allow-html keeps them as written', async () => {
    const md = `${head}نص <b>غامق</b> و<a data-href="javascript:x" href="https://example.org">رابط</a> و<span dir="ltr" onclick="x()">a <i>b</i></span> <script>s()</script>.\n`;
    expect(await mainOf(md)).toBe('<main>\n<p>نص <b>غامق</b> و<a href="https://example.org">رابط</a> و<span dir="ltr">a <i>b</i></span> .</p></main>');
    const trusted = await mainOf(md, true);
    expect(trusted).toContain('<a data-href="javascript:x" href="https://example.org">رابط</a>');
    expect(trusted).toContain('<span dir="ltr" onclick="x()">a <i>b</i></span> <script>s()</script>.');
  });
});
