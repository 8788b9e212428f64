/**
 * What the DOCX writer can reuse from one build to the next in one process (`watch`, warm rebuilds,
 * a worker building several briefs): work whose result depends only on inputs that repeat.
 *
 * - {@link subsetOnce}: an embedded font face subset to a brief's characters, by font bytes and characters;
 * - {@link fontPart}: an embedded font face's package part (`word/fonts/fontN.odttf`): its key (a
 *   GUID from the SHA-256 of the font), the obfuscated bytes and their CRC-32, keyed by the font's
 *   bytes (a `WeakMap`: the entry goes with the font's `Buffer`).
 * - {@link deflatedPart}: an XML part deflated (raw DEFLATE, zlib level 6) with its CRC-32 and
 *   UTF-8 length, keyed by the part's text (styles, theme, settings, relationships… are the same in
 *   every build of a template; the body is when a brief is rebuilt unchanged).
 * - {@link formattedOnce}: what docx's `prepForXml` makes of a component that is the same in every
 *   build (the styles part for a given set of style options, the default theme), keyed by a string.
 *
 * The string-keyed caches are {@link BoundedCache}s (lru-cache): least recently used entries go first, so a
 * long-running process does not grow without bound. {@link docxCacheStats} counts hits and
 * misses (for tests); {@link clearDocxCaches} empties everything.
 */
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';

/**
 * A map of at most `maxEntries` entries and `maxWeight` total weight (of keys and values, as
 * `weigh` counts it, e.g. bytes) that forgets its least recently used entries first (lru-cache);
 * an entry heavier than `maxWeight` on its own is not kept. Counts its hits and misses.
 */
export class BoundedCache<K extends {}, V extends {}> {
  private readonly lru: LRUCache<K, V>;
  /** Lookups that found an entry / found none, since the cache was made or cleared. */
  hits = 0;
  misses = 0;

  /**
   * @param maxEntries the most entries kept (≥ 1)
   * @param maxWeight the most total weight kept, in the unit of `weigh`
   * @param weigh the weight of an entry (default 1 per entry)
   */
  constructor(
    readonly maxEntries: number,
    readonly maxWeight = Infinity,
    private readonly weigh: (key: K, value: V) => number = () => 1,
  ) {
    this.lru = Number.isFinite(maxWeight)
      ? new LRUCache<K, V>({ max: maxEntries, maxSize: maxWeight, sizeCalculation: (value, key) => Math.max(1, weigh(key, value)) })
      : new LRUCache<K, V>({ max: maxEntries });
  }

  /** The value for `key`, marked as the most recently used; undefined (a miss) when there is none. */
  get(key: K): V | undefined {
    const value = this.lru.get(key);
    if (value === undefined) this.misses++;
    else this.hits++;
    return value;
  }

  /** Keeps `value` for `key` as the most recently used entry, forgetting the oldest ones over the bounds. */
  set(key: K, value: V): void {
    if (this.weigh(key, value) > this.maxWeight) {
      this.lru.delete(key);
      return;
    }
    this.lru.set(key, value);
  }

  /** How many entries are kept, and their total weight. */
  get size(): { entries: number; weight: number } {
    return { entries: this.lru.size, weight: Number.isFinite(this.maxWeight) ? this.lru.calculatedSize : this.lru.size };
  }

  /** Forgets every entry and resets the counts. */
  clear(): void {
    this.lru.clear();
    this.hits = 0;
    this.misses = 0;
  }
}

/** An embedded font face as a package part: its `w:fontKey`, its obfuscated bytes (`.odttf`) and their CRC-32. */
export interface FontPart {
  /** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, upper case: the first 128 bits of the font's SHA-256. */
  readonly guid: string;
  /** The font with its first 32 bytes XORed with the key's bytes in reverse (ECMA-376 Part 2 font obfuscation). */
  readonly odttf: Uint8Array;
  /** CRC-32 of `odttf` (for the ZIP entry). */
  readonly crc: number;
}

/**
 * Font obfuscation of ECMA-376 Part 2 / docx: a copy of `bytes` with the first 32 bytes XORed with
 * the key's bytes in reverse (`guid`: 32 hex digits, braces and dashes ignored). Its own inverse.
 * `bytes` is not changed (also when it is a `Buffer`, whose `slice` would share its memory).
 */
export function xorFontKey(bytes: Uint8Array, guid: string): Uint8Array {
  const key = (guid.replace(/[{}-]/g, '').match(/../g) ?? []).map((h) => parseInt(h, 16)).reverse();
  const out = new Uint8Array(bytes);
  for (let i = 0; i < Math.min(32, out.length); i++) out[i]! ^= key[i % key.length]!;
  return out;
}

let subsets = new WeakMap<Uint8Array, Map<string, Promise<Buffer>>>();

/**
 * A font face subset to `chars` (`make` subsets it), made once per font bytes object and set of
 * characters in a process, so a rebuilt brief embeds the same bytes object and its part comes from
 * {@link fontPart}'s cache. A failed subsetting is not kept.
 */
export function subsetOnce(font: Uint8Array, chars: string, make: () => Promise<Buffer>): Promise<Buffer> {
  let byChars = subsets.get(font);
  if (!byChars) subsets.set(font, (byChars = new Map()));
  let made = byChars.get(chars);
  if (!made) {
    byChars.set(chars, (made = make()));
    made.catch(() => byChars.delete(chars));
  }
  return made;
}

