/**
 * Citations, cross-references and dates in the real brief content/urban-water-losses.md (with
 * content/refs.bib), read back from the three outputs by real readers: the HTML's `href`/`id`,
 * the PDF's link annotations (qpdf's JSON) against its named destinations (poppler's
 * `pdfinfo -dests`), the DOCX's `w:hyperlink w:anchor` against its `w:bookmarkStart`. And the
 * errors of `check` and `build`, with their places, from the real command.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { project, sahifa } from './helpers/cli.js';
import { hasCommand, needClient, pdftotext, tempDir } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const BRIEF = 'urban-water-losses';
/** Anchor ids of the targets the brief refers to: its figure, its table, its reference entries. */
const TARGET = /^(?:fig|tbl|ref)-\d+$/;
const skipPdf = needClient('poppler-utils (pdfinfo) and qpdf', hasCommand('pdfinfo') && hasCommand('qpdf', ['--version']));

let out: string;
beforeAll(() => {
  out = tempDir('sahifa-apparatus-');
  const r = sahifa(['build', join(ROOT, 'content', `${BRIEF}.md`), '--out', out, '--force'], ROOT);
  expect(r.code, r.err).toBe(0);
}, 300_000);

describe('the real brief: citations and cross-references link to their targets', () => {
  it('HTML: every citation and cross-reference href names an element id; the entries carry their own direction', () => {
    const html = readFileSync(join(out, `${BRIEF}.html`), 'utf8');
    const hrefs = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!).filter((h) => TARGET.test(h));
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    expect(hrefs).toEqual(expect.arrayContaining(['fig-1', 'tbl-1', 'ref-1', 'ref-6']));
    for (const h of hrefs) expect(ids, `#${h}`).toContain(h);
    // six entries (every key cited), numbered; English ones left to right inside the right-to-left list
    const entries = [...html.matchAll(/<li id="(ref-\d+)"([^>]*)>/g)];
    expect(entries.map((e) => e[1])).toEqual(['ref-1', 'ref-2', 'ref-3', 'ref-4', 'ref-5', 'ref-6']);
    expect(entries.filter((e) => /lang="en"/.test(e[2]!)).length).toBe(4);
    expect(html).toContain('<li id="ref-3" dir="ltr" lang="en">');
    expect(html).toContain('href="https://doi.org/10.2166/ws.2018.129"');
    expect(html).toContain('>الشكل 1</a>');
    expect(html).toContain('>الجدول 1</a>');
    expect(html).toContain('19 ذو الحجة 1446 هـ الموافق 15 يونيو 2025م');
  });

  it.skipIf(skipPdf)('PDF: link annotations go to named destinations that poppler finds', () => {
    const file = join(out, `${BRIEF}.pdf`);
    const dests = new Set([...execFileSync('pdfinfo', ['-dests', file], { encoding: 'utf8' }).matchAll(/"([^"]+)"\s*$/gm)].map((m) => m[1]!));
    const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', file], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] };
    const objects = json.qpdf[1];
    const deref = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'string' && / R$/.test(v) ? objects[`obj:${v}`]?.value : (v as Record<string, unknown>));
    const goTo = Object.values(objects)
      .map((o) => o.value)
      .filter((v) => v?.['/Subtype'] === '/Link')
      .map((v) => deref(v!['/A']))
      .filter((a) => a?.['/S'] === '/GoTo')
      .map((a) => String(a!['/D']).replace(/^u:/, ''));
    const targets = goTo.filter((d) => TARGET.test(d));
    expect(new Set(targets)).toEqual(new Set(['fig-1', 'tbl-1', 'ref-1', 'ref-2', 'ref-3', 'ref-4', 'ref-5', 'ref-6']));
    for (const d of targets) expect(dests, d).toContain(d);
    // the numbered references and the resolved words are in the text
    const text = pdftotext(file);
    expect(text).toContain('Liemberger, Roland, and Alan Wyatt. 2019.');
  });

  it('DOCX: internal hyperlinks go to bookmarks of the same name', () => {
    const zip = unzipSync(readFileSync(join(out, `${BRIEF}.docx`)));
    const xml = strFromU8(zip['word/document.xml']!);
    const anchors = [...xml.matchAll(/<w:hyperlink [^>]*w:anchor="([^"]+)"/g)].map((m) => m[1]!).filter((a) => TARGET.test(a));
    const bookmarks = new Set([...xml.matchAll(/<w:bookmarkStart [^>]*w:name="([^"]+)"/g)].map((m) => m[1]!));
    expect(new Set(anchors)).toEqual(new Set(['fig-1', 'tbl-1', 'ref-1', 'ref-2', 'ref-3', 'ref-4', 'ref-5', 'ref-6']));
    for (const a of anchors) expect(bookmarks, a).toContain(a);
    // an English entry is a left-to-right paragraph: no w:bidi in its paragraph properties
    const entry = /<w:p>(?:(?!<\/w:p>).)*?w:name="ref-3"(?:(?!<\/w:p>).)*<\/w:p>/s.exec(xml)?.[0] ?? '';
    expect(entry).toContain('Farley');
    expect(entry).not.toContain('<w:bidi/>');
  });
});

