/**
 * UAX #9 conformance of the PDF layer's visual order (levels from bidi-js, L1 and L2 ours), over
 * the Unicode file BidiCharacterTest.txt in ../shared/conformance (read in place).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { visualLine } from '../src/writers/pdf/layout/bidi/reorder.js';
import { needShared, sharedPath } from './helpers/shared.js';

const FILE = sharedPath('conformance', 'BidiCharacterTest.txt');
const skip = needShared('the conformance file BidiCharacterTest.txt', FILE);

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

const CLASSES_FILE = sharedPath('conformance', 'BidiTest.txt');
const skipClasses = needShared('the conformance file BidiTest.txt', CLASSES_FILE);

/** One character of each bidi class, for the class sequences of BidiTest.txt. */
const SAMPLE: Record<string, string> = {
  L: 'a', R: '\u05d0', AL: '\u0628', EN: '1', ES: '+', ET: '$', AN: '\u0660', CS: ',', NSM: '\u0300', BN: '\u200d',
  B: '\u2029', S: '\t', WS: ' ', ON: '!', LRE: '\u202a', RLE: '\u202b', PDF: '\u202c', LRO: '\u202d', RLO: '\u202e',
  LRI: '\u2066', RLI: '\u2067', FSI: '\u2068', PDI: '\u2069',
};

describe.skipIf(skipClasses)('BidiTest.txt', () => {
  it('gives the expected levels and visual order for every class sequence and paragraph direction', () => {
    const failures: string[] = [];
    let cases = 0;
    let levels = '';
    let order = '';
    let lineNo = 0;
    for (const line of readFileSync(CLASSES_FILE, 'utf8').split('\n')) {
      lineNo++;
      if (line.startsWith('@Levels:')) levels = line.slice('@Levels:'.length).trim();
      else if (line.startsWith('@Reorder:')) order = line.slice('@Reorder:'.length).trim();
      if (!line || line.startsWith('#') || line.startsWith('@')) continue;
      const [classes, bits] = line.split(';');
      const text = classes!.trim().split(/\s+/).map((c) => SAMPLE[c]!).join('');
      for (const [bit, dir] of [[1, 'auto'], [2, 'ltr'], [4, 'rtl']] as const) {
        if ((Number(bits) & bit) === 0) continue;
        cases++;
        const got = visualLine(text, dir);
        const gotLevels = [...text].map((_, i) => (got.levels[i] === null ? 'x' : String(got.levels[i]))).join(' ');
        const gotOrder = got.order.join(' ');
        if (gotLevels !== levels || gotOrder !== order) failures.push(`line ${lineNo}: ${classes} dir=${dir}\n  levels want ${levels} got ${gotLevels}\n  order  want ${order} got ${gotOrder}`);
      }
    }
    console.log(`BidiTest.txt: ${cases - failures.length}/${cases} cases pass`);
    expect(cases).toBeGreaterThan(700_000);
    expect(failures.slice(0, 5).join('\n')).toBe('');
  });
});
