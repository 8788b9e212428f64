import { createRequire } from 'node:module';
import type { Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { findCitations, readLocator } from '../src/model/citations.js';
import { parse } from '../src/parse/index.js';

const HERE = new URL('../content/', import.meta.url).pathname;
const brief = (body: string, lang = 'ar', digits = 'latn'): string => `---\ntitle: T\nlang: ${lang}\ndigits: ${digits}\n---\n\n${body}`;
const parseIn = (md: string) => parse(md, 'x.md', { cwd: HERE, root: HERE });
/** Every node of the tree, depth first. */
function nodes(n: Nodes): Nodes[] {
  return [n, ...('children' in n ? (n.children as Nodes[]).flatMap(nodes) : [])];
}
const links = (md: string) =>
  nodes(parseIn(md).tree)
    .filter((n) => n.type === 'link')
    .map((l) => ({ url: (l as { url: string }).url, text: (l as { children: { value: string }[] }).children.map((c) => c.value).join('') }));

const BODY = `## خلفية {#sec:bg}

كما يبين @fig:chart و[@tbl:split] وانظر @sec:bg. البريد a@b.org و\`@fig:code\`.

![نسبة الفاقد](images/water-loss-chart.png){#fig:chart}

| أ | ب |
|---|---|
| 1 | 2 |

: توزيع الفاقد {#tbl:split}
`;

describe('cross-references', () => {
  it('links @fig, [@tbl] and @sec to their targets, worded in the brief\'s language and digits', () => {
    expect(links(brief(BODY))).toEqual([
      { url: '#fig-1', text: 'الشكل 1' },
      { url: '#tbl-1', text: 'الجدول 1' },
      { url: '#sec-1', text: 'خلفية' },
      { url: 'mailto:a@b.org', text: 'a@b.org' },
    ]);
    expect(links(brief(BODY, 'en', 'arab')).slice(0, 2)).toEqual([
      { url: '#fig-1', text: 'Figure ١' },
      { url: '#tbl-1', text: 'Table ١' },
    ]);
  });

  it('gives the targets their anchor ids and numbers the table caption', () => {
    const tree = parseIn(brief(BODY)).tree;
    const figure = nodes(tree).find((n) => (n.type as string) === 'figure')!;
    expect(figure.data).toMatchObject({ id: 'fig-1', label: 'fig:chart' });
    const heading = nodes(tree).find((n) => n.type === 'heading')!;
    expect(heading.data).toMatchObject({ id: 'sec-1', label: 'sec:bg', linked: true });
    const caption = tree.children.at(-1)!;
    expect(caption.data).toMatchObject({ id: 'tbl-1', label: 'tbl:split' });
    expect(JSON.stringify(caption)).toContain('جدول 1');
    expect(JSON.stringify(caption)).not.toContain('{#');
    // the code span is not touched
    expect(nodes(tree).some((n) => n.type === 'inlineCode' && n.value === '@fig:code')).toBe(true);
  });

  it('reports an unknown label at its place, with a near one', () => {
    expect(() => parseIn(brief('نص.\n\n![ش](images/water-loss-chart.png){#fig:chart}\n\nانظر @fig:chrt هنا.\n'))).toThrow(/x\.md:11:6: unknown label @fig:chrt; did you mean @fig:chart\?/);
  });

  it('loads no citation library for a brief without a bibliography (start-up time)', () => {
    parseIn(brief(`${BODY}\nانظر [@smith2020] و@doe.\n`));
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.filter((k) => /[/\\](?:citeproc|@citation-js)[/\\]/.test(k))).toEqual([]);
  });

  it('reports a label used twice at its second use', () => {
    expect(() => parseIn(brief('## أ {#sec:a}\n\n## ب {#sec:a}\n'))).toThrow(/x\.md:9:1: label \{#sec:a\} is used twice/);
  });
});

describe('citation syntax', () => {
  it('finds Pandoc citations and leaves emails and link texts alone', () => {
    const spans = findCitations('see [@a; @b, p. 5] and @c said, [-@d]; mail x@y.org; [text](u) @e.');
    expect(spans.map((s) => [s.inText, s.items.map((i) => `${i.suppressAuthor ? '-' : ''}${i.key}|${i.suffix}`)])).toEqual([
      [false, ['a|', 'b|p. 5']],
      [true, ['c|']],
      [false, ['-d|']],
      [true, ['e|']],
    ]);
    expect(findCitations('[see @iwa2020، ص 5]')[0]!.items[0]).toMatchObject({ key: 'iwa2020', prefix: 'see', suffix: 'ص 5' });
  });

  it('reads locators as Pandoc does', () => {
    expect(readLocator('p. 5')).toEqual({ label: 'page', locator: '5', suffix: '' });
    expect(readLocator('pp. 33–35, emphasis added')).toEqual({ label: 'page', locator: '33–35', suffix: ', emphasis added' });
    expect(readLocator('ص 12')).toEqual({ label: 'page', locator: '12', suffix: '' });
    expect(readLocator('chap. 3')).toEqual({ label: 'chapter', locator: '3', suffix: '' });
    expect(readLocator('and elsewhere')).toEqual({ suffix: 'and elsewhere' });
  });
});
