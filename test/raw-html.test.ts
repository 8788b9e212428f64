/**
 * Raw HTML blocks in PDF and DOCX: their text is shown as paragraphs, as a browser and Pandoc do.
 */
import { describe, expect, it } from 'vitest';
import { htmlTextBlocks } from '../src/writers/shared/raw-html.js';
import { parse } from '../src/parse/index.js';
import { pdftotext, hasCommand, needClient } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

describe('raw HTML text', () => {
  it('keeps the text of blocks, images as alt text, never scripts or styles', () => {
    expect(htmlTextBlocks('<div dir="rtl">پہلی <b>شراکت</b></div><p>two<br>lines</p><script>alert(1)</script><style>p{}</style><img alt="شعار">')).toEqual(['پہلی شراکت', 'two', 'lines', 'شعار']);
    expect(htmlTextBlocks('<div align="center">')).toEqual([]);
  });

  it.skipIf(needClient('pdftotext', hasCommand('pdftotext')))('prints the text of an HTML block in the PDF', async () => {
    const { pdfWriter } = await import('../src/writers/pdf/index.js');
    const { loadTemplate } = await import('../src/templates/load.js');
    const doc = parse('---\ntitle: ت\nlang: ur\n---\n\n<div dir="rtl">\nیہ متن ایک ایچ ٹی ایم ایل بلاک کے اندر ہے\n</div>\n', 'x.md', { cwd: ROOT });
    const { bytes } = await pdfWriter.write({ doc, template: loadTemplate('policy-brief', { root: ROOT }), created: new Date(0), outDir: ROOT });
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'sahifa-raw-')), 'x.pdf');
    writeFileSync(file, bytes);
    expect(pdftotext(file).replace(/[\u200e\u200f\u202a-\u202e]/g, '')).toContain('ایچ ٹی ایم ایل');
  });
});
