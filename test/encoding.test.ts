/**
 * Briefs that are not UTF-8: an Arabic file saved as Windows-1256 is an error at its first byte
 * that is not UTF-8 (it built silently, every Arabic letter a U+FFFD); a UTF-16 file with a byte
 * order mark (Notepad's "Unicode") is read as such. Built through the CLI; the PDF read back with
 * poppler.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../src/model/encoding.js';
import { hasCommand, needClient, pdftotext, tempDir } from './helpers/clients.js';
import { sahifa } from './helpers/cli.js';

/** A project folder whose content/brief.md holds `bytes`. */
function projectWith(bytes: Uint8Array): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'content'));
  writeFileSync(join(dir, 'content', 'brief.md'), bytes);
  return dir;
}

const HEAD = '---\ntitle: "عنوان"\nlang: ar\n---\n\nفقرة أولى ';
/** "عنوان" in Windows-1256. */
const CP1256 = [0xda, 0xe4, 0xe6, 0xc7, 0xe4];

describe('firstInvalidUtf8', () => {
  it('agrees with Node on well-formed and ill-formed sequences', () => {
    const cases = [[0x61], [0xc3, 0xa9], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xe0, 0xa0, 0x80], [0xed, 0xa0, 0x80], [0xed, 0x9f, 0xbf], [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xd8, 0xb9, 0xda]];
    for (const c of cases) {
      const bytes = new Uint8Array(c);
      expect(firstInvalidUtf8(bytes) === bytes.length, c.map((b) => b.toString(16)).join(' ')).toBe(isUtf8(bytes));
    }
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xd8, 0xb9, 0xda, 0xe4]))).toBe(3);
  });
});

describe('a brief that is not UTF-8', () => {
  it('is an error at its first byte that is not, with nothing written', () => {
    const dir = projectWith(Buffer.concat([Buffer.from(HEAD), Buffer.from(CP1256), Buffer.from('\n')]));
    const r = sahifa(['build', '--format', 'html'], dir);
    expect(r.code).toBe(1);
    // line 6, after "فقرة أولى " (10 characters)
    expect(r.err).toContain('content/brief.md:6:11: is not UTF-8 text (byte 0xDA here)');
    expect(existsSync(join(dir, 'output', 'brief.html'))).toBe(false);
    const check = sahifa(['check'], dir);
    expect(check.code).toBe(1);
    expect(check.out + check.err).toMatch(/content\/brief\.md:6:11: error: is not UTF-8 text/);
  });

  it('counts lines and columns as the parser does, says when it looks like UTF-16, refuses UTF-32 and broken UTF-16', () => {
    // columns in UTF-16 units (🔒 is two), a line ending in \r alone
    const dir = projectWith(Buffer.concat([Buffer.from('---\ntitle: t\nlang: ar\n---\r\rنص 🔒'), Buffer.from([0xff])]));
    expect(sahifa(['build', '--format', 'html'], dir).err).toContain('content/brief.md:6:6: is not UTF-8 text (byte 0xFF here)');
    const bare16 = projectWith(Buffer.from('---\ntitle: t\n---\n\nنص\n', 'utf16le'));
    expect(sahifa(['build', '--format', 'html'], bare16).err).toContain('it looks like UTF-16 without a byte order mark');
    const utf32 = projectWith(Buffer.from([0xff, 0xfe, 0, 0, 0x2d, 0, 0, 0]));
    expect(sahifa(['build', '--format', 'html'], utf32).err).toContain('content/brief.md: is UTF-32 text: save it as UTF-8');
    const lone = projectWith(Buffer.from([0xff, 0xfe, 0x2d, 0x00, 0x00, 0xd8, 0x2d, 0x00]));
    const r = sahifa(['build', '--format', 'html'], lone);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not valid UTF-16LE text');
  });

  it.skipIf(needClient('pdftotext', hasCommand('pdftotext')))('is read as UTF-16 when it starts with a UTF-16 byte order mark', () => {
    const text = `${HEAD}ثانية.\n`;
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])]) {
      const dir = projectWith(bytes);
      const r = sahifa(['build', '--format', 'pdf'], dir);
      expect(r.code, r.err).toBe(0);
      expect(r.err).not.toContain('no front matter');
      expect(pdftotext(join(dir, 'output', 'brief.pdf')).replace(/[\u200e\u200f\u202a-\u202e]/g, '')).toContain('فقرة أولى ثانية');
    }
  });
});
