/**
 * Stage "measure" of the PDF writer: pdfmake 0.3.11's `TextInlines.measure` (the style, font and
 * width of every inline, i.e. of every word), with the same results at a fraction of the cost.
 *
 * pdfmake resolves 23 style properties for every word, each through its style stack
 * (`StyleContextStack.getStyleProperty`: push the word's styles, walk the stack, with a new `Set`
 * per named style, pop). That was a quarter of a long brief's PDF time. A word's resolved style
 * depends only on the style stack (the same for the whole call), the word's `style` and its own
 * values of those properties; the words pdfmake's `TextBreaker` cut from one text object carry the
 * same ones (it copies them), so here a word whose `style` and own values are those of the word
 * before it takes that word's resolved values instead of resolving them again. Comparing 23 values
 * per word is itself not free; words carrying the same {@link SOURCE} tag (set on each text object
 * before `TextBreaker` copies it to its words) are known to share them without comparing.
 *
 * No pdfmake imports: works on objects shaped like pdfmake's inlines; `install.ts` wires it in.
 */

/**
 * The style properties pdfmake 0.3.11's `measure` resolves for every inline, in its order, with
 * its defaults. It writes the resolved values of `alignment` to `sub` (indices 3–19) onto the
 * inline, and the font it provides for `font`, `bold` and `italics`.
 */
const INLINE_STYLE: readonly (readonly [name: string, fallback: unknown])[] = [
  ['font', 'Roboto'],
  ['bold', false],
  ['italics', false],
  ['alignment', 'left'],
  ['fontSize', 12],
  ['fontFeatures', null],
  ['characterSpacing', 0],
  ['color', 'black'],
  ['decoration', null],
  ['decorationColor', null],
  ['decorationStyle', null],
  ['decorationThickness', null],
  ['background', null],
  ['link', null],
  ['linkToPage', null],
  ['linkToDestination', null],
  ['noWrap', null],
  ['opacity', 1],
  ['sup', false],
  ['sub', false],
  ['lineHeight', 1],
  ['preserveLeadingSpaces', false],
  ['preserveTrailingSpaces', false],
];
const AT = Object.fromEntries(INLINE_STYLE.map(([name], i) => [name, i])) as Record<string, number>;

/**
 * Key of a tag put on each text object before pdfmake's `TextBreaker` cuts it into words (which
 * copies it to every word, with the object's style): consecutive words with the same tag value
 * come from one text object. A string key, as `TextBreaker` copies only those.
 */
export const SOURCE = '_sahifaSource';

/** pdfmake's `StyleContextStack.getStyleProperty(item, stack, property, defaultValue)`. */
export type StyleProperty = (item: object, styleContextStack: unknown, property: string, defaultValue: unknown) => unknown;

/** A font as pdfmake's `PDFDocument.provideFont` returns it (a pdfkit font), as far as measuring goes. */
interface MeasureFont {
  lineHeight(size: number): number;
}

/** An inline (a word, usually) as pdfmake's `measure` reads and writes it; widths in pt. */
export interface MeasureInline {
  text: string;
  style?: unknown;
  font?: unknown;
  fontSize?: number;
  width?: number;
  height?: number;
  leadingCut?: number;
  leadingIndent?: number;
  trailingCut?: number;
  [property: string]: unknown;
}

/** What {@link measureInlines} needs from pdfmake. */
export interface MeasureHooks {
  getStyleProperty: StyleProperty;
  /** `PDFDocument.provideFont(family, bold, italics)`. */
  provideFont(family: unknown, bold: unknown, italics: unknown): MeasureFont;
  /** `TextInlines.widthOfText(text, inline)`: advance in pt, letter spacing included. */
  widthOfText(text: string, inline: MeasureInline): number;
  /**
   * Whether inlines with these resolved `fontFeatures` are shaped by the paragraph
   * ({@link MeasureHooks.shapeWords}) instead of word by word through `widthOfText`.
   */
  shapedTogether?(fontFeatures: unknown): boolean;
  /**
   * Sets `width`, `leadingCut` and `trailingCut` of the inlines `shapedTogether` chose, all of the
   * paragraph's inlines given as context; `options[i]` is undefined for the others.
   */
  shapeWords?(items: MeasureInline[], options: ({ preserveLeading: boolean; preserveTrailing: boolean } | undefined)[]): void;
}

// pdfmake's own expressions (with their `g` flag: `match` gives the whole match first)
const LEADING = /^(\s)+/g;
const TRAILING = /(\s)+$/g;

