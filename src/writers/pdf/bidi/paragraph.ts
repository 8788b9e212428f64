/**
 * Stage "collect" of the PDF RTL layer (Typst's collect.rs): a paragraph's styled runs become
 * pdfmake text objects tagged with their UAX #9 level, the paragraph level and the logical
 * alignment. pdfmake's TextBreaker copies these tags onto every word, and the alignLine hook
 * (install.ts → line-layout.ts) orders and places each line.
 */
import type { Dir } from '../../../model/direction.js';
import type { TextRun } from '../../shared/inline-runs.js';
import { splitByLevel } from './levels.js';
import { runFeatures } from './install.js';
import type { LogicalAlign } from './line-layout.js';

/** A pdfmake text object with sahifa's bidi tags (pdfmake keeps unknown keys on inlines). */
export interface BidiTextObject {
  text: string;
  bold?: boolean;
  italics?: boolean;
  decoration?: 'underline' | 'lineThrough';
  color?: string;
  link?: string;
  /**
   * The run marker of `install.ts` ({@link runFeatures}): direction from the level, and language.
   * It makes the font shape the whole inline with HarfBuzz in that direction.
   */
  fontFeatures: string[];
  _bidiLevel: number;
  _paraLevel: number;
  _align: LogicalAlign;
}

/** Options of {@link bidiParagraph}. */
export interface BidiParagraphOptions {
  readonly dir: Dir;
  readonly align: LogicalAlign;
  /** BCP 47 language of the paragraph (passed to the shaper). */
  readonly lang: string;
  /** Colour (#rrggbb) of link text. */
  readonly linkColour?: string;
}

const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:|www\.)\S+$|^\S+@\S+\.\S+$/i;

/**
 * Builds the text array of one paragraph.
 *
 * Isolates (UAX #9 LRI…PDI): inline code, and link text that is a URL or an e-mail address,
 * so their characters keep their own order whatever surrounds them.
 *
 * @param runs the paragraph's runs in logical order (from `inlineRuns`)
 */
export function bidiParagraph(runs: readonly TextRun[], options: BidiParagraphOptions): BidiTextObject[] {
  const paraLevel = options.dir === 'rtl' ? 1 : 0;
  const pieces = splitByLevel(
    runs.map((run) => ({ text: run.text, style: run, isolate: !!run.code || (!!run.link && URL_LIKE.test(run.text.trim())) })),
    options.dir,
  );
  return pieces.map(({ text, style, level }) => {
    const obj: BidiTextObject = { text, fontFeatures: runFeatures({ dir: level % 2 ? 'rtl' : 'ltr', lang: options.lang }), _bidiLevel: level, _paraLevel: paraLevel, _align: options.align };
    if (style.bold) obj.bold = true;
    if (style.italic) obj.italics = true;
    if (style.strike) obj.decoration = 'lineThrough';
    if (style.link) {
      obj.link = style.link;
      obj.decoration = 'underline';
      if (options.linkColour) obj.color = options.linkColour;
    }
    return obj;
  });
}
