/**
 * Reading the size and format of a local image from its header bytes (no decoding), for figures:
 * PNG (IHDR chunk) and JPEG (first SOFn marker). Other formats are refused.
 */
import { inflateSync } from 'node:zlib';

/** Format and natural size in pixels of an image file. */
export interface ImageInfo {
  readonly format: 'png' | 'jpg';
  readonly width: number;
  readonly height: number;
}

/**
 * Format and pixel size of PNG or JPEG bytes.
 *
 * @returns undefined when `bytes` is neither a PNG nor a JPEG with a readable frame header
 */
export function imageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 24 && png.every((b, i) => bytes[i] === b)) {
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return undefined;
      const marker = bytes[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      const length = view.getUint16(i + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpg', height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      }
      i += 2 + length;
    }
  }
  return undefined;
}

/** MIME type of an image format. */
export function mimeOf(format: ImageInfo['format']): string {
  return format === 'png' ? 'image/png' : 'image/jpeg';
}

/**
 * Checks that PNG or JPEG bytes are whole and decodable enough for every writer, without keeping
 * the decoded pixels: a PNG's chunks must be complete with correct CRCs, end with IEND, and its
 * image data must inflate to the size its header promises; a JPEG must have its frame header and
 * reach its scan data. A truncated or corrupt file would otherwise fail deep inside a writer (or
 * crash pdfkit's asynchronous PNG decoder).
 *
 * @returns a short reason when the image is damaged, undefined when it is usable
 */
export function imageProblem(bytes: Uint8Array, info: ImageInfo): string | undefined {
  return info.format === 'png' ? pngProblem(bytes, info) : jpegProblem(bytes);
}

function pngProblem(bytes: Uint8Array, info: ImageInfo): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let pos = 8;
  let ended = false;
  let header: { depth: number; colour: number; interlace: number } | undefined;
  let palette = false;
  while (pos + 12 <= bytes.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    if (pos + 12 + length > bytes.length) return `PNG chunk ${type} is cut short (the file is truncated)`;
    const crc = view.getUint32(pos + 8 + length);
    if (crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== crc) return `PNG chunk ${type} is damaged (CRC mismatch)`;
    const body = bytes.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      if (length !== 13) return 'PNG header chunk has the wrong length';
      header = { depth: body[8]!, colour: body[9]!, interlace: body[12]! };
    } else if (type === 'PLTE') palette = true;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos += 12 + length;
  }
  if (!header) return 'PNG has no header chunk';
  if (!ended) return 'PNG has no end chunk (the file is truncated)';
  if (!idat.length) return 'PNG has no image data';
  const channels: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
  const ch = channels[header.colour];
  if (ch === undefined || ![1, 2, 4, 8, 16].includes(header.depth)) return `PNG colour type ${header.colour} at depth ${header.depth} is not valid`;
  if (header.colour === 3 && !palette) return 'PNG palette image has no palette';
  if (info.width === 0 || info.height === 0) return 'PNG has no pixels';
  const rowBytes = (w: number): number => (w === 0 ? 0 : 1 + Math.ceil((w * ch * header.depth) / 8));
  let expected = 0;
  if (header.interlace === 0) expected = info.height * rowBytes(info.width);
  else {
    // Adam7: seven passes over sub-images.
    const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;
    for (const [x0, y0, dx, dy] of passes) {
      const w = Math.ceil((info.width - x0) / dx);
      const h = Math.ceil((info.height - y0) / dy);
      if (w > 0 && h > 0) expected += h * rowBytes(w);
    }
  }
  const joined = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of idat) {
    joined.set(c, at);
    at += c.length;
  }
  let raw: Uint8Array;
  try {
    raw = inflateSync(joined, { maxOutputLength: expected + 1 });
  } catch (err) {
    return `PNG image data does not decompress (${(err as Error).message})`;
  }
  if (raw.length !== expected) return `PNG image data holds ${raw.length} bytes where its header promises ${expected}`;
  return undefined;
}

function jpegProblem(bytes: Uint8Array): string | undefined {
  let i = 2;
  let frame = false;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return 'JPEG segment structure is damaged';
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xda) return frame ? undefined : 'JPEG has scan data before its frame header';
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    if (length < 2) return 'JPEG segment structure is damaged';
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      // SOFn: length, precision, height, width, number of components (writers need 1, 3 or 4:
      // pdfkit wrote `/ColorSpace (undefined)` for any other count)
      if (i + 10 > bytes.length) return 'JPEG is cut short in its frame header (the file is truncated)';
      const height = (bytes[i + 5]! << 8) | bytes[i + 6]!;
      const width = (bytes[i + 7]! << 8) | bytes[i + 8]!;
      const components = bytes[i + 9]!;
      if (width === 0 || height === 0) return `JPEG has no pixels (${width} × ${height})`;
      if (components !== 1 && components !== 3 && components !== 4) return `JPEG frame header has ${components} colour components; only 1 (grey), 3 (colour) or 4 (CMYK) can be drawn`;
      frame = true;
    }
    i += 2 + length;
  }
  return 'JPEG is cut short before its image data (the file is truncated)';
}

/**
 * Bytes the decoded pixels of an image take, from its header: width × height × channels × bytes
 * per channel (PNG: channels of its colour type, a palette image expanded to RGB(A) as the PDF
 * writer does, depth 16 as 2 bytes and depths under 8 as 1; JPEG: its components at 1 byte, or 2
 * for 12-bit precision). A small file can promise huge pixels (a 389 KB PNG of 7071 × 7071 at 16
 * bits RGBA decodes to 400 MB): the parser compares this with `limits.maxImageDecodedBytes`
 * before any writer decodes it.
 *
 * @param bytes the file's bytes; `info` from {@link imageInfo}
 * @returns the decoded size in bytes (0 when the header cannot be read; {@link imageProblem} says why)
 */
export function decodedBytes(bytes: Uint8Array, info: ImageInfo): number {
  const pixels = info.width * info.height;
  if (info.format === 'png') {
    if (bytes.length < 26) return 0;
    const depth = bytes[24]!;
    const colour = bytes[25]!;
    const channels = ({ 0: 1, 2: 3, 3: 4, 4: 2, 6: 4 } as Record<number, number>)[colour] ?? 4;
    return pixels * channels * (colour === 3 ? 1 : depth > 8 ? 2 : 1);
  }
  let i = 2;
  while (i + 10 <= bytes.length) {
    if (bytes[i] !== 0xff) return 0;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return pixels * Math.max(1, bytes[i + 9]!) * (bytes[i + 4]! > 8 ? 2 : 1);
    }
    i += 2 + ((bytes[i + 2]! << 8) | bytes[i + 3]!);
  }
  return 0;
}

/** CRC-32 (PNG's), table-driven. */
function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * True when SVG text carries active or external content: `<script>`, event attributes
 * (`onload=`…), `javascript:` URLs, `<foreignObject>`, or references to other files or hosts
 * (`href`/`xlink:href`/`url(…)` that is not a `#fragment`). sahifa does not embed SVG images at all
 * (figures are PNG or JPEG); this names the reason in the message when an SVG is refused.
 */
export function svgIsActive(text: string): boolean {
  return (
    /<script[\s>]/i.test(text) ||
    /\son[a-z]+\s*=/i.test(text) ||
    /javascript:/i.test(text) ||
    /<foreignObject[\s>]/i.test(text) ||
    /(?:xlink:)?href\s*=\s*["'](?!#)/i.test(text) ||
    /url\(\s*["']?(?!#)/i.test(text)
  );
}