let fontParts = new WeakMap<Uint8Array, FontPart>();
/** CRC-32 of the `odttf` bytes of the font parts made, by those bytes. */
let crcByPart = new WeakMap<Uint8Array, number>();
const fontStats = { hits: 0, misses: 0 };

/**
 * The package part of a font face (the TrueType/OpenType bytes as read, not obfuscated), made once
 * per bytes object: the key is derived from the font's SHA-256, so the part is the same in every
 * build. Callers must not change `plain` or the returned bytes.
 */
export function fontPart(plain: Uint8Array): FontPart {
  const known = fontParts.get(plain);
  if (known) {
    fontStats.hits++;
    return known;
  }
  fontStats.misses++;
  const hex = createHash('sha256').update(plain).digest('hex').toUpperCase();
  const guid = `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
  const odttf = xorFontKey(plain, guid);
  const part = { guid, odttf, crc: crc32(odttf) };
  fontParts.set(plain, part);
  crcByPart.set(odttf, part.crc);
  return part;
}

/** An XML part ready for the ZIP: UTF-8 length, CRC-32 of the UTF-8 bytes, and the raw DEFLATE stream. */
export interface DeflatedPart {
  readonly size: number;
  readonly crc: number;
  readonly deflated: Uint8Array;
}

/** Up to 256 parts and 16 MB (UTF-16 key + deflated bytes) of deflated XML parts. */
const deflated = new BoundedCache<string, DeflatedPart>(256, 16 * 1024 * 1024, (xml, part) => xml.length * 2 + part.deflated.length);

/**
 * An XML part as UTF-8, deflated with Node's zlib at level 6 (raw DEFLATE, as ZIP method 8 wants),
 * reused when the same text was deflated before in this process. Callers must not change the bytes.
 */
export function deflatedPart(xml: string): DeflatedPart {
  const known = deflated.get(xml);
  if (known) return known;
  const bytes = Buffer.from(xml, 'utf8');
  const part = { size: bytes.length, crc: crc32(bytes), deflated: deflateRawSync(bytes, { level: 6 }) as Uint8Array };
  deflated.set(xml, part);
  return part;
}

/**
 * Up to 16 formatted components (each style set of a template, and the theme): as docx made it
 * (`shared: false`), or, from the first reuse on, a deep-frozen copy (`shared: true`).
 */
const formatted = new BoundedCache<string, { xml: object; shared: boolean }>(16);

/** Freezes an object and everything in it, so a value shared between builds cannot be changed by one. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A docx XML component (`XmlComponent`): what docx's `Formatter.format` calls, with its `IContext`. */
interface Preparable<C> {
  prepForXml(context: C): object | undefined;
}

/**
 * Makes `component` (a docx XML component of the document being built) write, through its
 * `prepForXml`, what an equal component wrote before in this process under `key`: the first time
 * it is formatted for real and the result kept. It is reused as a deep-frozen copy (docx reads
 * it, never changes it; the copy keeps docx's own objects out of the freeze), made on the first
 * reuse, so a process that builds once (the CLI) pays nothing for it.
 * `key` must determine the component's XML entirely, e.g. `styles:` and the JSON of the style
 * options the `Document` was given. Changes only this one object (an own `prepForXml`).
 */
export function formattedOnce<C>(component: Preparable<C>, key: string): void {
  const own = component.prepForXml;
  component.prepForXml = (context: C) => {
    const known = formatted.get(key);
    if (known?.shared) return known.xml;
    if (known) {
      const xml = deepFreeze(structuredClone(known.xml));
      formatted.set(key, { xml, shared: true });
      return xml;
    }
    const made = own.call(component, context);
    if (made) formatted.set(key, { xml: made, shared: false });
    return made;
  };
}

/**
 * Makes `component` format once for all the times docx asks during one compile: docx's compiler
 * formats each header and footer twice (once to find the images its relationships need, once for
 * the part). The first result is returned again; drawing ids in it are renumbered afterwards
 * (`finishPackage`) as they would be anyway. Changes only this one object (an own `prepForXml`),
 * so nothing outlives the document.
 */
export function formatOncePerDocument<C>(component: Preparable<C>): void {
  const own = component.prepForXml;
  let made: object | undefined;
  component.prepForXml = (context: C) => (made ??= own.call(component, context));
}

/** CRC-32 of a part's bytes: the one {@link fontPart} computed for its `odttf`, else computed now. */
export function crcOf(bytes: Uint8Array): number {
  return crcByPart.get(bytes) ?? crc32(bytes);
}

/** Hits and misses of each cache since the process started or {@link clearDocxCaches}. */
export function docxCacheStats(): Record<'fonts' | 'deflated' | 'formatted', { hits: number; misses: number }> {
  return {
    fonts: { ...fontStats },
    deflated: { hits: deflated.hits, misses: deflated.misses },
    formatted: { hits: formatted.hits, misses: formatted.misses },
  };
}

/** Empties every cache of the DOCX writer and resets the counts (tests; a template changed on disk needs no clearing). */
export function clearDocxCaches(): void {
  subsets = new WeakMap();
  fontParts = new WeakMap();
  crcByPart = new WeakMap();
  fontStats.hits = 0;
  fontStats.misses = 0;
  deflated.clear();
  formatted.clear();
}
