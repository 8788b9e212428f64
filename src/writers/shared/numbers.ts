/**
 * Generated numbers (page numbers, list numbers, brief number) in the digit system the front
 * matter asks for, resolved ({@link Digits}): `latn` (0-9), `arab` (Arabic-Indic ٠-٩,
 * U+0660–U+0669) or `arabext` (Extended Arabic-Indic ۰-۹, U+06F0–U+06F9).
 */
import type { Digits } from '../../model/front-matter.js';

/** Code point of the digit zero of each system. */
const ZERO: Readonly<Record<Digits, number>> = { latn: 0x30, arab: 0x0660, arabext: 0x06f0 };

/** Formats a non-negative integer in the given digit system. */
export function formatNumber(n: number, digits: Digits): string {
  const s = String(n);
  return digits === 'latn' ? s : s.replace(/[0-9]/g, (d) => String.fromCharCode(ZERO[digits] + Number(d)));
}
