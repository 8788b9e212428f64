/**
 * The text of a brief from its bytes. Briefs are UTF-8 (a leading byte order mark is dropped by the
 * parser); a file with a UTF-16 byte order mark (Notepad's and Word's "Unicode" text) is read as
 * UTF-16, strictly (a lone surrogate is an error); UTF-32 is an error. Anything else that is not UTF-8 is an error at the first byte that is not: an Arabic
 * brief saved as Windows-1256 ("Arabic (Windows)") or ISO-8859-6 would otherwise come out as
 * replacement characters (U+FFFD) in every format, with no warning.
 */
import { isUtf8 } from 'node:buffer';
import { SahifaError } from './errors.js';

/**
 * Decodes a brief.
 *
 * @param bytes the file's bytes
 * @param file the brief's name, for the message
 * @returns the text (with a UTF-8 byte order mark still at its start, if it had one)
 * @throws {SahifaError} rule `input`: at the line and column (1-based; columns in UTF-16 units, as
 *   the parser's) of the first byte that is not UTF-8, when the file is neither UTF-8 nor UTF-16
 *   with a byte order mark; without a place for UTF-32 and for UTF-16 that does not decode
 */
export function decodeBrief(bytes: Uint8Array, file: string): string {
  const [b0, b1, b2, b3] = bytes;
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    throw new SahifaError({ file }, 'is UTF-32 text: save it as UTF-8', 'input');
  }
  const utf16 = b0 === 0xff && b1 === 0xfe ? 'utf-16le' : b0 === 0xfe && b1 === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    try {
      return new TextDecoder(utf16, { fatal: true }).decode(bytes.subarray(2));
    } catch {
      throw new SahifaError({ file }, `is not valid ${utf16.toUpperCase()} text (it starts with that byte order mark): save it as UTF-8`, 'input');
    }
  }
  // UTF-16 without a byte order mark: every other byte of its ASCII and Arabic text is 0 (and those
  // bytes may even be well-formed UTF-8); a stray NUL in UTF-8 text is left to the parser's checks
  const head = bytes.subarray(0, 4096);
  if (head.length >= 8 && head.filter((b) => b === 0).length * 4 >= head.length) {
    const nul = bytes.indexOf(0);
    throw new SahifaError({ file, ...placeOf(bytes, nul) }, 'is not UTF-8 text (byte 0x00 here): save it as UTF-8 (it looks like UTF-16 without a byte order mark)', 'input');
  }
  if (isUtf8(bytes)) return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const at = firstInvalidUtf8(bytes);
  const byte = bytes[at]!.toString(16).toUpperCase().padStart(2, '0');
  throw new SahifaError(
    { file, ...placeOf(bytes, at) },
    `is not UTF-8 text (byte 0x${byte} here): save it as UTF-8 (an Arabic file saved as "Arabic (Windows)", Windows-1256, or a Hebrew one as Windows-1255, reads like this)`,
    'input',
  );
}

/** Line and column of byte `at`, as the parser counts them: line ends \r\n, \r or \n; columns in UTF-16 units. */
function placeOf(bytes: Uint8Array, at: number): { line: number; column: number } {
  const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, at)).split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * Offset of the first byte of `bytes` that does not start or continue a well-formed UTF-8
 * sequence (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF);
 * `bytes.length` when there is none.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // the allowed range of the second byte, and how many continuation bytes follow
    let lo = 0x80;
    let hi = 0xbf;
    let n: number;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return bytes.length;
}
