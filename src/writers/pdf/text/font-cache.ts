/**
 * Fonts parsed once per process (the `PDFDocument.provideFont` hook of `install.ts`): pdfkit
 * parses a font file anew for every document; here a later document of the same process gets a
 * new pdfkit font object (its own id and subset) around the fontkit font parsed for an earlier one.
 */

/** The parts of pdfmake's `PDFDocument` (a pdfkit document) that {@link reuseParsedFont} uses. */
export interface PdfmakeDocument {
  fonts: Record<string, Record<string, unknown>>;
  fontCache: Record<string, Record<string, EmbeddedFontObject>>;
  virtualfs?: { existsSync(name: string): boolean; readFileSync(name: string): unknown };
  getFontType(bold: boolean, italics: boolean): string;
  _fontFamilies: Record<string, EmbeddedFontObject>;
  _fontCount: number;
  _font: EmbeddedFontObject;
  _fontSource: unknown;
  _fontFamily: unknown;
  /** The document catalog; its name trees (`Names.data.Dests`) are pdfkit `PDFNameTree`s. */
  _root?: { data?: { Names?: { data?: { Dests?: object } } } };
}
/** A pdfkit `EmbeddedFont`: per document (it holds the subset); `font` is the parsed fontkit font. */
export interface EmbeddedFontObject {
  font?: object;
  name?: string;
  id: string;
}

/**
 * Parsed fontkit fonts by font file bytes (the same Buffer per file: see `fontBytes`). pdfkit
 * parses a font anew for every document; fontkit fonts are read-only once parsed and cache their
 * decoded glyphs and metrics, which subsetting reads for every glyph used, so in a long-running
 * process (`watch`, worker threads of a batch) every later document reuses them.
 */
const parsedFonts = new WeakMap<object, object>();

/** The font file bytes pdfmake would give pdfkit for a family and style, when they come from its virtual file system. */
function fontSource(doc: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean): object | undefined {
  const def = doc.fonts[familyName]?.[doc.getFontType(bold, italics)];
  const name = Array.isArray(def) ? def[0] : def;
  if (typeof name !== 'string' || !doc.virtualfs?.existsSync(name)) return undefined;
  const bytes = doc.virtualfs.readFileSync(name);
  return typeof bytes === 'object' && bytes !== null ? bytes : undefined;
}

/**
 * pdfmake's `provideFont` with an already parsed fontkit font: a new pdfkit `EmbeddedFont` for
 * this document (its own id and subset) registered as pdfkit's `font()` registers one (under its
 * PostScript name, else its id). Undefined when the font is not parsed yet, the document has it
 * already, or the pdfkit shape is not the expected one (pdfmake then does its usual work).
 */
export function reuseParsedFont(doc: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean): EmbeddedFontObject | undefined {
  const type = doc.getFontType(bold, italics);
  if (doc.fontCache?.[familyName]?.[type] || !EmbeddedFontClass || typeof doc._fontCount !== 'number' || !doc._fontFamilies) return undefined;
  const bytes = fontSource(doc, familyName, bold, italics);
  const parsed = bytes && parsedFonts.get(bytes);
  if (!parsed) return undefined;
  const font = new EmbeddedFontClass(doc, parsed, `F${++doc._fontCount}`);
  doc._font = font;
  doc._fontSource = bytes;
  doc._fontFamily = undefined;
  const families = doc._fontFamilies;
  if (font.name && !families[font.name]) families[font.name] = font;
  else if (!font.name || families[font.name] !== font) families[font.id] = font;
  (doc.fontCache[familyName] ??= {})[type] = font;
  return font;
}

/** pdfkit's `EmbeddedFont` class, taken from the first font pdfmake provides (pdfkit does not export it). */
let EmbeddedFontClass: (new (doc: PdfmakeDocument, font: object, id: string) => EmbeddedFontObject) | undefined;

/**
 * Keeps a font pdfmake just provided for the documents after this one: its pdfkit class (pdfkit
 * does not export it) and its parsed fontkit font, by the font file's bytes.
 */
export function rememberParsedFont(doc: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean, font: EmbeddedFontObject): void {
  EmbeddedFontClass ??= (Object.getPrototypeOf(font) as { constructor: typeof EmbeddedFontClass }).constructor;
  const bytes = fontSource(doc, familyName, bold, italics);
  if (bytes && font.font && !parsedFonts.has(bytes)) parsedFonts.set(bytes, font.font);
}
