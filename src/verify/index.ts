/**
 * `npm run verify`: the PDF reading-order figures of each brief beside those of headless Chromium
 * printing sahifa's own HTML of the same brief (the reference a browser gives). A brief passes when
 * our PDF is at least as good as Chromium's on both figures (within `tolerance`) and reaches 1.000
 * and 100% wherever Chromium does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from '../build.js';
import { roundtrip, type RoundtripResult } from './roundtrip.js';

/** Figures of one brief. */
export interface VerifyRow {
  readonly source: string;
  readonly pdf: RoundtripResult;
  readonly chromium: RoundtripResult;
  /** True when the PDF is as good as Chromium's print (see the module comment). */
  readonly ok: boolean;
}

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** Chromium executable. Default `/usr/bin/chromium`. */
  readonly chromium?: string;
  /** Allowed shortfall of the PDF against Chromium, on each figure. Default 0.002. */
  readonly tolerance?: number;
  /** Project root for templates and fonts. Default cwd. */
  readonly root?: string;
  /**
   * Folder the outputs go to and stay in: per brief `<slug>.pdf`, `<slug>.html` and Chromium's
   * print `<slug>.chromium.pdf`. Default a new `sahifa-verify-*` folder in the system's temp folder.
   */
  readonly outDir?: string;
}

/**
 * Builds each brief to PDF and HTML in a temporary folder, prints the HTML with headless Chromium
 * (playwright-core, no network), and measures both PDFs with {@link roundtrip}.
 *
 * @throws when playwright-core or Chromium is missing, or a brief does not build
 */
export async function verify(sources: readonly string[], options: VerifyOptions = {}): Promise<VerifyRow[]> {
  const tolerance = options.tolerance ?? 0.002;
  const out = options.outDir ?? mkdtempSync(join(tmpdir(), 'sahifa-verify-'));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: options.chromium ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const rows: VerifyRow[] = [];
  try {
    for (const given of sources) {
      // build() resolves `paths` against `root`, which is the brief's own folder for a corpus
      // document: a path relative to the working directory ("../shared/corpus/x.md") must be absolute
      const source = resolve(given);
      // a brief outside the project (a corpus document) is its own project: its folder is the root
      // its images resolve in; templates and fonts fall back to sahifa's own
      const root = options.root && !relative(options.root, source).startsWith('..') ? options.root : dirname(source);
      const result = await build({ paths: [source], outDir: out, formats: ['html', 'pdf'], root, force: true });
      const failed = result.briefs.find((b) => b.error);
      if (failed?.error) throw failed.error;
      const slug = basename(source).replace(/\.md$/, '');
      const page = await browser.newPage();
      await page.route(/^(?!file:)/, (route) => route.abort());
      await page.goto(pathToFileURL(join(out, `${slug}.html`)).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const printed = join(out, `${slug}.chromium.pdf`);
      await page.pdf({ path: printed, format: 'A4', preferCSSPageSize: true });
      await page.close();
      const pdf = roundtrip(source, join(out, `${slug}.pdf`));
      const ref = roundtrip(source, printed);
      const asGood = (ours: number, theirs: number): boolean => ours >= theirs - tolerance && (theirs < 1 || ours >= 1 - 1e-9);
      rows.push({ source, pdf, chromium: ref, ok: asGood(pdf.chars, ref.chars) && asGood(pdf.lines, ref.lines) });
    }
  } finally {
    await browser.close();
  }
  return rows;
}
