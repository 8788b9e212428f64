/** Types for bidi-js 1.1 (the package ships none). Levels are per UTF-16 code unit. */
declare module 'bidi-js' {
  export interface EmbeddingLevels {
    paragraphs: { start: number; end: number; level: number }[];
    levels: Uint8Array;
  }
  export interface Bidi {
    getEmbeddingLevels(text: string, explicitDirection?: 'ltr' | 'rtl'): EmbeddingLevels;
    getReorderSegments(text: string, levels: EmbeddingLevels, start?: number, end?: number): [number, number][];
    /** NB: takes the `levels` array, not the result object (the README says otherwise). */
    getMirroredCharactersMap(text: string, levels: ArrayLike<number>, start?: number, end?: number): Map<number, string>;
    getMirroredCharacter(ch: string): string | null;
    getBidiCharTypeName(ch: string): string;
    /** The class of `ch` as a bit (bidi-js's private `TYPES`; L is 1). */
    getBidiCharType(ch: string): number;
    openingToClosingBracket(ch: string): string | null;
    closingToOpeningBracket(ch: string): string | null;
    getCanonicalBracket(ch: string): string | null;
  }
  export default function bidiFactory(): Bidi;
}
