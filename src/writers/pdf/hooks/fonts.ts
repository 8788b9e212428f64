/**
 * Hooks 2 and 10 (see install.ts): pdfkit's fonts, which pdfmake provides through
 * `PDFDocument.provideFont`. A font parsed once per process is reused (`text/font-cache.ts`);
 * the first font provided patches the classes pdfkit and fontkit do not export: the font's
 * `layout`, shaped by HarfBuzz for marked runs (`text/font-layout.ts`), its subsets' `encode`,
 * encoded once (`text/subset-cache.ts`), and the key order of the destination name tree
 * (`name-tree.ts`).
 */
import { destinationTree, nameTreeKeyOrder } from '../name-tree.js';
import { rememberParsedFont, reuseParsedFont, type EmbeddedFontObject, type PdfmakeDocument } from '../text/font-cache.js';
import { runLayout, type PdfkitFont } from '../text/font-layout.js';
import type { Layout } from '../text/glyph-layout.js';
import { encodeSubset, type FontSubset } from '../text/subset-cache.js';
import { PATCHED, type Proto } from './prototype.js';

/** A font pdfmake provides: pdfkit's `EmbeddedFont`, with its fontkit subset. */
type ProvidedFont = EmbeddedFontObject & { subset?: object };

/** pdfmake's `PDFDocument.prototype.provideFont`. */
export type ProvideFont = (this: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean) => ProvidedFont;

/** `provideFont` with hooks 2 and 10 (see the module comment). */
export function provideFontHook(provideFont: ProvideFont): ProvideFont {
  return function (this: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean): ProvidedFont {
    patchNameTree(this);
    const reused = reuseParsedFont(this, familyName, bold, italics);
    if (reused) return reused;
    const font = provideFont.call(this, familyName, bold, italics);
    patchFont(Object.getPrototypeOf(font) as Proto);
    const subset = font.subset;
    if (subset) patchSubset(Object.getPrototypeOf(subset) as Proto);
    rememberParsedFont(this, familyName, bold, italics, font);
    return font;
  };
}

/** Hook 2, on the class of pdfkit's fonts (`EmbeddedFont`). */
function patchFont(proto: Proto): void {
  if (proto[PATCHED] || typeof proto['layout'] !== 'function') return;
  const layout = proto['layout'] as (this: PdfkitFont, text: string, features?: unknown, onlyWidth?: boolean) => Layout;
  proto['layout'] = function (this: PdfkitFont, text: string, features?: unknown, onlyWidth?: boolean): Layout {
    return runLayout(this, text, features) ?? layout.call(this, text, features, onlyWidth);
  };
  proto[PATCHED] = true;
}

/** Hook 10's subsets, on the class of fontkit's subsets (once per class). */
function patchSubset(proto: Proto): void {
  if (proto[PATCHED] || typeof proto['encode'] !== 'function') return;
  const encode = proto['encode'] as (this: FontSubset) => Uint8Array;
  proto['encode'] = function (this: FontSubset): Uint8Array {
    return encodeSubset(this, encode);
  };
  proto[PATCHED] = true;
}

/** Set once the name-tree order is in: `provideFont` runs many times per document, the patch once per process. */
let nameTreePatched = false;

/** Hook 10's name-tree order, on the prototype of the document's destination name tree. */
function patchNameTree(doc: PdfmakeDocument): void {
  if (nameTreePatched) return;
  const dests = destinationTree(doc);
  if (!dests) return;
  const proto = Object.getPrototypeOf(dests) as Proto;
  if (typeof proto['_compareKeys'] !== 'function') return;
  if (!proto[PATCHED]) {
    proto['_compareKeys'] = nameTreeKeyOrder;
    proto[PATCHED] = true;
  }
  nameTreePatched = true;
}
