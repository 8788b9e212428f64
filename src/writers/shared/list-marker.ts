/**
 * The font of a list marker, shared by the PDF and HTML writers so both draw the same bullet.
 */

/** A font of a role's stack, as far as choosing a marker's font goes: the code points it covers. */
export interface CoveringFont {
  readonly covers: ReadonlySet<number>;
}

/** Script of a BCP 47 language (CLDR likely subtags: `he` → `Hebr`), or undefined. */
function scriptOf(lang: string): string | undefined {
  try {
    return new Intl.Locale(lang).maximize().script;
  } catch {
    return undefined;
  }
}

/**
 * The font a list marker is drawn in: the first font of the role's stack that covers the script
 * of the list's language (CLDR likely subtags) and every character of the marker, as a browser
 * takes the marker from the font the item's text is in. In a Hebrew brief (Amiri first, then
 * Noto Serif Hebrew) the bullet is Noto's, centred on the letters, not Amiri's, which sits on
 * the baseline like a period. The role's first font when none does.
 *
 * @param stack the role's font stack (the PDF's `PdfState.fontStack`, or the template's files' coverage)
 * @param lang BCP 47 language of the list
 * @param marker the marker's text ("•", "10.")
 * @returns index in `stack`
 */
export function markerFont(stack: readonly CoveringFont[], lang: string, marker: string): number {
  const script = scriptOf(lang);
  if (!script) return 0;
  let letter: RegExp;
  try {
    letter = new RegExp(`\\p{Script=${script}}`, 'u');
  } catch {
    return 0;
  }
  const cps = [...marker].map((c) => c.codePointAt(0)!);
  const found = stack.findIndex((f) => cps.every((cp) => f.covers.has(cp)) && [...f.covers].some((cp) => letter.test(String.fromCodePoint(cp))));
  return found < 0 ? 0 : found;
}

