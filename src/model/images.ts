/**
 * Reading the size and format of a local image from its header bytes (no decoding), for figures:
 * PNG (IHDR chunk) and JPEG (first SOFn marker). Other formats are refused.
 */

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
