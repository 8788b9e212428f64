/**
 * The one place where the DOCX writer sets direction: paragraph `w:bidi`, run `w:rtl`, and the
 * complex-script properties that make Word and LibreOffice shape Arabic with the template's font
 * (`w:rFonts w:cs`, `w:bCs`, `w:iCs`, `w:lang w:bidi`). Handlers never set these props themselves.
 */
import type { IParagraphOptions, IRunOptions } from 'docx';
import { hasStrongRtl, type Dir } from '../../model/direction.js';
import type { RunLanguage } from './state.js';

/** Font and language of a run's scripts. */
export interface RunScript {
  /** Font family for every script slot (ascii, hAnsi, cs): one family covers Arabic and Latin. */
  readonly font: string;
  /** The brief's run language (`w:lang`), e.g. bidi `ar-SA`. */
  readonly language: RunLanguage;
  /** Language of Latin text (`w:lang w:val`) when the block says so (`data.lang`); overrides `language.value`. */
  readonly lang?: string | undefined;
}

/**
 * Adds direction to paragraph or run options.
 *
 * - `paragraph`: `bidirectional` (`w:bidi`) when `dir` is `rtl`; nothing for `ltr` (the default).
 * - `run`: `rightToLeft` (`w:rtl`) when `dir` is `rtl`; for every run the font as ascii/hAnsi/cs family; complex-script
 *   bold and italic mirroring `bold`/`italics`; the run language (`w:lang`). Sizes come from styles, where
 *   docx writes `w:sz` and `w:szCs` together.
 */
export function withDirection(kind: 'paragraph', dir: Dir, options: IParagraphOptions): IParagraphOptions;
export function withDirection(kind: 'run', dir: Dir, options: IRunOptions, script: RunScript): IRunOptions;
export function withDirection(kind: 'paragraph' | 'run', dir: Dir, options: IParagraphOptions | IRunOptions, script?: RunScript): IParagraphOptions | IRunOptions {
  const rtl = dir === 'rtl';
  if (kind === 'paragraph') return rtl ? { ...options, bidirectional: true } : options;
  const run = options as IRunOptions;
  const font = script!.font;
  return {
    ...run,
    ...(rtl ? { rightToLeft: true } : {}),
    font: { ascii: font, hAnsi: font, cs: font },
    ...(run.bold ? { boldComplexScript: true } : {}),
    ...(run.italics ? { italicsComplexScript: true } : {}),
    language: { ...script!.language, ...(script!.lang ? { value: script!.lang } : {}) },
  };
}

/** A piece of text with one direction. */
export interface DirectedText {
  readonly text: string;
  readonly dir: Dir;
}

/** Strong direction of one character, or undefined for digits, punctuation, spaces and marks. */
function strongDir(ch: string): Dir | undefined {
  if (hasStrongRtl(ch)) return 'rtl';
  return /\p{L}/u.test(ch) ? 'ltr' : undefined;
}

/**
 * Splits text where its strong direction changes (UAX #9 classes R/AL vs L, by script), so Arabic
 * becomes `w:rtl` runs and Latin words in an Arabic paragraph become plain runs.
 *
 * Digits and punctuation never form a run of their own: leading ones join the first strong run,
 * ones between runs of different direction join the side whose direction is the paragraph's
 * (`base`), trailing ones stay with the last run. Text with no strong letter takes `base`.
 */
export function splitByDirection(text: string, base: Dir): DirectedText[] {
  const out: DirectedText[] = [];
  let current = '';
  let currentDir: Dir | undefined;
  let neutrals = '';
  for (const ch of text) {
    const d = strongDir(ch);
    if (!d) {
      neutrals += ch;
    } else if (currentDir === undefined || d === currentDir) {
      current += neutrals + ch;
      currentDir = d;
      neutrals = '';
    } else {
      const toNext = d === base;
      out.push({ text: toNext ? current : current + neutrals, dir: currentDir });
      current = toNext ? neutrals + ch : ch;
      currentDir = d;
      neutrals = '';
    }
  }
  if (currentDir === undefined) return text ? [{ text, dir: base }] : [];
  out.push({ text: current + neutrals, dir: currentDir });
  return out;
}
