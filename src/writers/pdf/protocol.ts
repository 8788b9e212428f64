/**
 * The protocol between the PDF writer and the RTL layer's pdfmake hooks (`install.ts`): what the
 * writer puts on pdfmake content for the hooks to act on. A run's direction, language and slant
 * travel from a text object to the font through pdfmake's `fontFeatures` (which pdfmake copies
 * onto every word and hands to pdfkit when drawing), as a marker string; a table that fills the
 * width carries {@link FILL_TABLE}. The bidi tags of text objects are in `layout/paragraph.ts`.
 */

import type { Style } from 'pdfmake/interfaces.js';

const MARKER = 'sahifa:';

/**
 * pdfmake's `fontFeatures` (OpenType feature tags, as @types/pdfkit lists them). A run marker is
 * not a feature tag: it is typed as one because pdfmake carries it where features go, and the
 * font's `layout` hook takes it out before any feature reaches fontkit.
 */
export type FontFeatures = NonNullable<Style['fontFeatures']>;

/** A run's direction, language and slant, carried to the font through pdfmake's `fontFeatures`. */
export interface RunProperties {
  readonly dir: 'ltr' | 'rtl';
  /** BCP 47 language, `''` for none. */
  readonly lang: string;
  /** Italic: drawn slanted (the face's own italic, else a synthetic oblique). */
  readonly slant?: boolean;
  /**
   * The structure element the run belongs to (`tagging/structure.ts`), after `|` in the marker;
   * not part of {@link parseRunFeatures}' `key`, so shaping is shared across elements.
   */
  readonly tag?: string;
}

/** Encodes a run's properties as the `fontFeatures` value of a pdfmake text object. */
export function runFeatures(run: RunProperties): FontFeatures {
  return [`${MARKER}${run.dir}:${run.lang}${run.slant ? ':i' : ''}` as FontFeatures[number]];
}

const parsedFeatures = new Map<string, RunProperties & { key: string }>();

/**
 * Decodes {@link runFeatures}; undefined for ordinary features or none. Cached (called per word):
 * equal markers give the same object, so two words' runs can be compared with `===`.
 */
export function parseRunFeatures(features: unknown): (RunProperties & { key: string }) | undefined {
  const first = Array.isArray(features) ? features[0] : undefined;
  if (typeof first !== 'string') return undefined;
  let hit = parsedFeatures.get(first);
  if (hit === undefined) {
    if (!first.startsWith(MARKER)) return undefined;
    const bar = first.indexOf('|');
    const key = bar < 0 ? first : first.slice(0, bar);
    const [dir, lang, slant] = key.slice(MARKER.length).split(':');
    // tagged markers are per document: the cache is emptied now and then, not kept growing
    if (parsedFeatures.size > 50_000) parsedFeatures.clear();
    parsedFeatures.set(first, (hit = { dir: dir === 'rtl' ? 'rtl' : 'ltr', lang: lang ?? '', ...(slant === 'i' ? { slant: true } : {}), ...(bar < 0 ? {} : { tag: first.slice(bar + 1) }), key }));
  }
  return hit;
}

/** A run marker (`fontFeatures`) with the structure element's tag added. */
export function withTag(features: unknown, tag: string): FontFeatures {
  const first = (features as string[])[0]!;
  const bar = first.indexOf('|');
  return [`${bar < 0 ? first : first.slice(0, bar)}|${tag}` as FontFeatures[number]];
}

/**
 * Key of a pdfmake table node (`{ table, layout, [FILL_TABLE]: true }`) whose columns are all
 * `'auto'` and that must fill the available width as a browser's `width: 100%` table does
 * (`layout/column-widths.ts`).
 */
export const FILL_TABLE = '_sahifaFill';
