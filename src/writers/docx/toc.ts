/**
 * The table of contents of the DOCX: a Word TOC field over Heading 1–3 (`#`–`###`) whose result
 * is written in full, as Word writes it after an update: one paragraph per heading of the
 * brief's outline (the PDF's and the HTML's entries), right to left in an RTL brief, in the
 * `toc 1`–`toc 3` styles by the entry's indent below the outline's top level (indented from the start side, a dot-leader tab to the page number at
 * the end side), each a hyperlink to a `_Toc<n>` bookmark on its heading with a PAGEREF field
 * whose result is the heading's page in sahifa's PDF layout of the same brief.
 *
 * The fields are neither dirty nor locked: Word and LibreOffice show the numbers as written, and
 * Word's Update Field (F9) or Update Table rewrites them from Word's own layout.
 */
import { ImportedXmlComponent, InternalHyperlink, Paragraph, Tab, TextRun, type FileChild, type ParagraphChild } from 'docx';
import type { Root } from 'mdast';
import type { Toc } from '../../model/mdast.js';
import { TOC_DEPTH } from '../../parse/plugins/headings.js';
import { boxStyle, outline } from '../shared/components.js';
import { settingsOf, wordsFor } from '../../templates/settings.js';
import { formatNumber } from '../shared/numbers.js';
import { ptToTwips } from '../../templates/units.js';
import { box, framed } from './components.js';
import { withDirection } from './direction.js';
import { phrasing } from './handlers/inline.js';
import { familyOf, type DocxContext, type DocxToc } from './state.js';
import { componentTitleStyleId, STYLE, TOC_ROW_PADDING } from './styles.js';

/** The TOC field's instruction: outline levels 1–3 (Heading 1–3, the TOC's depth), hyperlinked entries, no page numbers in web view, outline levels used. */
export const TOC_INSTRUCTION = `TOC \\o "1-${TOC_DEPTH}" \\h \\z \\u`;

/**
 * The table of contents of a brief: its entries (the outline) and the bookmark of each entry's
 * heading, by heading id: `_Toc1`, `_Toc2`… in outline order (hidden bookmarks, as Word names its
 * own); with `pages`, each heading's page. No entries when the brief has no TOC.
 */
export function tocOf(tree: Root, pages?: ReadonlyMap<string, number>): DocxToc {
  const entries = tree.children.some((n) => n.type === 'toc') ? outline(tree) : [];
  return { entries, bookmarks: new Map(entries.map((e, i) => [e.id, `_Toc${i + 1}`])), ...(pages ? { pages } : {}) };
}

/** A run holding raw field markup (`w:fldChar`, `w:instrText`): docx has no public class for complex fields. */
function fieldRun(inner: string): ParagraphChild {
  return ImportedXmlComponent.fromXmlString(`<w:r>${inner}</w:r>`) as unknown as ParagraphChild;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The start of a complex field with its instruction, up to its result: begin, instrText, separate. */
function fieldStart(instruction: string): ParagraphChild[] {
  return [
    fieldRun('<w:fldChar w:fldCharType="begin"/>'),
    fieldRun(`<w:instrText xml:space="preserve"> ${escapeXml(instruction)} </w:instrText>`),
    fieldRun('<w:fldChar w:fldCharType="separate"/>'),
  ];
}

/** The end of a complex field. */
function fieldEnd(): ParagraphChild {
  return fieldRun('<w:fldChar w:fldCharType="end"/>');
}

/**
 * `toc` → the table of contents in the `toc` component's box: the title in the template's word,
 * then the TOC field, its result one paragraph per outline entry (the field begins in the first
 * and ends in the last, so no empty paragraph follows). Page numbers come from
 * `ctx.toc.pages` (the PDF's layout), in the brief's digits; an entry without one is left
 * blank for Word to fill in. Nothing when the brief has no heading to list (as in the PDF).
 */
export function toc(_node: Toc, ctx: DocxContext): FileChild[] {
  const t = ctx.template;
  const style = boxStyle(t, 'toc');
  const words = wordsFor(settingsOf(t), ctx.meta.lang);
  const font = familyOf(t, t.roles.body);
  const head = new Paragraph(
    withDirection('paragraph', ctx.dir, {
      style: componentTitleStyleId('toc'),
      keepNext: true,
      children: phrasing([{ type: 'text', value: words.toc }], { dir: ctx.dir, font: familyOf(t, t.roles.boxTitle), language: ctx.language }),
    }),
  );
  const { entries, bookmarks, pages } = ctx.toc;
  if (!entries.length) return [];
  const paragraphs = entries.map((e, i) => {
    const bookmark = bookmarks.get(e.id)!;
    const dir = e.node.data?.dir ?? ctx.dir;
    const page = pages?.get(e.id);
    const title = phrasing([{ type: 'text', value: e.text }], { dir, font, language: ctx.language, lang: e.node.data?.lang });
    const number = page === undefined ? [] : [new TextRun(withDirection('run', ctx.dir, { text: formatNumber(page, ctx.meta.digits) }, { font, language: ctx.language }))];
    const link = new InternalHyperlink({
      anchor: bookmark,
      children: [...title, new TextRun({ children: [new Tab()] }), ...fieldStart(`PAGEREF ${bookmark} \\h`), ...number, fieldEnd()] as ParagraphChild[],
    });
    // the PDF's first row is 2 pt below the title's space, its last has 2 pt under it
    const first = i === 0 ? { before: ptToTwips(t.roles.boxTitle.spaceAfter + TOC_ROW_PADDING) } : {};
    // the box's padding below is the last entry's space after: LibreOffice drops a cell's bottom
    // margin under a TOC field's last paragraph (5 pt short in policy-brief, checked with poppler)
    const last = i === entries.length - 1 ? { after: ptToTwips(TOC_ROW_PADDING + Math.max(0, style.padding - 2)) } : {};
    return new Paragraph(
      withDirection('paragraph', ctx.dir, {
        style: STYLE.toc[e.indent],
        ...(i === 0 || i === entries.length - 1 ? { spacing: { ...first, ...last } } : {}),
        children: [...(i === 0 ? fieldStart(TOC_INSTRUCTION) : []), link, ...(i === entries.length - 1 ? [fieldEnd()] : [])],
      }),
    );
  });
  return framed(ctx, style.spaceBefore, style.spaceAfter, box(t, style, ctx.dir, [head, ...paragraphs], 0));
}
