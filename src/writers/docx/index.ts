/**
 * DOCX writer (docx 9): brief → Word document, right-to-left when the brief is.
 *
 * Flow: title block + handlers over the mdast tree (collecting list numbering in the sink) →
 * `Document` with template styles, numbering, embedded fonts, header/footer → `Packer` →
 * {@link finishPackage} (section `w:bidi`, fixed dates, stable ids, deterministic zip).
 */
import { readFileSync } from 'node:fs';
import { CharacterSet, Document, Packer, type IPropertiesOptions } from 'docx';
import { dirFromLang } from '../../model/direction.js';
import { authorsOf } from '../../model/front-matter.js';
import type { LoadedTemplate } from '../../templates/schema.js';
import type { Writer, WriteInput } from '../types.js';
import { coverBlock } from './cover.js';
import { footnotes } from './components.js';
import { blocks } from './handlers/index.js';
import { documentTitle } from '../shared/title-block.js';
import { finishPackage } from './package.js';
import { headersAndFooters, sectionProperties } from './page.js';
import { createContext } from './state.js';
import { docxStyles, numberingConfig } from './styles.js';

type FontOptions = NonNullable<IPropertiesOptions['fonts']>[number];

/**
 * The template's font families to embed (regular and bold faces), with the character set of the
 * brief's script (`w:charset` in the font table).
 *
 * @throws Error (from `readFileSync`) when a font file cannot be read
 */
export function embeddedFonts(loaded: LoadedTemplate, lang: string): FontOptions[] {
  const primary = lang.toLowerCase().split('-')[0];
  const characterSet = primary === 'he' || primary === 'yi' ? CharacterSet.HEBREW : dirFromLang(lang) === 'rtl' ? CharacterSet.ARABIC : CharacterSet.DEFAULT;
  return Object.entries(loaded.template.fonts).map(([key, family]) => {
    const files = loaded.fontFiles[key]!;
    return { name: family.family, data: readFileSync(files.regular), bold: readFileSync(files.bold), characterSet };
  });
}

/**
 * Builds the DOCX of one brief.
 *
 * @returns the `.docx` bytes; identical for identical input (dates come from `input.created`)
 * @throws Error when a template font file cannot be read
 */
export async function writeDocx(input: WriteInput): Promise<Uint8Array> {
  const { doc, template: loaded, created } = input;
  const ctx = createContext(loaded.template, doc.meta);
  const children = [...coverBlock(ctx), ...blocks(doc.tree.children, ctx)];
  const notes = footnotes(doc.tree, ctx, blocks); // before numberingConfig: notes may hold lists
  const authors = authorsOf(doc.meta).map((a) => a.name);
  const creator = authors.length ? authors.join('; ') : (doc.meta.organisation ?? 'sahifa');
  const document = new Document({
    title: documentTitle(doc),
    ...(doc.meta.subtitle ? { subject: doc.meta.subtitle } : {}),
    ...(doc.meta.summary ? { description: doc.meta.summary } : {}),
    ...(doc.meta.keywords ? { keywords: doc.meta.keywords.join(', ') } : {}),
    creator,
    lastModifiedBy: creator,
    styles: docxStyles(ctx),
    numbering: { config: numberingConfig(ctx, ctx.sink) },
    footnotes: notes,
    fonts: embeddedFonts(loaded, doc.meta.lang),
    sections: [{ properties: sectionProperties(ctx), ...headersAndFooters(ctx), children }],
  });
  const packed = await Packer.pack(document, 'uint8array');
  return finishPackage(packed, { created, lang: doc.meta.lang, rtl: ctx.dir === 'rtl' });
}

/** The DOCX writer: no assets; the fonts travel inside the file. */
export const docxWriter: Writer = {
  format: 'docx',
  extension: 'docx',
  async write(input) {
    return { bytes: await writeDocx(input), assets: [] };
  },
};
