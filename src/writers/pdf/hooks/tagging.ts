/**
 * Hooks 3 and 12 (see install.ts) as pdfmake and pdfkit draw: each marked run is its element's
 * marked content and written glyph by glyph (`text/glyph-writer.ts`); a line's text is a
 * sequence of its own; vectors, images without a tag and text decorations are artifacts; a page
 * closes the open sequence; a link gets one annotation per line, tagged; the document's end
 * writes the structure tree (`tagging/marked-content.ts`).
 */
import { parseRunFeatures } from '../protocol.js';
import { asArtifact, endPiece, finishStructure, linkArea, markPiece, startLine, tagAnnotation, type TaggedDoc } from '../tagging/marked-content.js';
import { writeGlyphs, type FragmentOptions, type PdfkitDoc } from '../text/glyph-writer.js';

/** pdfkit's `PDFDocument.prototype._fragment`: draws one piece of text. */
export type Fragment = (this: PdfkitDoc & TaggedDoc, text: string, x: number, y: number, options: FragmentOptions) => void;

/** Hook 3: `_fragment` writing a marked run's glyphs, in its element's marked content. */
export function fragmentHook(fragment: Fragment): Fragment {
  return function (this: PdfkitDoc & TaggedDoc, text: string, x: number, y: number, options: FragmentOptions): void {
    const run = parseRunFeatures(options.features);
    const spans = markPiece(this, run?.tag, run?.dir);
    if (!run) return fragment.call(this, text, x, y, options);
    writeGlyphs(this, text, x, y, options, spans);
  };
}

/** `addPage`: the open sequence ends with its page. */
export function addPageHook<R>(addPage: (this: TaggedDoc, options?: object) => R): (this: TaggedDoc, options?: object) => R {
  return function (this: TaggedDoc, options?: object): R {
    endPiece(this);
    return addPage.call(this, options);
  };
}

/** The part of pdfkit's document `annotate` reads. */
type AnnotatedDoc = TaggedDoc & { page: { annotations: object[] } };

/** `annotate`: a link's annotation tagged (OBJR, `/StructParent`, `/Contents`). */
export function annotateHook<R>(annotate: (this: AnnotatedDoc, x: number, y: number, w: number, h: number, options: Record<string, unknown>) => R) {
  return function (this: AnnotatedDoc, x: number, y: number, w: number, h: number, options: Record<string, unknown>): R {
    return tagAnnotation(this, options, () => annotate.call(this, x, y, w, h, options));
  };
}

/** pdfkit's `link` or `goTo`: an annotation for the area of a link. */
type LinkMethod<R> = (this: TaggedDoc & R, x: number, y: number, w: number, h: number, target: unknown, options?: object) => R;

/** `link` / `goTo` (`kind`): one annotation for a link's words on a line ({@link linkArea}). */
export function linkHook<R>(kind: 'link' | 'goTo', draw: LinkMethod<R>): LinkMethod<R> {
  return function (this: TaggedDoc & R, x: number, y: number, w: number, h: number, target: unknown, options?: object): R {
    linkArea(this, kind, target, x, y, w, h, (x2, y2, w2, h2) => draw.call(this, x2, y2, w2, h2, target, options));
    return this;
  };
}

/** `end`: the structure tree written before the document ends. */
export function endHook(end: (this: TaggedDoc) => void): (this: TaggedDoc) => void {
  return function (this: TaggedDoc): void {
    finishStructure(this);
    end.call(this);
  };
}

/** A renderer or decorator method (`this.pdfDocument` is the document) whose drawing is an artifact. */
export function artifactHook<A extends unknown[]>(draw: (this: { pdfDocument: unknown }, ...args: A) => void): (this: { pdfDocument: unknown }, ...args: A) => void {
  return function (this: { pdfDocument: unknown }, ...args: A): void {
    asArtifact(this.pdfDocument as TaggedDoc, () => draw.call(this, ...args));
  };
}

/** `Renderer.prototype.renderLine`: a line's text is a sequence of its own. */
export function renderLineHook(renderLine: (this: { pdfDocument: unknown }, line: object, x: number, y: number) => void): (this: { pdfDocument: unknown }, line: object, x: number, y: number) => void {
  return function (this: { pdfDocument: unknown }, line: object, x: number, y: number): void {
    startLine(this.pdfDocument as TaggedDoc);
    renderLine.call(this, line, x, y);
  };
}

/** `Renderer.prototype.renderImage`: a figure's image is its element's marked content. */
export function renderImageHook(renderImage: (this: { pdfDocument: unknown }, image: { _sahifaTag?: string }) => void): (this: { pdfDocument: unknown }, image: { _sahifaTag?: string }) => void {
  return function (this: { pdfDocument: unknown }, image: { _sahifaTag?: string }): void {
    const pdf = this.pdfDocument as TaggedDoc;
    markPiece(pdf, image._sahifaTag);
    renderImage.call(this, image);
    endPiece(pdf);
  };
}
