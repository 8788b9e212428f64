/**
 * HarfBuzz glyphs in the layout shape pdfkit draws (`font.layout()`: glyphs, positions in 1/1000 em,
 * advance), with the text each glyph stands for: its ToUnicode code points and, for a cluster of
 * several glyphs (a letter with its harakat), the cluster's text for an `/ActualText` span.
 * No pdfmake or pdfkit imports.
 */
import { mirrorText } from '../layout/bidi/levels.js';
import type { ShapedGlyph } from '../../../text/shaping.js';

/** A glyph as pdfkit's `encode` expects it, plus the cluster it belongs to. */
export interface LaidGlyph {
  id: number;
  /** The glyph's own advance (hmtx), font units. */
  advanceWidth: number;
  codePoints: number[];
  /** UTF-16 offset of its cluster in the laid-out text. */
  cluster: number;
  /** Confidence of `codePoints` for the font's ToUnicode map: 2 exact, 1 guessed, 0 none. */
  rank: number;
}
/** Where a glyph goes, 1/1000 em. */
export interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
/** pdfkit's layout of a text: glyphs in visual order. */
export interface Layout {
  glyphs: LaidGlyph[];
  positions: Position[];
  /** Sum of the glyphs' x advances, 1/1000 em. */
  advanceWidth: number;
  /** Per glyph: the logical text of its cluster when the cluster has several glyphs. */
  actualText: (string | undefined)[];
}

const MARK = /\p{M}/u;

/**
 * The layout of the glyphs HarfBuzz gave for `text.slice(start, end)`.
 *
 * @param text the text the clusters index (UTF-16 offsets), possibly longer than the slice
 * @param glyphs the slice's glyphs in visual order, clusters in `[start, end)`
 * @param dir the run's direction: in RTL a ligature's code points and a cluster's glyphs come
 *   reversed (extractors reverse RTL words glyph by glyph), and a lone bracket is mirrored (UAX #9 L4)
 * @param unitsPerEm the font's units per em
 * @returns the layout; its glyphs' `cluster` are offsets from `start`
 */
export function toLayout(text: string, start: number, end: number, glyphs: readonly ShapedGlyph[], dir: 'ltr' | 'rtl', unitsPerEm: number): Layout {
  const length = end - start;
  const scale = 1000 / unitsPerEm;
  // per cluster (by its start offset from `start`): its glyph count and its end, the next
  // cluster's start; typed arrays, as a run may be a word of thousands of letters
  const perCluster = new Int32Array(length + 1);
  for (const g of glyphs) perCluster[g.cluster - start]!++;
  const clusterEnd = new Int32Array(length + 1);
  for (let i = length - 1, next = length; i >= 0; i--) {
    if (perCluster[i]! > 0) {
      clusterEnd[i] = next;
      next = i;
    }
  }
  const seen = new Int32Array(length + 1);
  const out: LaidGlyph[] = [];
  const positions: Position[] = [];
  const actualText: (string | undefined)[] = [];
  let advanceWidth = 0;
  // the text and code points of the current cluster, read once however many glyphs it has
  let cluster: { at: number; chars: string; codePoints: number[] } | undefined;
  for (const g of glyphs) {
    const at = g.cluster - start;
    if (cluster?.at !== at) {
      const chars = text.slice(g.cluster, start + clusterEnd[at]!);
      cluster = { at, chars, codePoints: [...chars].map((c) => c.codePointAt(0)!) };
    }
    const { chars, codePoints } = cluster;
    const count = perCluster[at]!;
    let mine: number[];
    if (count === 1 && dir === 'rtl' && codePoints.length === 1) {
      // HarfBuzz mirrors brackets in RTL runs: the glyph shows the mirrored character (UAX #9 L4)
      mine = [mirrorText(chars).codePointAt(0)!];
    } else if (count === 1) {
      // one glyph for several letters (a ligature): visual order in RTL
      mine = dir === 'rtl' && codePoints.length > 1 ? [...codePoints].reverse() : codePoints;
    } else {
      // several glyphs for one cluster (letter + marks): each glyph its own character when the
      // counts agree (in logical order: RTL glyphs come reversed), else all on the logically
      // first glyph. The cluster also gets an /ActualText span, which extractors prefer.
      const nth = seen[at]!++;
      const logical = dir === 'rtl' ? count - 1 - nth : nth;
      mine = codePoints.length === count ? [codePoints[logical]!] : logical === 0 ? codePoints : [];
    }
    // how sure the mapping is: a glyph alone in its cluster maps exactly
    const rank = count === 1 ? 2 : mine.length ? 1 : 0;
    out.push({ id: g.id, advanceWidth: g.advance, codePoints: mine, cluster: at, rank });
    positions.push({ xAdvance: g.xAdvance * scale, yAdvance: g.yAdvance * scale, xOffset: g.xOffset * scale, yOffset: g.yOffset * scale, advanceWidth: g.advance * scale });
    actualText.push(count > 1 || (codePoints.length > 1 && MARK.test(chars)) ? chars : undefined);
    advanceWidth += g.xAdvance * scale;
  }
  return { glyphs: out, positions, advanceWidth, actualText };
}
