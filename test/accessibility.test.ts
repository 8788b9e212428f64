/**
 * Accessibility of the HTML, checked by axe-core in headless Chromium (issue 16): WCAG 2.1 A and
 * AA rules plus axe's best practices, on every brief of content/ and, when ../shared is asked
 * for, every corpus document. Zero violations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { CHROMIUM, needClient, tempDir } from './helpers/clients.js';
import { needShared, sharedPath } from './helpers/shared.js';
import { ROOT } from './helpers/seed.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const CONTENT = readdirSync(join(ROOT, 'content')).filter((f) => f.endsWith('.md')).sort().map((f) => join(ROOT, 'content', f));
const CORPUS = sharedPath('corpus');
const skipChromium = needClient('chromium', CHROMIUM !== undefined);
const skipCorpus = skipChromium ?? needShared('the corpus', CORPUS);

/** axe-core's violations on a built page, as `rule(count): help — first node`. */
async function violations(browser: Browser, page: string): Promise<string[]> {
  const tab = await browser.newPage();
  try {
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    await tab.evaluate(AXE);
    const result = await tab.evaluate(async (tags) => {
      const axe = (globalThis as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string; help: string; nodes: { html: string }[] }[] }> } }).axe;
      return axe.run(document, { runOnly: { type: 'tag', values: tags } });
    }, TAGS);
    return result.violations.map((v) => `${v.id}(${v.nodes.length}): ${v.help} — ${v.nodes[0]?.html.slice(0, 160)}`);
  } finally {
    await tab.close();
  }
}

/** Builds the briefs' HTML and returns each page's violations. */
async function check(browser: Browser, briefs: string[]): Promise<Record<string, string[]>> {
  const out = tempDir();
  const result = await build({ paths: briefs, outDir: out, formats: ['html'], root: ROOT });
  expect(result.ok).toBe(true);
  const found: Record<string, string[]> = {};
  for (const brief of briefs) {
    const list = await violations(browser, join(out, `${basename(brief, '.md')}.html`));
    if (list.length) found[basename(brief)] = list;
  }
  return found;
}

describe.skipIf(skipChromium)('HTML accessibility (axe-core in Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-gpu'] });
  });
  afterAll(async () => browser?.close());

  it('finds no violation on the briefs of content/', async () => {
    expect(await check(browser, CONTENT)).toEqual({});
  }, 120_000);

  it.skipIf(skipCorpus)('finds no violation on the corpus documents', async () => {
    const corpus = readdirSync(CORPUS).filter((f) => f.endsWith('.md')).sort().map((f) => join(CORPUS, f));
    expect(await check(browser, corpus)).toEqual({});
  }, 300_000);
});
