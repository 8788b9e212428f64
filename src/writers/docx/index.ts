/**
 * DOCX writer (docx 9): brief → Word document, right-to-left when the brief is.
 *
 * Flow: title block + handlers over the mdast tree (collecting list numbering in the sink) →
 * `Document` with template styles, numbering, embedded fonts, header/footer → `Packer` →
 * {@link finishPackage} (section `w:bidi`, fixed dates, stable ids, deterministic zip).
 * What repeats between builds in one process (styles and theme XML, font parts, deflated parts)
 * is reused from ./cache.ts.
 */
import { fontBytes, fontsNeeded, subsetFontBytes } from '../../templates/font-files.js';
import { CharacterSet, Document, Packer, type IPropertiesOptions } from 'docx';
import { unzipSync } from 'fflate';
import { dirFromLang } from '../../model/direction.js';
import { authorsOf } from '../../model/front-matter.js';
import type { LoadedTemplate } from '../../templates/schema.js';
import type { Writer, WriteInput } from '../types.js';
import { coverBlock } from './cover.js';
import { footnotes } from './components.js';
import { handlers } from './handlers/index.js';
import { codeText, printedText } from '../shared/printed-text.js';
import { documentTitle } from '../shared/title-block.js';
import { formatOncePerDocument, formattedOnce, subsetOnce } from './cache.js';
import { finishPackage, type PackageFiles } from './package.js';
import { headersAndFooters, sectionProperties } from './page.js';
import { createContext } from './state.js';
import type { UnknownNodes } from '../shared/unknown.js';
import { tocOf } from './toc.js';
import { shapeRun } from '../../text/shaping.js';
import type { MeasureText } from '../shared/column-widths.js';
import { docxStyles, numberingConfig } from './styles.js';
import { rasteriseSvgFigures } from '../shared/rasterise.js';
import { guardUndrawnCharts } from '../shared/undrawn-charts.js';

type FontOptions = NonNullable<IPropertiesOptions['fonts']>[number];

/**
 * The template's font families to embed (regular and bold faces), with the character set of the
 * brief's script (`w:charset` in the font table): the families of the body role's stack that the
 * brief's text needs — the first font always, a fallback font only when the text has a character
 * that it covers and the fonts before it do not (e.g. Hebrew in an Arabic brief).
 *
 * @param text all the text of the brief (front matter values and body)
 * @param code the text of its code (`codeText`): the code role's font (DejaVu Sans Mono) only with code
 * @throws Error (from reading the files) when a font file cannot be read
 */
export function embeddedFonts(loaded: LoadedTemplate, lang: string, text = '', code = ''): FontOptions[] {
  const primary = lang.toLowerCase().split('-')[0];
  const characterSet = primary === 'he' || primary === 'yi' ? CharacterSet.HEBREW : dirFromLang(lang) === 'rtl' ? CharacterSet.ARABIC : CharacterSet.DEFAULT;
  return fontsNeeded(loaded, text, code).map((key) => {
    const files = loaded.fontFiles[key]!;
    return { name: loaded.template.fonts[key]!.family, data: fontBytes(files.regular), bold: fontBytes(files.bold), characterSet };
  });
}

/**
 * Characters a DOCX shows besides its text: generated numbers in every digit system, list bullets
 * and number punctuation, the TOC's dot leader, the bidi marks around isolates, and tatweel
 * (U+0640), which Word and LibreOffice insert to justify Arabic with kashida.
 */
const GENERATED = '0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹•·–—:.,،؛()[]«»"\'/-%٪ \u00a0\u200e\u200f\u0640';

/**
 * {@link embeddedFonts} subset to the characters of `text` (plus {@link GENERATED} and the list
 * bullet) with HarfBuzz (subset-font, as the HTML's `--self-contained` fonts), TrueType kept, so a
 * brief carries the glyphs it prints and their OpenType layout (joining forms, ligatures, marks)
 * instead of whole fonts. Marked `w:subsetted` in the font table (package.ts).
 */
export async function subsetEmbeddedFonts(loaded: LoadedTemplate, lang: string, text: string, code = ''): Promise<FontOptions[]> {
  const chars = [...new Set(text + GENERATED + loaded.template.list.bullet)].join('');
  const subset = (bytes: Buffer): Promise<Buffer> => subsetOnce(bytes, chars, () => subsetFontBytes(bytes, chars, 'sfnt'));
  return Promise.all(embeddedFonts(loaded, lang, text, code).map(async (f) => ({ ...f, data: await subset(f.data), ...(f.bold ? { bold: await subset(f.bold) } : {}) })));
}

/**
 * The page of each heading in sahifa's PDF layout of the brief, for the table of contents
 * (`input.layout`, see {@link WriteInput.layout}); undefined when the brief has no table of
 * contents or no layout was given (the entries then have no page numbers).
 */
