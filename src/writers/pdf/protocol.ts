/**
 * The protocol between the PDF writer and the RTL layer's pdfmake hooks: a run's direction,
 * language and slant travel from a text object to the font through pdfmake's `fontFeatures`
 * (which pdfmake copies onto every word and hands to pdfkit when drawing), as a marker string.
 */

const MARKER = 'sahifa:';

/** A run's direction, language and slant, carried to the font through pdfmake's `fontFeatures`. */
export interface RunProperties {
  readonly dir: 'ltr' | 'rtl';
  /** BCP 47 language, `''` for none. */
  readonly lang: string;
  /** Italic: drawn slanted (the face's own italic, else a synthetic oblique). */
  readonly slant?: boolean;
}

/** Encodes a run's properties as the `fontFeatures` value of a pdfmake text object. */
export function runFeatures(run: RunProperties): string[] {
  return [`${MARKER}${run.dir}:${run.lang}${run.slant ? ':i' : ''}`];
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
    const [dir, lang, slant] = first.slice(MARKER.length).split(':');
    parsedFeatures.set(first, (hit = { dir: dir === 'rtl' ? 'rtl' : 'ltr', lang: lang ?? '', ...(slant === 'i' ? { slant: true } : {}), key: first }));
  }
  return hit;
}
