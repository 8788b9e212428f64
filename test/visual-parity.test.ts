/**
 * Visual parity with Chromium (issue 14): every line of every specimen brief under
 * test/fixtures/specimens/ must be drawn by sahifa's PDF as headless Chromium prints sahifa's own
 * HTML (same Amiri and DejaVu Sans Mono files), glyph for glyph, as measured by
 * ../shared/tools/visual_parity.py (read in place; the build and the print are made here, so code
 * is compared in the monospace face, see helpers/visual-parity.ts). The only lines allowed to
 * differ are listed, each with its reason, in test/fixtures/specimens/expected-differences.json.
 * See docs/visual-parity.md.
 *
 * Runs only with SAHIFA_SHARED_TESTS=1 (set by .ci/run); needs chromium, poppler-utils,
 * mupdf-tools and /usr/bin/python3 with numpy and PIL (skipped with a printed reason when one is
 * missing, a failure under CI=true).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCommand, needClient, tempDir } from './helpers/clients.js';
import { needShared } from './helpers/shared.js';
import { EXPECTED, PYTHON, SPECIMENS, TOOL, problems, pythonHas, readExpected, runTool } from './helpers/visual-parity.js';

function skipReason(): string | undefined {
  return (
    needShared('the tool visual_parity.py', TOOL) ??
    needClient('chromium', hasCommand('chromium', ['--version'])) ??
    needClient('poppler-utils (pdftotext)', hasCommand('pdftotext')) ??
    needClient('mupdf-tools (mutool)', hasCommand('mutool', ['-v'])) ??
    needClient(`${PYTHON} with numpy and PIL (python3-numpy, python3-pil)`, pythonHas(PYTHON, ['numpy', 'PIL']))
  );
}

const skip = skipReason();
const specimens = readdirSync(SPECIMENS).filter((f) => f.endsWith('.md')).sort();

describe.skipIf(skip)('visual parity with Chromium (visual_parity.py)', () => {
  const expected = skip ? [] : readExpected();

  it('expected-differences.json names existing specimens, each entry once', () => {
    const seen = new Set<string>();
    for (const e of expected) {
      expect(specimens, `${EXPECTED}: unknown specimen ${e.specimen}`).toContain(e.specimen);
      const key = `${e.specimen}:${e.line}`;
      expect(seen.has(key), `${EXPECTED}: ${key} listed twice`).toBe(false);
      seen.add(key);
    }
  });

  for (const file of specimens) {
    it(`${file}: every line as Chromium draws it`, () => {
      const path = join(SPECIMENS, file);
      const out = tempDir(`sahifa-vp-${file.replace(/\.md$/, '')}-`);
      const { lines } = runTool(path, out);
      expect(lines.length, `${file}: visual_parity.py measured no line`).toBeGreaterThan(0);
      const bad = problems(file, readFileSync(path, 'utf8'), lines, expected);
      if (bad.length === 0) {
        rmSync(out, { recursive: true, force: true });
        return;
      }
      const differ = lines.filter((l) => l.status !== 'same').length;
      throw new Error(
        `${file}: ${differ} of ${lines.length} lines differ from Chromium; ${bad.length} not in expected-differences.json ` +
          `(side-by-side PNGs: sahifa on top, Chromium below, then the overlay; red = ink only sahifa has, ` +
          `blue = only Chromium has; all results in ${out}):\n  ${bad.join('\n  ')}`,
      );
    }, 600_000);
  }
});
