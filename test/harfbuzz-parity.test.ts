/**
 * HarfBuzz parity: every distinct word and every line of the corpus (and the seed), split into runs
 * by the PDF layer (UAX #9 levels, then fonts by coverage) and shaped by the layer's font hook,
 * gives the same glyph ids and advances as harfbuzzjs called directly on that run (same font,
 * same direction). Reads ../shared/corpus in place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as hb from 'harfbuzzjs';
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/index.js';
import { loadTemplate } from '../src/templates/load.js';
import { harfbuzzLayout, type PdfkitFont } from '../src/writers/pdf/text/font-layout.js';
import { splitByLevel } from '../src/writers/pdf/layout/bidi/levels.js';
import { splitByFont, type FontChoice } from '../src/writers/pdf/layout/paragraph.js';
import { fontBytes, fontCoverage } from '../src/writers/pdf/fonts.js';
import { ROOT, SEED_MD } from './helpers/seed.js';
import { needShared, sharedPath } from './helpers/shared.js';

const CORPUS = sharedPath('corpus');
const skip = needShared('the corpus of real briefs', CORPUS);

/** Text of every block (paragraph, heading, table cell) with its direction, split into lines. */
function blockLines(tree: Nodes, dir: 'ltr' | 'rtl'): { text: string; dir: 'ltr' | 'rtl' }[] {
  const out: { text: string; dir: 'ltr' | 'rtl' }[] = [];
  const walk = (n: Nodes): void => {
    if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'tableCell') {
      for (const line of toString(n).split('\n')) if (line.trim()) out.push({ text: line, dir: n.data?.dir ?? dir });
      return;
    }
    if ('children' in n) for (const c of n.children) walk(c as Nodes);
  };
  walk(tree);
  return out;
}

describe.skipIf(skip)('HarfBuzz parity of the PDF layer', () => {
  it('shapes every distinct corpus word and line exactly as harfbuzzjs does', () => {
    const loaded = loadTemplate('policy-brief', { root: ROOT });
    const role = loaded.template.roles.body;
    const keys = [role.font, ...role.fallback];
    const stack: FontChoice[] = keys.map((k) => ({ family: k, covers: fontCoverage(loaded.fontFiles[k]!.regular) }));
    const doc = new PDFDocument();
    const pdfkitFonts = keys.map((k) => (doc.font(fontBytes(loaded.fontFiles[k]!.regular)) as unknown as { _font: PdfkitFont })._font);
    const hbFonts = keys.map((k) => {
      const face = new hb.Face(new hb.Blob(new Uint8Array(readFileSync(loaded.fontFiles[k]!.regular))));
      return { font: new hb.Font(face), upem: face.upem };
    });

    const files = [SEED_MD, ...readdirSync(CORPUS).filter((f) => f.endsWith('.md')).map((f) => join(CORPUS, f))];
    const words = new Map<string, 'ltr' | 'rtl'>();
    const lines = new Map<string, 'ltr' | 'rtl'>();
    for (const file of files) {
      // each document is its own project: its folder is the root its images resolve in
      const parsed = parse(readFileSync(file, 'utf8'), file, { cwd: dirname(file) });
      for (const { text, dir } of blockLines(parsed.tree, parsed.meta.dir)) {
        lines.set(text, dir);
        for (const w of text.split(/\s+/)) if (w) words.set(w, dir);
      }
    }

    let runs = 0;
    const mismatches: string[] = [];
    const check = (text: string, dir: 'ltr' | 'rtl'): void => {
      for (const piece of splitByLevel([{ text, style: {} }], dir)) {
        for (const run of splitByFont(piece.text, stack)) {
          const runDir = piece.level % 2 ? 'rtl' : 'ltr';
          const ours = harfbuzzLayout(pdfkitFonts[run.font]!, run.text, { dir: runDir, lang: '' });
          const { font, upem } = hbFonts[run.font]!;
          const buffer = new hb.Buffer();
          buffer.addText(run.text);
          buffer.guessSegmentProperties();
          buffer.setDirection(runDir === 'rtl' ? hb.Direction.RTL : hb.Direction.LTR);
          hb.shape(font, buffer);
          const ids = buffer.getGlyphInfos().map((g) => g.codepoint);
          const advances = buffer.getGlyphPositions().map((p) => p.xAdvance);
          const ourIds = ours.glyphs.map((g) => g.id);
          const ourAdvances = ours.positions.map((p) => Math.round((p.xAdvance * upem) / 1000));
          runs++;
          if (JSON.stringify(ids) !== JSON.stringify(ourIds) || JSON.stringify(advances) !== JSON.stringify(ourAdvances)) {
            mismatches.push(`${JSON.stringify(run.text)} ${runDir}: hb ${ids} / ${advances} ours ${ourIds} / ${ourAdvances}`);
          }
        }
      }
    };
    for (const [w, d] of words) check(w, d);
    for (const [l, d] of lines) check(l, d);
    console.log(`HarfBuzz parity: ${words.size} distinct words and ${lines.size} lines, ${runs} runs, ${runs - mismatches.length}/${runs} identical`);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(words.size).toBeGreaterThan(1000);
  });
});
