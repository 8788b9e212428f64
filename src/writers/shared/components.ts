/**
 * What the three writers share about components, figures, footnotes and the table of contents:
 * the words the template prints (in the block's language), default titles, figure labels and the
 * outline of headings. Looks (colours, borders, sizes) come from `template.components` and roles.
 */
import type { Digits } from '../../model/front-matter.js';
import type { Heading, Nodes, PhrasingContent, Root } from 'mdast';
import { inlineRuns } from './inline-runs.js';
import type { Component, Figure } from '../../model/mdast.js';
import type { BoxStyle, ComponentName, Template } from '../../templates/schema.js';
import { settingsOf, wordsFor } from '../../templates/settings.js';
import { TOC_DEPTH } from '../../parse/plugins/headings.js';
import { formatNumber } from './numbers.js';

/** The template's look of a component. */
export function boxStyle(template: Template, name: ComponentName): BoxStyle {
  return template.components[name];
}

/**
 * Title of a component as phrasing content: the directive's label, else the template's default
 * word for the component in the block's language (`data.lang`, else the document's). Pull quotes
 * have no default title. Returns `undefined` when there is no title to print.
 */
export function componentTitle(node: Component, template: Template, docLang: string): PhrasingContent[] | undefined {
  if (node.title?.length) return node.title;
  if (node.name === 'quote' || node.name === 'sidebar') return undefined;
  const word = wordsFor(settingsOf(template), node.data?.lang ?? docLang)[node.name];
  return word ? [{ type: 'text', value: word }] : undefined;
}

/**
 * The label and caption of a figure: "شكل 1: caption" (words and separator from the template,
 * number in the brief's digits). The label alone when there is no caption.
 */
export function figureCaption(figure: Figure, template: Template, lang: string, digits: Digits): { label: string; text: string } {
  const label = `${wordsFor(settingsOf(template), figure.data?.lang ?? lang).figure} ${formatNumber(figure.number, digits)}`;
  return { label, text: figure.caption ? `${label}${template.figure.separator}${figure.caption}` : label };
}

/**
 * Width and height in pt of a figure set in a column `column` pt wide: natural size at 96 dpi, at
 * most `figure.maxWidth` of the column and at most `maxHeight` pt high (see
 * {@link figureMaxHeight}), aspect kept.
 */
export function figureSize(figure: Figure, template: Template, column: number, maxHeight = Infinity): { width: number; height: number } {
  const natural = figure.width * 0.75;
  const width = Math.min(natural, column * template.figure.maxWidth, (maxHeight * figure.width) / figure.height);
  return { width, height: (width * figure.height) / figure.width };
}

/**
 * The greatest height in pt a figure's image may have so that image and caption fit on one page
 * under a heading: the page's body height (page less top and bottom margins) less the caption's
 * spaces and lines (`caption` text at about half an em a character in a column `column` pt wide,
 * at least two lines of the caption role) and less a two-line `h2` heading with its spaces (so the
 * keep-with-next rule can take a heading over the figure to its page). A taller figure is made
 * smaller: pdfmake leaves out an unbreakable block taller than a page (the figure vanished without
 * a word) and Word runs an image off the page.
 */
export function figureMaxHeight(template: Template, column: number, caption: string): number {
  const body = settingsOf(template).pageHeight - template.page.margins.top - template.page.margins.bottom;
  const role = template.roles.caption;
  const lines = Math.max(2, Math.ceil((caption.length * role.size * 0.5) / Math.max(column, 1)));
  const heading = template.roles.h2;
  const headingRoom = heading.spaceBefore + heading.spaceAfter + 2 * heading.size * heading.lineHeight;
  return Math.max(body / 4, body - role.spaceBefore - role.spaceAfter - lines * role.size * role.lineHeight - headingRoom);
}

/**
 * The blocks of a component as the writers render them: in `:::recommendations` every list is
 * numbered (an author may write it with `-` or `1.`); other components keep their blocks.
 */
export function recommendationsBlocks(node: Component): Component['children'] {
  if (node.name !== 'recommendations') return node.children;
  return node.children.map((c) => (c.type === 'list' ? { ...c, ordered: true, start: c.start ?? 1 } : c));
}

/** One entry of the table of contents. */
export interface OutlineEntry {
  /** Anchor id of the heading (`sec-1`…), see `parse/plugins/headings`. */
  readonly id: string;
  /** Markdown heading depth (`#` → 1, `##` → 2, `###` → 3): the entry's TOC level. */
  readonly level: number;
  /**
   * Indent steps of the entry: its level less the shallowest level of the outline (a brief whose
   * top headings are `##` lists them flush, and `###` one step in).
   */
  readonly indent: number;
  /** Id of the nearest entry before it of a lower level (its parent in PDF bookmarks), if any. */
  readonly parent?: string | undefined;
  readonly text: string;
  /** The heading node (for direction). */
  readonly node: Heading;
}

/**
 * The text a heading prints, as its entry in the table of contents: raw HTML read as a browser
 * shows it and images as their alt text ({@link inlineRuns}, as the writers print the heading
 * itself), footnote marks left out, white space collapsed.
 */
function printedHeading(node: Heading): string {
  return inlineRuns(node.children)
    .filter((r) => r.footnote === undefined)
    .map((r) => r.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Headings with an id (depth ≤ 3), in document order; components' contents are not listed. */
export function outline(tree: Root): OutlineEntry[] {
  const found: Heading[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'heading' && node.data?.id && node.depth <= TOC_DEPTH) {
      found.push(node);
      return;
    }
    if (node.type === 'component') return;
    if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(tree);
  const top = Math.min(...found.map((n) => n.depth));
  const open: OutlineEntry[] = []; // the entries the next one may nest under, shallowest first
  return found.map((node) => {
    while (open.length && open[open.length - 1]!.level >= node.depth) open.pop();
    const entry: OutlineEntry = { id: node.data!.id!, level: node.depth, indent: node.depth - top, parent: open[open.length - 1]?.id, text: printedHeading(node), node };
    open.push(entry);
    return entry;
  });
}

/** Footnote definitions that are referenced, in note-number order. */
export function footnotesOf(tree: Root): Array<Extract<Nodes, { type: 'footnoteDefinition' }>> {
  const out: Array<Extract<Nodes, { type: 'footnoteDefinition' }>> = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'footnoteDefinition' && node.data?.number !== undefined) out.push(node);
    if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(tree);
  return out.sort((a, b) => a.data!.number! - b.data!.number!);
}
