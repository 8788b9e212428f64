/**
 * Hook 14 (see install.ts): pdfkit copies its PDF/A methods onto the document when it starts
 * (`initSubset`); a PDF/A document then gets its output intent from the profile sahifa ships and
 * its XMP `ModifyDate` (`archival.ts`).
 */
import { addModifyDate, addOutputIntent, type ArchivalDoc } from '../archival.js';

/** The document as `initSubset` leaves it: pdfkit's PDF/A methods, when it is PDF/A. */
type SubsetDoc = ArchivalDoc & { _addColorOutputIntent?: () => void; _addPdfaMetadata?: () => void };

/** `initSubset` replacing the PDF/A output intent and adding `ModifyDate` to its metadata. */
export function initSubsetHook(initSubset: (this: SubsetDoc, options: object) => void): (this: SubsetDoc, options: object) => void {
  return function (this: SubsetDoc, options: object): void {
    initSubset.call(this, options);
    if (typeof this._addColorOutputIntent === 'function') this._addColorOutputIntent = () => addOutputIntent(this);
    const pdfaMetadata = this._addPdfaMetadata;
    if (typeof pdfaMetadata === 'function')
      this._addPdfaMetadata = () => {
        pdfaMetadata.call(this);
        addModifyDate(this);
      };
  };
}