/**
 * pdfmake 0.3.11's `TextInlines.measure(array, styleContextStack)`: sets on every inline its font
 * (a pdfkit font), alignment, font size (× 0.58 for `sup`/`sub`), features, letter spacing,
 * colours, decoration, link fields, `noWrap`, opacity, `sup`/`sub`, and its width, height and
 * leading and trailing cuts (the advance of its leading and trailing white space) in pt. Style
 * resolution is shared by consecutive inlines with the same `style` and own property values (see
 * the module comment); everything else is computed per inline, as pdfmake does.
 *
 * @returns `array`, its inlines measured
 */
export function measureInlines<T extends MeasureInline>(array: T[], styleContextStack: unknown, hooks: MeasureHooks): T[] {
  const { getStyleProperty } = hooks;
  const first = array[0];
  if (first) {
    const leadingIndent = getStyleProperty(first, styleContextStack, 'leadingIndent', 0) as number;
    if (leadingIndent) {
      first.leadingCut = -leadingIndent;
      first.leadingIndent = leadingIndent;
    }
  }
  const count = INLINE_STYLE.length;
  // own values of the inline before (as they were before it was written to) and of this one
  let before: unknown[] = new Array(count);
  let own: unknown[] = new Array(count);
  let styleBefore: unknown;
  let sourceBefore: unknown;
  let resolved: unknown[] = [];
  let font: MeasureFont | undefined;
  let together = false;
  // per inline: set when its width is left to hooks.shapeWords
  let deferred: ({ preserveLeading: boolean; preserveTrailing: boolean } | undefined)[] | undefined;
  for (let n = 0; n < array.length; n++) {
    const item = array[n]!;
    const source = item[SOURCE];
    let same = n > 0 && source !== undefined && source === sourceBefore;
    if (!same) {
      same = n > 0 && item.style === styleBefore;
      for (let i = 0; i < count; i++) {
        const value = item[INLINE_STYLE[i]![0]];
        own[i] = value;
        if (same && !Object.is(value, before[i])) same = false;
      }
      [before, own] = [own, before];
      styleBefore = item.style;
    }
    sourceBefore = source;
    if (!same) {
      resolved = INLINE_STYLE.map(([name, fallback]) => getStyleProperty(item, styleContextStack, name, fallback));
      font = hooks.provideFont(resolved[AT['font']!], resolved[AT['bold']!], resolved[AT['italics']!]);
      if (resolved[AT['sup']!] || resolved[AT['sub']!]) {
        // pdfmake's reduction for superscript and subscript
        resolved[AT['fontSize']!] = (resolved[AT['fontSize']!] as number) * 0.58;
      }
      together = !!hooks.shapedTogether?.(resolved[AT['fontFeatures']!]);
    }
    // written property by property in pdfmake's order, as pdfmake does: a loop over computed
    // keys would turn every inline into a dictionary-mode object, slow to copy and read later
    const r = resolved;
    const it = item as MeasureInline;
    it.font = font;
    it['alignment'] = r[3];
    it.fontSize = r[4] as number;
    it['fontFeatures'] = r[5];
    it['characterSpacing'] = r[6];
    it['color'] = r[7];
    it['decoration'] = r[8];
    it['decorationColor'] = r[9];
    it['decorationStyle'] = r[10];
    it['decorationThickness'] = r[11];
    it['background'] = r[12];
    it['link'] = r[13];
    it['linkToPage'] = r[14];
    it['linkToDestination'] = r[15];
    it['noWrap'] = r[16];
    it['opacity'] = r[17];
    it['sup'] = r[18];
    it['sub'] = r[19];
    item.height = font!.lineHeight(item.fontSize!) * (resolved[AT['lineHeight']!] as number);
    if (together) {
      (deferred ??= new Array(array.length))[n] = { preserveLeading: !!resolved[AT['preserveLeadingSpaces']!], preserveTrailing: !!resolved[AT['preserveTrailingSpaces']!] };
      continue;
    }
    item.width = hooks.widthOfText(item.text, item);
    if (!item.leadingCut) item.leadingCut = 0;
    if (!resolved[AT['preserveLeadingSpaces']!]) {
      const leading = item.text.match(LEADING);
      if (leading) item.leadingCut += hooks.widthOfText(leading[0], item);
    }
    item.trailingCut = 0;
    if (!resolved[AT['preserveTrailingSpaces']!]) {
      const trailing = item.text.match(TRAILING);
      if (trailing) item.trailingCut = hooks.widthOfText(trailing[0], item);
    }
  }
  if (deferred) hooks.shapeWords!(array, deferred);
  return array;
}
