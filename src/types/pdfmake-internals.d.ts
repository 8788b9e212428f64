/**
 * pdfmake 0.3 ships CommonJS modules without types; only `src/writers/pdf/install.ts` imports them.
 * Each module's export stays `unknown`: Node hands over `exports` with the class under `default`,
 * a bundler may unwrap it, and the installer checks at run time that every method it wraps is
 * there. The interfaces are the parts of pdfmake's classes (0.3.11) the installer reads and wraps;
 * the modules with each hook's logic describe what they read of the same objects structurally.
 */
declare module 'pdfmake/js/ElementWriter.js' {
  /** Writes a page's elements; `alignLine` runs once per committed line of text. */
  export interface ElementWriter {
    context(): { availableWidth: number };
    alignLine(line: object): void;
    /** Adds a line at the current position: its position, or false when it does not fit. */
    addLine(line: object, dontUpdateContextPosition?: boolean, index?: number): unknown;
  }
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/PDFDocument.js' {
  /** A pdfkit `EmbeddedFont`: one per document and face; `font` is the parsed fontkit font. */
  export interface EmbeddedFont {
    id: string;
    /** The PostScript name, under which pdfkit registers the font. */
    name?: string;
    font?: object;
    /** The fontkit subset of the glyphs the document uses. */
    subset?: object;
  }
  /** pdfmake's subclass of pdfkit's `PDFDocument`. */
  export interface PDFDocument {
    /** The pdfkit font of a family and style, created on first use. */
    provideFont(familyName: string, bold: boolean, italics: boolean): EmbeddedFont;
    /** pdfkit's: draws one text piece at (x, y) with its options (link, features, spacing…). */
    _fragment(text: string, x: number, y: number, options: object): void;
    /** pdfkit's: sets the current font from a registered name, a file path or the font's bytes. */
    font(src: unknown, ...rest: unknown[]): unknown;
    /** pdfkit's: starts a new page (the previous one is ended). */
    addPage(options?: object): unknown;
    /** pdfkit's: writes the document's trailing objects (catalog, structure tree, metadata). */
    end(): void;
    /** pdfkit's: writes the document information into the XMP metadata. */
    _addInfo(): void;
    /** pdfkit's: appends one operator line to the current page's content stream. */
    addContent(data: string): PDFDocument;
    /** pdfkit's: writes an annotation (`options` its dictionary, keys capitalised) on the current page; x, y, w, h in pt. */
    annotate(x: number, y: number, w: number, h: number, options: Record<string, unknown>): PDFDocument;
    /** pdfkit's: a link annotation to a URI (or page number) over x, y, w, h (pt). */
    link(x: number, y: number, w: number, h: number, url: unknown, options?: object): PDFDocument;
    /** pdfkit's: a link annotation to a named destination over x, y, w, h (pt). */
    goTo(x: number, y: number, w: number, h: number, name: unknown, options?: object): PDFDocument;
    /** pdfkit's: sets up the standard of `options.subset` (PDF/A, PDF/UA) when the document starts. */
    initSubset(options: object): void;
  }
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/DocumentContext.js' {
  /** Where the layout stands; `initializePage` sets the position and room of a page being entered. */
  export interface DocumentContext {
    page: number;
    availableHeight: number;
    initializePage(): void;
  }
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/columnCalculator.js' {
  /** The column calculator (a plain object): sets `_calcWidth` (pt) of every column of a table. */
  export interface ColumnCalculator {
    buildColumnWidths(columns: object[], availableWidth: number, offsetTotal?: number, tableNode?: object): void;
  }
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/LayoutBuilder.js' {
  /** Where the layout stands on the current page (pdfmake's `DocumentContext`); lengths in pt. */
  export interface DocumentContext {
    /** The current page, from 0. */
    page: number;
    availableHeight: number;
    availableWidth: number;
    pageMargins: { top: number; bottom: number };
    getCurrentPage(): { pageSize: { height: number } } | null;
  }
  /** pdfmake's `PageElementWriter` (an EventEmitter), one per layout pass. */
  export interface PageElementWriter {
    context(): DocumentContext;
    moveToNextPage(pageOrientation?: unknown): void;
    setMaxListeners(n: number): unknown;
  }
  /** Lays a document out; one layout pass per `layoutDocument` call. */
  export interface LayoutBuilder {
    writer: PageElementWriter;
    /** Fills one line with a text node's next words; null when none are left. */
    buildNextLine(textNode: object): object | null;
    processNode(node: object, ...rest: unknown[]): unknown;
    processVerticalContainer(node: { stack: object[]; positions: unknown[] }): void;
    processTable(tableNode: object): void;
    /** One layout pass over the document (pdfmake runs one more per `pageBreakBefore` break). */
    tryLayoutDocument(docStructure: unknown, ...rest: unknown[]): unknown;
    /** Lays out the running header and footer of every page, once the body is laid out. */
    addHeadersAndFooters(header: unknown, footer: unknown): void;
  }
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/Line.js' {
  /** One line of text being filled. */
  export interface Line {
    addInline(inline: object): void;
    getAvailableWidth(): number;
    hasEnoughSpaceForInline(inline: object, nextInlines?: object[]): boolean;
  }
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/StyleContextStack.js' {
  /** Resolves a style property of an item through the style stack (a static method of the class). */
  export type GetStyleProperty = (item: object, styleContextStack: unknown, property: string, defaultValue: unknown) => unknown;
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/TextBreaker.js' {
  /** Cuts text objects into words (inlines carrying their object's style). */
  export interface TextBreaker {
    getBreaks(texts: unknown[], styleContextStack: unknown): object[];
  }
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/TextInlines.js' {
  /** Measures a text node's words. */
  export interface TextInlines {
    pdfDocument: { provideFont(familyName: unknown, bold: unknown, italics: unknown): { lineHeight(size: number): number } };
    widthOfText(text: string, inline: object): number;
    buildInlines(textArray: unknown, styleContextStack: unknown): { items: object[]; minWidth: number; maxWidth: number };
    measure(array: object[], styleContextStack: unknown): object[];
  }
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/Renderer.js' {
  /** Draws a laid-out document's pages with pdfkit; one method per kind of item. */
  export interface Renderer {
    pdfDocument: object;
    renderLine(line: object, x: number, y: number): void;
    renderVector(vector: object): void;
    renderImage(image: object): void;
    /** Draws an `svg` node through svg-to-pdfkit. */
    renderSVG(svg: { lang?: string }): void;
  }
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/TextDecorator.js' {
  /** Draws a line's backgrounds and decorations (underline, strike) as paths. */
  export interface TextDecorator {
    pdfDocument: object;
    drawBackground(line: object, x: number, y: number): void;
    drawDecorations(line: object, x: number, y: number): void;
  }
  const module: unknown;
  export default module;
}
