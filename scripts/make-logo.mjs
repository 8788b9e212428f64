#!/usr/bin/env node
/**
 * Draws the policy-brief template's sample logo (templates/policy-brief/logo.png): a neutral mark
 * of three rising bars in the template's accent colours on a transparent background, no text.
 * A tiny PNG encoder (zlib + CRC-32), no dependencies.
 *
 * usage: node scripts/make-logo.mjs [OUT.png]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const out = resolve(process.argv[2] ?? 'templates/policy-brief/logo.png');
const W = 132, H = 96;
const teal = [0x0d, 0x5c, 0x63], amber = [0xd9, 0x8e, 0x04];
// Bars from the left: x, width, height (px), colour; 4 px anti-aliasing-free rounded look is not needed.
const bars = [
  [6, 32, 44, teal],
  [50, 32, 68, teal],
  [94, 32, 90, amber],
];
const px = new Uint8Array(W * H * 4); // RGBA, transparent
for (const [x0, w, h, c] of bars) {
  for (let y = H - 3 - h; y < H - 3; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const i = (y * W + x) * 4;
      px.set([...c, 255], i);
    }
  }
}
// Base line under the bars.
for (let y = H - 3; y < H; y++) for (let x = 0; x < W; x++) px.set([...teal, 255], (y * W + x) * 4);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(W, 0);
ihdr.writeUInt32BE(H, 4);
ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const raw = Buffer.alloc(H * (W * 4 + 1));
for (let y = 0; y < H; y++) raw.set(px.subarray(y * W * 4, (y + 1) * W * 4), y * (W * 4 + 1) + 1); // filter 0
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(out, png);
console.log(`wrote ${out} (${W}×${H})`);
