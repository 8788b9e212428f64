/**
 * Generated numbers (page numbers, list numbers, brief number) in the digit system the front
 * matter asks for: `latn` (0-9) or `arab` (Arabic-Indic ٠-٩, U+0660–U+0669).
 */

/** Formats a non-negative integer in the given digit system. */
export function formatNumber(n: number, digits: 'latn' | 'arab'): string {
  const s = String(n);
  return digits === 'arab' ? s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d))) : s;
}
