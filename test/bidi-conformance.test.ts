/**
 * UAX #9 conformance of the PDF layer's visual order (levels from bidi-js, L1 and L2 ours), over
 * the Unicode file BidiCharacterTest.txt in ../shared/conformance (read in place).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { visualLine } from '../src/writers/pdf/bidi/reorder.js';
import { needClient } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const FILE = join(ROOT, '..', 'shared', 'conformance', 'BidiCharacterTest.txt');
const skip = needClient(`the conformance file ${FILE}`, existsSync(FILE));

describe.skipIf(skip)('BidiCharacterTest.txt', () => {
  it('gives the expected levels and visual order for every case', () => {
    const failures: string[] = [];
    let cases = 0;
    let lineNo = 0;
    for (const line of readFileSync(FILE, 'utf8').split('\n')) {
      lineNo++;
      if (!line || line.startsWith('#')) continue;
      const [cps, dirField, , levelsField, orderField] = line.split(';');
      const chars = cps!.split(' ').map((h) => String.fromCodePoint(parseInt(h, 16)));
      // map code points to UTF-16 offsets
      const offsets: number[] = [];
      let text = '';
      for (const ch of chars) {
        offsets.push(text.length);
        text += ch;
      }
      const dir = dirField === '0' ? 'ltr' : dirField === '1' ? 'rtl' : 'auto';
      const got = visualLine(text, dir);
      const gotLevels = offsets.map((o) => (got.levels[o] === null ? 'x' : String(got.levels[o]))).join(' ');
      const indexOf = new Map(offsets.map((o, i) => [o, i]));
      const gotOrder = got.order.filter((o) => indexOf.has(o)).map((o) => indexOf.get(o)).join(' ');
      cases++;
      if (gotLevels !== levelsField!.trim() || gotOrder !== orderField!.trim()) {
        failures.push(`line ${lineNo}: ${cps} dir=${dirField}\n  levels want ${levelsField} got ${gotLevels}\n  order  want ${orderField} got ${gotOrder}`);
      }
    }
    console.log(`BidiCharacterTest.txt: ${cases - failures.length}/${cases} cases pass`);
    expect(failures.slice(0, 5).join('\n')).toBe('');
  });
});
