/**
 * A figure taller than a page: pdfmake leaves out an unbreakable block taller than a page, so a
 * tall infographic vanished from the PDF (image and caption, no warning) and ran off the page in
 * Word. Figures are now made no taller than the page holds with their caption
 * (`figureMaxHeight`). Read back with poppler (pdfimages, pdftotext) and from the DOCX's XML.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { PAGE_SIZES } from '../src/templates/units.js';
import { loadTemplate } from '../src/templates/load.js';
import { hasCommand, needClient, pdftotext, tempDir } from './helpers/clients.js';
import { solidPng } from './helpers/images.js';
import { ROOT } from './helpers/seed.js';

const skip = needClient('poppler-utils (pdftotext, pdfimages)', hasCommand('pdftotext') && hasCommand('pdfimages', ['-v']));

describe.skipIf(skip)('a figure taller than a page', () => {
  let out: string;
  beforeAll(async () => {
    const dir = tempDir('sahifa-tall-');
    mkdirSync(join(dir, 'content', 'images'), { recursive: true });
    mkdirSync(join(dir, 'templates'), { recursive: true });
    execFileSync('cp', ['-r', join(ROOT, 'templates', 'policy-brief'), join(dir, 'templates')]);
    execFileSync('cp', ['-r', join(ROOT, 'fonts'), dir]);
    writeFileSync(join(dir, 'content', 'images', 'tall.png'), solidPng(300, 1400));
    writeFileSync(join(dir, 'content', 'tall.md'), ['---', 'title: "صورة طويلة"', 'lang: ar', '---', '', 'فقرة قبل الصورة.', '', '![مخطط TALL1 طويل](images/tall.png)', '', 'فقرة بعد الصورة.', ''].join('\n'));
    writeFileSync(join(dir, 'content', 'headed.md'), ['---', 'title: "صورة طويلة تحت عنوان"', 'lang: ar', '---', '', 'فقرة قبل العنوان.', '', '## عنوان HEAD1 فوق الصورة', '', '![مخطط TALL2 طويل](images/tall.png)', '', 'فقرة بعد الصورة.', ''].join('\n'));
    out = join(dir, 'output');
    const r = await build({ root: dir, paths: ['content/tall.md', 'content/headed.md'], outDir: out, formats: ['pdf', 'docx'], force: true, jobs: 1 });
    expect(r.failed).toBe(0);
  });

  it('is in the PDF, image and caption, on one page', () => {
    const pdf = join(out, 'tall.pdf');
    // page num type width height …: the figure's image, not the running header's logo
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).map((l) => l.trim().split(/\s+/)).filter((c) => c[3] === '300' && c[4] === '1400');
    expect(images).toHaveLength(1);
    const page = Number(images[0]![0]);
    expect(pdftotext(pdf, ['-f', String(page), '-l', String(page)])).toContain('TALL1');
    expect(pdftotext(pdf)).toContain('فقرة بعد الصورة');
  });

  it('leaves room for a heading above it: the heading goes to the figure\'s page, not left alone on the page before', () => {
    const pdf = join(out, 'headed.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    const pageOf = (word: string): number => Array.from({ length: pages }, (_, i) => i + 1).find((p) => pdftotext(pdf, ['-f', String(p), '-l', String(p)]).includes(word))!;
    expect(pageOf('TALL2')).toBe(2);
    expect(pageOf('HEAD1')).toBe(2);
  });

  it('fits the page in the DOCX (its extent no taller than the page body)', () => {
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(join(out, 'tall.docx'))))['word/document.xml']!);
    const cy = Number(/<wp:extent cx="\d+" cy="(\d+)"/.exec(xml)![1]);
    const t = loadTemplate('policy-brief', { root: ROOT }).template;
    const bodyPt = PAGE_SIZES[t.page.size][1] - t.page.margins.top - t.page.margins.bottom;
    expect(cy / 12700).toBeLessThan(bodyPt); // EMU → pt
    expect(cy / 12700).toBeGreaterThan(bodyPt / 2);
  });
});
