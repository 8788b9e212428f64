/**
 * The reference list beside `pandoc --citeproc` on the same .bib (content/refs.bib) and the same
 * CSL file (the shipped Chicago author-date and IEEE): the same entries, in the same order, with
 * the same fields, for an English brief. The differences, explained in docs/authoring.md
 * ("Compared with Pandoc"):
 * - letter case of English titles: pandoc's BibTeX reader turns them into sentence case (CSL's
 *   convention), citation-js keeps them as written, so IEEE (which prints titles as stored) shows
 *   "The Challenge of…" for pandoc's "The challenge of…", and Chicago's title case differs after a
 *   semicolon ("; A Look" / "; a Look"): entries are compared without letter case;
 * - IEEE, an entry with a URL: citeproc-js prints the style's "[Online]." before "Available:",
 *   pandoc's citeproc leaves it out (removed from sahifa's entries before comparing; the test
 *   checks it is there, so a change of either engine shows);
 * - in an Arabic brief, an English entry is written in its own language (English terms such as
 *   "and", English quotes), not with «و» and the Arabic locale's quotes;
 * - in an Arabic brief, an author-date list is sorted in Arabic (citeproc-js collates in the
 *   brief's language): the Arabic entries come first, where pandoc puts Latin letters first.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/index.js';
import { hasCommand, needClient } from './helpers/clients.js';
import { ROOT } from './helpers/seed.js';

const skip = needClient('pandoc', hasCommand('pandoc', ['--version']));
const CONTENT = join(ROOT, 'content');
const KEYS = [...readFileSync(join(CONTENT, 'refs.bib'), 'utf8').matchAll(/^@\w+\{([^,]+),/gm)].map((m) => m[1]!);
const STYLES = { 'chicago-author-date': 'chicago-author-date-16th-edition.csl', ieee: 'ieee.csl' } as const;

/** A brief citing every entry of refs.bib once, in one citation. */
const brief = (lang: string, csl: string): string => `---\ntitle: T\nlang: ${lang}\nbibliography: refs.bib\ncsl: ${csl}\n---\n\nText [${KEYS.map((k) => `@${k}`).join('; ')}].\n`;

/** sahifa's entries, as plain text. */
function ours(lang: string, csl: string): string[] {
  const tree = parse(brief(lang, csl), 'refs-test.md', { cwd: CONTENT, root: ROOT }).tree;
  const items: string[] = [];
  const walk = (n: Nodes): void => {
    if (n.type === 'listItem' && n.children[0]?.data?.id?.startsWith('ref-')) items.push(toString(n).replace(/\s+/g, ' ').trim());
    else if ('children' in n) (n.children as Nodes[]).forEach(walk);
  };
  walk(tree);
  return items;
}

/** pandoc's entries for the same brief, as plain text (the left-margin label of numeric styles left out, as sahifa numbers its list). */
function pandoc(lang: string, csl: string): string[] {
  const out = execFileSync('pandoc', ['-f', 'markdown', '-t', 'plain', '--wrap=none', '--citeproc', '--bibliography', join(CONTENT, 'refs.bib'), '--csl', join(ROOT, 'csl', STYLES[csl as keyof typeof STYLES])], {
    input: brief(lang, csl).replace(/^bibliography:.*\n|^csl:.*\n/gm, ''),
    encoding: 'utf8',
  });
  return out
    .split(/\n\s*\n/)
    .slice(1)
    .map((e) => e.replace(/\s+/g, ' ').replace(/^\[\d+\] /, '').trim())
    .filter(Boolean);
}

const arabic = (s: string): boolean => /^\P{L}*\p{Script=Arabic}/u.test(s);
const caseless = (list: string[]): string[] => list.map((e) => e.toLowerCase());

describe.skipIf(skip)('reference list beside pandoc --citeproc', () => {
  it.each([
    ['en', 'chicago-author-date'],
    ['en', 'ieee'],
    ['ar', 'chicago-author-date'],
    ['ar', 'ieee'],
  ])('lang %s, %s: the same entries, each as pandoc writes it in its own language', (lang, csl) => {
    const raw = ours(lang, csl);
    const online = raw.filter((e) => e.includes(' [Online]. Available:')).length;
    expect(online).toBe(csl === 'ieee' ? 1 : 0);
    const mine = raw.map((e) => e.replace(' [Online]. Available:', ' Available:'));
    const theirs = pandoc(lang, csl);
    expect(mine.length).toBe(KEYS.length);
    expect(theirs.length).toBe(KEYS.length);
    // each entry as pandoc writes it in a brief of the entry's language, in the same order among its script
    expect(caseless(mine.filter(arabic))).toEqual(caseless(pandoc('ar', csl).filter(arabic)));
    expect(caseless(mine.filter((e) => !arabic(e)))).toEqual(caseless(pandoc('en', csl).filter((e) => !arabic(e))));
    if (lang === 'ar' && csl === 'chicago-author-date') {
      // sorted in Arabic: the Arabic entries first, where pandoc puts Latin letters first
      expect(mine.map(arabic)).toEqual([true, true, false, false, false, false]);
      expect(theirs.map(arabic)).toEqual([false, false, false, false, true, true]);
    } else expect(mine.map(arabic)).toEqual(theirs.map(arabic));
    // where the brief's language is not the entry's, pandoc's words differ (« و » for "and" in an Arabic brief)
    if (lang === 'ar') expect(theirs.filter((e) => !arabic(e)).every((e) => / و /.test(e))).toBe(true);
  });
});
