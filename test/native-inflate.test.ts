/**
 * The bundle decodes the Unicode tables of fontkit, unicode-properties and linebreak with Node's
 * zlib instead of tiny-inflate (src/startup/native-inflate.cts, aliased in scripts/bundle.mjs):
 * it must answer exactly as tiny-inflate does, for every way UnicodeTrie and fontkit call it.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/seed.js';

const require = createRequire(import.meta.url);
type Inflate = (source: Uint8Array, dest: Uint8Array) => Uint8Array;
const tinyInflate = require('tiny-inflate') as Inflate;
const nativeInflate = require(join(ROOT, 'dist', 'startup', 'native-inflate.cjs')) as Inflate;

const SAMPLES: Record<string, Uint8Array> = {
  text: new TextEncoder().encode('تأسست العلاقات الدبلوماسية بين كازاخستان وإسرائيل عام 1992. '.repeat(300)),
  random: randomBytes(50_000),
  runs: new Uint8Array(70_000).map((_, i) => (i >> 9) & 0xff),
  empty: new Uint8Array(0),
};

describe('native inflate (tiny-inflate on zlib)', () => {
  for (const [name, plain] of Object.entries(SAMPLES)) {
    it(`decodes ${name} data as tiny-inflate does, into an exact, larger or smaller output`, () => {
      const packed = deflateRawSync(plain);
      for (const size of [plain.length, plain.length + 100, Math.floor(plain.length / 2)]) {
        const ours = nativeInflate(packed, new Uint8Array(size));
        const theirs = tinyInflate(packed, new Uint8Array(size));
        expect(ours.length, `size ${size}`).toBe(theirs.length);
        expect(Buffer.from(ours).equals(Buffer.from(theirs)), `size ${size}`).toBe(true);
        // UnicodeTrie views the result's whole buffer as 32-bit words
        expect(ours.buffer.byteLength).toBe(theirs.buffer.byteLength);
      }
    });
  }

  it('decodes twice-deflated data into a Buffer as UnicodeTrie does (fontkit, linebreak)', () => {
    const plain = SAMPLES['runs']!;
    const twice = deflateRawSync(deflateRawSync(plain));
    const run = (inflate: Inflate): Uint8Array => {
      const once = inflate(Buffer.from(twice), new Uint8Array(plain.length));
      return inflate(once, new Uint8Array(plain.length));
    };
    expect(Buffer.from(run(nativeInflate)).equals(Buffer.from(run(tinyInflate)))).toBe(true);
    expect(Buffer.from(run(nativeInflate)).equals(Buffer.from(plain))).toBe(true);
  });

  it('throws on data that is not DEFLATE, as tiny-inflate does', () => {
    const junk = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(() => tinyInflate(junk, new Uint8Array(10))).toThrow('Data error');
    expect(() => nativeInflate(junk, new Uint8Array(10))).toThrow('Data error');
  });

  it('is what the bundle uses in place of tiny-inflate', () => {
    // every chunk of the bundle (scripts/bundle.mjs): fontkit's and linebreak's are in the PDF one
    const dir = join(ROOT, 'dist', 'bundle');
    const bundle = readdirSync(dir).filter((f) => f.endsWith('.cjs')).map((f) => readFileSync(join(dir, f), 'latin1')).join('\n');
    expect(bundle).toContain('"dist/startup/native-inflate.cjs"');
    expect(bundle).not.toContain('tinf_uncompress');
  });
});

describe('native base64 (base64-js on Buffer)', () => {
  type Base64 = { toByteArray(s: string): Uint8Array; fromByteArray(b: Uint8Array): string; byteLength?(s: string): number };
  const native = require(join(ROOT, 'dist', 'startup', 'native-base64.cjs')) as Base64;
  // the two versions the bundle replaces: linebreak's (0.0.8) and unicode-properties' (1.x)
  const versions = {
    linebreak: createRequire(require.resolve('linebreak'))('base64-js') as Base64,
    'unicode-properties': createRequire(require.resolve('unicode-properties'))('base64-js') as Base64,
  };

  for (const [user, base64js] of Object.entries(versions)) {
    it(`decodes and encodes as ${user}'s base64-js does, each result with its own buffer of exact length`, () => {
      for (const length of [0, 1, 2, 3, 4, 5, 1000, 50_001]) {
        const bytes = new Uint8Array(randomBytes(length));
        const text = base64js.fromByteArray(bytes);
        expect(native.fromByteArray(bytes)).toBe(text);
        if (base64js.byteLength) expect(native.byteLength!(text)).toBe(base64js.byteLength(text));
        const ours = native.toByteArray(text);
        const theirs = base64js.toByteArray(text);
        expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
        expect(ours.buffer.byteLength).toBe(theirs.buffer.byteLength);
      }
    });
  }

  it('is what the bundle uses in place of base64-js', () => {
    const dir = join(ROOT, 'dist', 'bundle');
    const bundle = readdirSync(dir).filter((f) => f.endsWith('.cjs')).map((f) => readFileSync(join(dir, f), 'latin1')).join('\n');
    expect(bundle).toContain('"dist/startup/native-base64.cjs"');
    expect(bundle).not.toContain('node_modules/base64-js/');
  });
});
