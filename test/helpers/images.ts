/** Images for tests, made in memory. */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

/** One PNG chunk: length, type, data and CRC-32 (PNG spec §5.3). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A valid RGB PNG of `width` × `height` px in one colour (8 bits per channel, no interlace).
 *
 * @returns the file's bytes
 */
export function solidPng(width: number, height: number, [r, g, b]: readonly [number, number, number] = [40, 90, 160]): Buffer {
  const chunk = pngChunk;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * Gray levels (0–255, 0.3 R + 0.59 G + 0.11 B) of an 8-bit RGB or RGBA PNG without interlace,
 * such as Chromium's screenshots (PNG spec §7–9: IDAT chunks inflated, each row unfiltered).
 */
export function pngGray(png: Uint8Array): { width: number; height: number; gray: Uint8Array } {
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const width = view.readUInt32BE(16);
  const height = view.readUInt32BE(20);
  const [depth, colour, interlace] = [view[24], view[25], view[28]];
  if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`pngGray: unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${interlace})`);
  const idat: Buffer[] = [];
  for (let at = 8; at < view.length; ) {
    const length = view.readUInt32BE(at);
    if (view.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(view.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = colour === 6 ? 4 : 3;
  const stride = width * bpp;
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= bpp ? rows[y * stride + x - bpp]! : 0;
      const b = y > 0 ? rows[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? rows[(y - 1) * stride + x - bpp]! : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const predicted = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter]!;
      rows[y * stride + x] = (v + predicted) & 0xff;
    }
  }
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = Math.round(rows[i * bpp]! * 0.3 + rows[i * bpp + 1]! * 0.59 + rows[i * bpp + 2]! * 0.11);
  return { width, height, gray };
}
