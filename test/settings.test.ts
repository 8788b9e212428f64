/**
 * Unit tests of the template's settings (`src/templates/settings.ts`): the text width, the role of
 * each heading depth, the words per language (with their fallbacks), and that the writers read
 * the same resolved object.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadTemplate } from '../src/templates/load.js';
import { templateSchema, type Template } from '../src/templates/schema.js';
import { headingRole, settingsOf, wordsFor } from '../src/templates/settings.js';
import { PAGE_SIZES } from '../src/templates/units.js';
import { titleBlock } from '../src/writers/shared/title-block.js';
import { componentCss, templateCss } from '../src/writers/html/css.js';
import { ROOT } from './helpers/seed.js';

const loaded = loadTemplate('policy-brief', { root: ROOT });
const memo = loadTemplate('memo', { root: ROOT });

/** The policy-brief template with other `strings` (a new object: its settings are resolved anew). */
const withStrings = (strings: Template['strings']): Template => ({ ...loaded.template, strings });

describe('settings', () => {
  it('are resolved once per template and are what the loaded template carries', () => {
    expect(loaded.settings).toBe(settingsOf(loaded.template));
    expect(settingsOf(loaded.template)).toBe(settingsOf(loaded.template));
    expect(settingsOf(withStrings({}))).not.toBe(loaded.settings);
  });

  it('give the text width as the page width less the start and end margins, in pt', () => {
    for (const { template, settings } of [loaded, memo]) {
      const { start, end } = template.page.margins;
      expect(settings.pageWidth).toBe(PAGE_SIZES[template.page.size][0]);
      expect(settings.textWidth).toBeCloseTo(settings.pageWidth - start - end, 9);
      expect(settings.textWidth).toBeGreaterThan(200);
    }
  });

  it('set `#` in h1, `##` in h2, `###` in h3 and deeper headings in h4', () => {
    expect([1, 2, 3, 4, 5, 6].map((d) => headingRole(loaded.settings, d))).toEqual(['h1', 'h2', 'h3', 'h4', 'h4', 'h4']);
    // the HTML style sheet groups the h elements by the same roles
    const css = templateCss(loaded.template, { dir: 'rtl', digits: 'latn', faces: [] });
    expect(css).toMatch(/^h1 \{/m);
    expect(css).toMatch(/^h2 \{/m);
    expect(css).toMatch(/^h3 \{/m);
    expect(css).toMatch(/^h4, h5, h6 \{/m);
  });

  it('set `#` in the h2 role for a template without an h1 role', () => {
    const yaml = readFileSync(join(ROOT, 'templates', 'policy-brief', 'template.yaml'), 'utf8').replace(/^ {2}h1: .*\n/m, '');
    const raw = templateSchema.parse(parseYaml(yaml));
    expect(raw.roles.h1).toEqual(raw.roles.h2);
    expect(loaded.template.roles.h1.size).toBeGreaterThan(loaded.template.roles.h2.size);
  });
});

describe('wordsFor', () => {
  it('takes the entry of the full tag, else of its primary language', () => {
    expect(wordsFor(loaded.settings, 'ar').page).toBe('صفحة');
    expect(wordsFor(loaded.settings, 'ar-EG').page).toBe('صفحة');
    expect(wordsFor(loaded.settings, 'FA').page).toBe('صفحه');
  });

  it('fills a word the language lacks from `en`, then from English', () => {
    // fa has no word for key points: the en entry's
    expect(wordsFor(loaded.settings, 'fa').keypoints).toBe('Key points');
    const t = withStrings({ fa: { page: 'صفحه', of: 'از', number: 'شماره' }, en: { page: 'P.', of: '/', number: '#', figure: 'Fig.' } });
    expect(wordsFor(settingsOf(t), 'fa').figure).toBe('Fig.');
    expect(wordsFor(settingsOf(t), 'fa').toc).toBe('Contents');
  });

  it('falls back to English for a language without an entry, never to Arabic', () => {
    // stringsFor, which the title block, page numbers and running header used, said "then Arabic
    // defaults" and returned English: English is the behaviour kept, now in one place
    const noEn = withStrings({ ar: { page: 'صفحة', of: 'من', number: 'العدد' } });
    expect(wordsFor(settingsOf(noEn), 'de')).toMatchObject({ page: 'Page', of: 'of', number: 'No.' });
    expect(titleBlock({ lang: 'de', dir: 'ltr', digits: 'latn', series: 'S', number: 4 } as never, noEn).kicker).toBe('S · No. 4');
    expect(wordsFor(loaded.settings, 'de').page).toBe('Page');
    expect(titleBlock({ lang: 'ar', dir: 'rtl', digits: 'latn', number: 4 } as never, noEn).kicker).toBe('العدد 4');
  });

  it('does not mistake a name of Object.prototype for a language', () => {
    expect(wordsFor(loaded.settings, 'constructor').page).toBe('Page');
    expect(wordsFor(loaded.settings, 'toString').page).toBe('Page');
  });
});

describe('looks', () => {
  it('keep the widths each writer drew, in pt, and one table rule width for all (issue 15, item 10)', () => {
    const { looks } = loaded.settings;
    expect(looks.table.outer.width).toEqual({ html: 0.75, pdf: 0.75, docx: 0.75 });
    expect(looks.table.inner.width).toEqual({ html: 0.375, pdf: 0.375, docx: 0.375 });
    // whole eighths of a point, as a DOCX border's w:sz holds them
    for (const w of [looks.table.outer.width.docx!, looks.table.inner.width.docx!]) expect(Number.isInteger(w * 8)).toBe(true);
    expect(looks.coverRule?.width).toEqual({ html: 1, pdf: 2, docx: 1.5 });
    expect(looks.headerRule?.colour.html).toBe(loaded.template.colours['rule']);
    // memo: no header rule, a footer rule that only Word draws
    expect(memo.settings.looks.headerRule).toBeUndefined();
    expect(memo.settings.looks.footerRule?.width).toEqual({ html: undefined, pdf: undefined, docx: 0.5 });
    expect(componentCss(memo.template)).toContain(`border-block: 0.75pt solid ${memo.template.colours['rule']}`);
  });
});
