/**
 * base64-js's API on Node's own Buffer, for the bundle (scripts/bundle.mjs aliases the package
 * `base64-js` to this file).
 *
 * linebreak and unicode-properties keep their UnicodeTrie tables as base64 strings and decode them
 * with base64-js, in JavaScript, when they are loaded: ~10 ms of a cold PDF build in V8's
 * interpreter (cpuprofile). Buffer decodes the same strings natively.
 */

/** The bytes of base64 `b64` in a Uint8Array of their own (as base64-js returns: its own buffer, exact length). */
function toByteArray(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** `bytes` as base64 with padding (base64-js's `fromByteArray`). */
function fromByteArray(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** How many bytes `b64` decodes to (base64-js's `byteLength`). */
function byteLength(b64: string): number {
  return Buffer.byteLength(b64, 'base64');
}

export = { toByteArray, fromByteArray, byteLength };
