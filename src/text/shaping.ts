/**
 * Shaping with HarfBuzz (harfbuzzjs, WebAssembly): the same shaper browsers use, so glyphs,
 * advances and mark positions match what Chromium draws. Each call shapes one run of one
 * direction; bidi reordering between runs is the line layer's job. In RTL runs HarfBuzz also
 * mirrors brackets (UAX #9 rule L4, via Bidi_Mirroring_Glyph). Shared: the PDF's line layer
 * shapes with it and the DOCX measures table cells with it (the PDF's column widths).
 */
import * as hb from 'harfbuzzjs';

/** One shaped glyph. Units: font units (divide by `unitsPerEm` and multiply by the size for pt). */
export interface ShapedGlyph {
  /** Glyph id in the font. */
  readonly id: number;
  /** UTF-16 offset in the run's text of the first character of this glyph's cluster. */
  readonly cluster: number;
  readonly xAdvance: number;
  readonly yAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
  /** The glyph's own advance (hmtx), before kerning or positioning. */
  readonly advance: number;
}

/** A shaped run: glyphs in visual order (left to right), as HarfBuzz returns them. */
export interface ShapedRun {
  readonly glyphs: readonly ShapedGlyph[];
  readonly unitsPerEm: number;
}

interface HbFont {
  font: hb.Font;
  unitsPerEm: number;
  advances: Map<number, number>;
}

const fonts = new WeakMap<Uint8Array, HbFont>();

/**
 * Work done by {@link shapeRun} in this process: runs shaped and UTF-16 units shaped. Read by the
 * tests that check the PDF writer's cost grows linearly with the length of a word or paragraph.
 */
export const shapeCount = { runs: 0, units: 0 };

function hbFont(bytes: Uint8Array): HbFont {
  let f = fonts.get(bytes);
  if (!f) {
    const face = new hb.Face(new hb.Blob(bytes));
    f = { font: new hb.Font(face), unitsPerEm: face.upem, advances: new Map() };
    fonts.set(bytes, f);
  }
  return f;
}

/** The font's units per em (from its `head` table, as HarfBuzz reads it). */
export function unitsPerEmOf(bytes: Uint8Array): number {
  return hbFont(bytes).unitsPerEm;
}

/** The part of a text to shape, the rest being context (see {@link shapeRun}). */
export interface ShapeItem {
  /** UTF-16 offset of the first unit to shape. */
  readonly start: number;
  /** UTF-16 offset after the last unit to shape. */
  readonly end: number;
  /** ISO 15924 script code (UAX #24, `script-runs.ts`); HarfBuzz guesses it when absent or `Zzzz`. */
  readonly script?: string;
}

/**
 * Shapes `text`, or the item `[start, end)` of it, as one run.
 *
 * With an item, the text around it is HarfBuzz's pre- and post-context
 * (`hb_buffer_add_utf16`'s item offset and length): it is not shaped, but joining (Arabic init,
 * medi, fina, isol forms, ZWJ/ZWNJ) sees it, so a letter keeps the form it has in the whole word
 * where the style or font changes inside the word (`م**درس**ة`), as in a browser.
 *
 * @param bytes the font file (the same Uint8Array object for the same font: HarfBuzz faces are
 *   cached per object)
 * @param dir the run's direction (from its UAX #9 level: odd → `rtl`)
 * @param lang BCP 47 language, for language-specific forms (e.g. Urdu digits); optional
 * @param clusterOffset added to every cluster (the offset of `text` in a longer text it is a window of)
 * @returns glyphs in visual order; clusters are UTF-16 offsets in the whole `text`, plus `clusterOffset`
 */
export function shapeRun(bytes: Uint8Array, text: string, dir: 'ltr' | 'rtl', lang?: string, item?: ShapeItem, clusterOffset = 0): ShapedRun {
  const { font, unitsPerEm, advances } = hbFont(bytes);
  shapeCount.runs++;
  shapeCount.units += item ? item.end - item.start : text.length;
  // Freed by harfbuzzjs's FinalizationRegistry.
  const buffer = new hb.Buffer();
  {
    if (item) buffer.addText(text, item.start, item.end - item.start);
    else buffer.addText(text);
    buffer.guessSegmentProperties();
    if (item?.script && item.script !== 'Zzzz') buffer.setScript(item.script);
    buffer.setDirection(dir === 'rtl' ? hb.Direction.RTL : hb.Direction.LTR);
    if (lang) buffer.setLanguage(lang);
    hb.shape(font, buffer);
    const infos = buffer.getGlyphInfos();
    const positions = buffer.getGlyphPositions();
    const glyphs = infos.map((info, i) => {
      const p = positions[i]!;
      // Text is added as UTF-16, so clusters are UTF-16 offsets.
      let advance = advances.get(info.codepoint);
      if (advance === undefined) advances.set(info.codepoint, (advance = font.glyphHAdvance(info.codepoint)));
      return { id: info.codepoint, cluster: info.cluster + clusterOffset, xAdvance: p.xAdvance, yAdvance: p.yAdvance, xOffset: p.xOffset, yOffset: p.yOffset, advance };
    });
    return { glyphs, unitsPerEm };
  }
}
