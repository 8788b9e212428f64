/**
 * Unit conversions. Templates are written in points (pt, 1/72 inch); each writer converts:
 * CSS keeps pt, pdfmake works in pt, OOXML uses twips (1/20 pt) for lengths and half-points for
 * font sizes.
 */

/** Points → twips (OOXML `w:ind`, `w:spacing`, `w:pgMar`). 1 pt = 20 twips. */
export const ptToTwips = (pt: number): number => Math.round(pt * 20);

/** Twips → points (exact, not rounded). */
export const twipsToPt = (twips: number): number => twips / 20;

/** Points → half-points (OOXML `w:sz`, `w:szCs`). 1 pt = 2 half-points. */
export const ptToHalfPoints = (pt: number): number => Math.round(pt * 2);

/** Points → eighths of a point (OOXML border widths `w:sz`). */
export const ptToEighths = (pt: number): number => Math.round(pt * 8);

/** Page sizes in pt (ISO 216 and US). */
export const PAGE_SIZES = {
  A4: [595.28, 841.89],
  A5: [419.53, 595.28],
  Letter: [612, 792],
} as const satisfies Record<string, readonly [number, number]>;