function headingPages(input: WriteInput): ReadonlyMap<string, number> | undefined {
  if (!input.doc.tree.children.some((n) => n.type === 'toc')) return undefined;
  return input.layout?.headingPages;
}

/**
 * The width in pt of a line of body text, shaped by HarfBuzz in the body role's font (its bold
 * face for `bold`) at the body size: what the PDF measures a table's cells with, so the DOCX's
 * columns get the PDF's widths (shared/column-widths.ts).
 */
export function bodyMeasure(loaded: LoadedTemplate): MeasureText | undefined {
  const role = loaded.template.roles.body;
  const files = loaded.fontFiles[role.font];
  if (!files) return undefined;
  return (text, bold) => {
    if (!text) return 0;
    const run = shapeRun(fontBytes(bold ? files.bold : files.regular), text, /[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(text) ? 'rtl' : 'ltr');
    return (run.glyphs.reduce((n, g) => n + g.xAdvance, 0) / run.unitsPerEm) * role.size;
  };
}

/**
 * Builds the DOCX of one brief.
 *
 * @returns the `.docx` bytes; identical for identical input (dates come from `input.created`)
 * @throws Error when a template font file cannot be read
 */
export async function writeDocx(input: WriteInput): Promise<Uint8Array> {
  return (await docxOf(input)).bytes;
}

/** The `.docx` bytes of one brief and the writer's warnings (see {@link writeDocx}). */
async function docxOf(input: WriteInput): Promise<{ bytes: Uint8Array; messages: UnknownNodes['messages'] }> {
  const { doc, template: loaded, created } = input;
  rasteriseSvgFigures(doc.tree, loaded);
  const ctx = createContext(loaded.template, doc.meta, handlers, tocOf(doc.tree, headingPages(input)), bodyMeasure(loaded));
  const children = [...coverBlock(ctx), ...ctx.all(doc.tree.children, ctx)];
  const notes = footnotes(doc.tree, ctx); // before numberingConfig: notes may hold lists
  const authors = authorsOf(doc.meta).map((a) => a.name);
  const creator = authors.length ? authors.join('; ') : (doc.meta.organisation ?? 'sahifa');
  const styles = docxStyles(ctx);
  const document = new Document({
    title: documentTitle(doc),
    ...(doc.meta.subtitle ? { subject: doc.meta.subtitle } : {}),
    ...(doc.meta.summary ? { description: doc.meta.summary } : {}),
    ...(doc.meta.keywords ? { keywords: doc.meta.keywords.join(', ') } : {}),
    creator,
    lastModifiedBy: creator,
    styles,
    numbering: { config: numberingConfig(ctx, ctx.sink) },
    footnotes: notes,
    fonts: await subsetEmbeddedFonts(loaded, doc.meta.lang, printedText(doc, loaded.template), codeText(doc)),
    sections: [{ properties: sectionProperties(ctx), ...headersAndFooters(ctx, loaded.logo), children }],
  });
  // The same in every build with these options (a template's styles; docx's default theme, as no
  // theme is given): formatted once per process.
  formattedOnce(document.Styles, `styles:${JSON.stringify(styles)}`);
  formattedOnce(document.Theme, 'theme:default');
  for (const wrapper of [...document.Headers, ...document.Footers]) formatOncePerDocument(wrapper.View);
  const fonts = new Map(document.FontTable.files.map((file, i) => [`word/fonts/font${i + 1}.odttf`, file.data] as const));
  const bytes = finishPackage(await packageParts(document), { created, lang: doc.meta.lang, rtl: ctx.dir === 'rtl', fonts, subsetFonts: true });
  return { bytes, messages: ctx.unknowns.messages };
}

/**
 * The parts of the package by path: XML as text, fonts and media as bytes. docx's `Packer` zips
 * them (compressing the embedded fonts) and {@link finishPackage} would unzip them again; its
 * compiler gives them unzipped, so the package is zipped once (and the XML encoded once, when
 * zipped). Falls back to `Packer.pack` if that compiler is not there.
 */
async function packageParts(document: Document): Promise<PackageFiles> {
  const compiler = (Packer as unknown as { compiler?: { compile(file: Document): Map<string, string | Uint8Array> } }).compiler;
  if (typeof compiler?.compile !== 'function') return unzipSync(await Packer.pack(document, 'uint8array'));
  return Object.fromEntries(compiler.compile(document));
}

/** The DOCX writer: no assets; the fonts travel inside the file. */
export const docxWriter: Writer = guardUndrawnCharts({
  format: 'docx',
  extension: 'docx',
  async write(input) {
    const { bytes, messages } = await docxOf(input);
    return { bytes, assets: [], messages };
  },
});