describe('errors at their place, in check and build', () => {
  const bib = readFileSync(join(ROOT, 'content', 'refs.bib'), 'utf8');
  const run = (files: Record<string, string>, command: 'check' | 'build') => {
    const dir = project(files);
    return sahifa(command === 'check' ? ['check', 'b.md'] : ['build', 'b.md', '--out', 'out', '--format', 'html'], dir);
  };
  const md = (body: string, extra = 'bibliography: refs.bib\n') => `---\ntitle: T\nlang: ar\n${extra}---\n\n${body}\n`;

  it.each(['check', 'build'] as const)('%s: an unknown key, with the near one', (command) => {
    const r = run({ 'b.md': md('نص [@farley2030، ص 5].'), 'refs.bib': bib }, command);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(/b\.md:7:5: .*unknown citation key @farley2030; did you mean @farley2003\?/);
  });

  it.each(['check', 'build'] as const)('%s: a broken .bib at the .bib\'s line', (command) => {
    const r = run({ 'b.md': md('نص [@a].'), 'refs.bib': '@book{a, title={X}, year={2020}}\n\n@book{b, title={Y, year={2020}}\n' }, command);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(/refs\.bib:4:1: .*broken bibliography/);
  });

  it.each(['check', 'build'] as const)('%s: a bibliography outside the project, at its key', (command) => {
    const r = run({ 'b.md': md('نص [@a].', 'bibliography: ../../etc/refs.bib\n') }, command);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(/b\.md:4:1: .*bibliography "\.\.\/\.\.\/etc\/refs\.bib": the path leads outside the project folder/);
  });

  it.each(['check', 'build'] as const)('%s: an unknown label, and an impossible date', (command) => {
    const r = run({ 'b.md': md('انظر @fig:nothing.', '') }, command);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(/b\.md:6:6: .*unknown label @fig:nothing/);
    const d = run({ 'b.md': md('نص.', 'date: 2025-02-30\n') }, command);
    expect(d.code).toBe(1);
    expect(d.out + d.err).toMatch(/b\.md:4:1: .*2025-02-30 is not a date: month 2 of 2025 has 28 days/);
  });

  it('a changed refs.bib rebuilds the brief (an input of the manifest)', () => {
    const dir = project({ 'b.md': md('نص [@farley2003].'), 'refs.bib': bib });
    expect(sahifa(['build', 'b.md', '--out', 'out', '--format', 'html'], dir).code).toBe(0);
    expect(sahifa(['build', 'b.md', '--out', 'out', '--format', 'html'], dir).out).toMatch(/0 built, 1 skipped/);
    writeFileSync(join(dir, 'refs.bib'), bib.replace('IWA Publishing', 'IWA Publishing Ltd'));
    const again = sahifa(['build', 'b.md', '--out', 'out', '--format', 'html'], dir);
    expect(again.out).toMatch(/1 built/);
    expect(readFileSync(join(dir, 'out', 'b.html'), 'utf8')).toContain('IWA Publishing Ltd');
  });
});
