/**
 * Registry of writers. Each writer module is imported only when its format is asked for,
 * so a build of HTML alone never loads pdfmake or docx.
 */
import { harfbuzzReady } from '../startup/harfbuzz-ready.js';
import type { Format, Writer } from './types.js';

/** All formats, in the order they are built. */
export const FORMATS: readonly Format[] = ['html', 'pdf', 'docx'];

const loaders: Record<Format, () => Promise<Writer>> = {
  html: async () => (await import('./html/index.js')).htmlWriter,
  // both shape text with HarfBuzz (the DOCX writer to measure its column widths)
  pdf: async () => (await harfbuzzReady(), await import('./pdf/index.js')).pdfWriter,
  docx: async () => withPdfLayout((await harfbuzzReady(), await import('./docx/index.js')).docxWriter),
};

/**
 * `writer` given the PDF's page layout of a brief with a table of contents when the input has
 * none (the PDF was not built before it): the DOCX's contents show the PDF's page numbers. Done
 * here, in the registry, so that no writer imports another.
 */
function withPdfLayout(writer: Writer): Writer {
  return {
    ...writer,
    async write(input) {
      if (input.layout || !input.doc.tree.children.some((n) => n.type === 'toc')) return writer.write(input);
      const pdf = await loaders.pdf();
      return writer.write(pdf.layout ? { ...input, layout: await pdf.layout(input) } : input);
    },
  };
}

/** Returns the writer for `format` (loading its module on first use). */
export function getWriter(format: Format): Promise<Writer> {
  return loaders[format]();
}

export type { Format, Writer, WriteInput, WriteResult, Asset, PageLayout } from './types.js';
