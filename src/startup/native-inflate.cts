/**
 * tiny-inflate's API on Node's own zlib, for the bundle (scripts/bundle.mjs aliases the package
 * `tiny-inflate` to this file).
 *
 * fontkit, unicode-properties and linebreak decompress their Unicode tables (UnicodeTrie: raw
 * DEFLATE, twice) with tiny-inflate, a DEFLATE decoder written in JavaScript, when they are
 * loaded. A cold `sahifa build` runs that decoder once per table in V8's interpreter: about 30 ms of
 * the ~70 ms pdfmake's dependencies take to load (cpuprofile of a cold build). zlib decodes the same
 * bytes natively in well under a millisecond.
 */
import { inflateRawSync } from 'node:zlib';

/**
 * Decompresses the raw DEFLATE stream `source` (RFC 1951, no zlib or gzip header) into `dest`,
 * as tiny-inflate 1.0.3 does: returns `dest` when the data fills it, else `dest.slice(0, n)` (for a
 * Uint8Array a copy, so callers that view `.buffer` get exactly the decoded bytes).
 *
 * @param source compressed bytes
 * @param dest preallocated output; its length bounds the output (bytes beyond it are dropped, as
 *   tiny-inflate's typed-array writes drop them)
 * @throws Error when `source` is not valid DEFLATE data (tiny-inflate: "Data error")
 */
function inflate(source: Uint8Array, dest: Uint8Array): Uint8Array {
  let out: Uint8Array;
  try {
    out = inflateRawSync(source, { maxOutputLength: Math.max(dest.length, 1) });
  } catch (error) {
    // more output than `dest` holds: decode all of it, keep what fits (tiny-inflate's behaviour)
    if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw new Error('Data error', { cause: error });
    out = inflateRawSync(source).subarray(0, dest.length);
  }
  dest.set(out);
  return out.length < dest.length ? dest.slice(0, out.length) : dest;
}

export = inflate;
