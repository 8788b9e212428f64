/** The part of fontkit 2 that `sahifa check` uses (fontkit ships no types). */
declare module 'fontkit' {
  /** An opened font face. */
  export interface Font {
    readonly familyName: string;
    readonly postscriptName: string;
    /** True when the font's cmap maps the code point to a glyph. */
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  /** A TrueType/OpenType collection (`.ttc`), holding several fonts. */
  export interface FontCollection {
    readonly type: 'TTC' | 'DFont';
    readonly fonts: Font[];
  }
  /** Opens a font file synchronously. @throws Error for an unknown format */
  export function openSync(path: string, postscriptName?: string): Font | FontCollection;
}
