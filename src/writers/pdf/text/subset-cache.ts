/**
 * Encoded font subsets reused within a process (the fontkit subset `encode` hook of `install.ts`).
 */
import { LRUCache } from 'lru-cache';

/** A fontkit subset (`font.createSubset()`): the glyph ids it holds, in the order they were added. */
export interface FontSubset {
  font: object;
  glyphs: number[];
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}

/**
 * Encoded subsets by parsed fontkit font, keyed by the glyph ids asked for, in order: a document
 * built again in the same process (`watch`, after a one-word edit) usually asks for the same
 * glyphs in the same order, and fontkit's `encode` decodes and re-encodes every glyph (most of the
 * warm PDF time). Each entry also keeps the glyphs `encode` added (components of compound
 * glyphs), so a hit leaves the subset as `encode` would. A few sets per font (lru-cache).
 */
const encodedSubsets = new WeakMap<object, LRUCache<string, { bytes: Uint8Array; glyphs: readonly number[] }>>();

/** Font subsets encoded by fontkit and taken from {@link encodedSubsets} in this process (read by tests). */
export const subsetEncodes = { encoded: 0, reused: 0 };

/** Wraps fontkit's subset `encode` (once per subset class) with {@link encodedSubsets}. */

/**
 * fontkit's `encode` of a subset through {@link encodedSubsets}: the bytes encoded earlier for the
 * same glyphs in the same order, with the glyphs `encode` added then, else `encode`'s own.
 */
export function encodeSubset(subset: FontSubset, encode: (this: FontSubset) => Uint8Array): Uint8Array {
  if (!Array.isArray(subset.glyphs) || typeof subset.includeGlyph !== 'function' || typeof subset.font !== 'object') return encode.call(subset);
  let cache = encodedSubsets.get(subset.font);
  if (!cache) encodedSubsets.set(subset.font, (cache = new LRUCache({ max: 8 })));
  const key = subset.glyphs.join(',');
  const hit = cache.get(key);
  if (hit) {
    for (let i = subset.glyphs.length; i < hit.glyphs.length; i++) subset.includeGlyph(hit.glyphs[i]!);
    subsetEncodes.reused++;
    return hit.bytes;
  }
  subsetEncodes.encoded++;
  const bytes = encode.call(subset);
  cache.set(key, { bytes, glyphs: subset.glyphs.slice() });
  return bytes;
}
