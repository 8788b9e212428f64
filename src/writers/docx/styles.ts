/**
 * Template → Word styles and numbering. Every look of the DOCX (fonts, sizes, colours, spacing,
 * bullet glyph and indent) comes from here, read from the template; handlers only name styles.
 *
 * Units: sizes in half-points (`w:sz`), lengths in twips (`w:spacing`, `w:ind`).
 */
import {
  AlignmentType,
  LeaderType,
  LevelFormat,
  TabStopType,
  LineRuleType,
  type ILevelsOptions,
  type IParagraphStyleOptions,
  type IParagraphStylePropertiesOptions,
  type IRunStylePropertiesOptions,
  type IStylesOptions,
  type NumberingDefinition,
} from 'docx';
import type { ComponentName, Role, Template } from '../../templates/schema.js';
import { HEADING_ROLES } from '../../templates/settings.js';
import { PAGE_SIZES, ptToHalfPoints, ptToTwips } from '../../templates/units.js';
import type { Dir } from '../../model/direction.js';
import { boxStyle } from '../shared/components.js';
import { familyOf, hexOf, type DocxContext, type DocxSink } from './state.js';

/** Paragraph style ids the handlers use, mapped from template roles. */
export const STYLE = {
  title: 'Title',
  subtitle: 'Subtitle',
  meta: 'Meta',
  author: 'Author',
  date: 'Date',
  headings: ['Heading1', 'Heading2', 'Heading3', 'Heading4'],
  list: 'ListParagraph',
  quote: 'BlockText',
  code: 'SourceCode',
  header: 'Header',
  footer: 'Footer',
  hyperlink: 'Hyperlink',
  verbatim: 'VerbatimChar',
  caption: 'Caption',
  tableHeader: 'TableHeading',
  /** Table of contents entries of `##` (and `#`) and of `###` headings: Word's built-in `toc 1`, `toc 2`. */
  toc: ['TOC1', 'TOC2', 'TOC3'],
} as const;

/** Word list levels: 0..8. */
const LIST_LEVELS = 9;

/** Run look of a role: font (all script slots), size (half-points, also `w:szCs`), colour, bold (also `w:bCs`). */
export function roleRun(template: Template, role: Role, colourKey = role.colour): IRunStylePropertiesOptions {
  const family = familyOf(template, role);
  return {
    font: { ascii: family, hAnsi: family, cs: family },
    size: ptToHalfPoints(role.size),
    color: hexOf(template, colourKey),
    ...(role.bold ? { bold: true, boldComplexScript: true } : {}),
  };
}

/**
 * Paragraph look of a role: space before/after and an exact line height of `size × lineHeight`
 * (twips), the pitch the PDF sets every line of the role at (pdfmake's multiplier of the font's
 * natural height, pdf/styles.ts). `exact`, not `atLeast`: at least would give the font's own
 * ascent + descent wherever it is taller (Amiri's is 1.758 em, against the template's 1.5), so Word
 * and LibreOffice would paginate longer than the PDF. Ink beyond an exact line (stacked harakat)
 * overlaps the neighbouring lines, as in the PDF: LibreOffice draws it unclipped (checked with
 * pdftoppm on fully vocalised Amiri, shadda + fatha, at 1.5 em); Word documents that it may cut off
 * the top of characters taller than an exact spacing (not checked here: no Word). Lines holding a
 * picture set their own ({@link PICTURE_LINE}).
 */
export function roleParagraph(role: Role): IParagraphStylePropertiesOptions {
  return {
    spacing: {
      before: ptToTwips(role.spaceBefore),
      after: ptToTwips(role.spaceAfter),
      line: ptToTwips(role.size * role.lineHeight),
      lineRule: LineRuleType.EXACT,
    },
  };
}

/**
 * Line spacing of a paragraph that holds a picture (a figure, the header's logo): single, so the
 * line is as tall as the picture (an exact line would crop it to the role's line height).
 */
export const PICTURE_LINE = { line: 240, lineRule: LineRuleType.AUTO } as const;

/** A paragraph style from a role, aligned to the start side (never justified). `extra` adds paragraph props (outline level…). */
function roleStyle(template: Template, id: string, name: string, role: Role, extra: IParagraphStylePropertiesOptions = {}, colourKey?: string): IParagraphStyleOptions {
  return {
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: roleRun(template, role, colourKey),
    paragraph: { ...roleParagraph(role), alignment: AlignmentType.START, ...extra },
  };
}

/** Paragraph style id of a component's text, e.g. `ComponentKeypoints`. */
export const componentStyleId = (name: ComponentName): string => `Component${name[0]!.toUpperCase()}${name.slice(1)}`;
/** Paragraph style id of a component's title, e.g. `ComponentKeypointsTitle`. */
export const componentTitleStyleId = (name: ComponentName): string => `${componentStyleId(name)}Title`;

/**
 * Word paragraph styles for the components and figures: per component a text style (its role,
 * its `textColour`) and a title style (role `boxTitle` in its `titleColour`), plus Caption.
 */
export function componentStyles(t: Template): IParagraphStyleOptions[] {
  const out: IParagraphStyleOptions[] = [];
  for (const [key, box] of Object.entries(t.components)) {
    const name = key as ComponentName;
    const role = t.roles[box.role];
    out.push(
      { id: componentStyleId(name), name: `Component ${name}`, basedOn: 'Normal', quickFormat: true, run: roleRun(t, role, box.textColour ?? role.colour), paragraph: roleParagraph(role) },
      {
        id: componentTitleStyleId(name),
        name: `Component ${name} Title`,
        basedOn: 'Normal',
        next: componentStyleId(name),
        quickFormat: true,
        run: roleRun(t, t.roles.boxTitle, box.titleColour),
        paragraph: { ...roleParagraph(t.roles.boxTitle), keepNext: true, alignment: AlignmentType.START },
      },
    );
  }
  out.push({
    id: STYLE.caption,
    name: 'caption',
    basedOn: 'Normal',
    quickFormat: true,
    run: roleRun(t, t.roles.caption),
    paragraph: { ...roleParagraph(t.roles.caption), alignment: AlignmentType.CENTER },
  });
  return out;
}

/**
 * Fallback monospace family of code when the template names none: Courier New, which Word has on
 * every system and LibreOffice maps to the metric-compatible Liberation Mono; HTML says
 * `monospace` for the same text.
 */
export const GENERIC_MONO = 'Courier New';

/**
 * Fonts of code (Source Code, Verbatim Char): Latin in the `code` role's font (DejaVu Sans Mono),
 * else, in a template whose code role is its body role, in its `mono` (or `code`) font, else
 * {@link GENERIC_MONO}; complex-script text (Arabic comments, strings) in the body font, which is
 * embedded and has the letters a Latin monospace lacks (as the PDF and HTML fall back to it).
 */
export function codeFont(t: Template): { ascii: string; hAnsi: string; cs: string } {
  const mono = t.roles.code.font !== t.roles.body.font ? t.fonts[t.roles.code.font]!.family : ((t.fonts['mono'] ?? t.fonts['code'])?.family ?? GENERIC_MONO);
  return { ascii: mono, hAnsi: mono, cs: familyOf(t, t.roles.body) };
}

/**
 * The document's styles: document defaults from the `body` role (so Normal is body text, with the
 * brief's bidi language), Title/Subtitle/Meta/Author/Date for the title block, Heading1..4 with outline
 * levels 0..3 (Word's navigation pane lists them) from roles h1..h4, List Paragraph, Block Text,
 * Source Code, Header/Footer from `running`, the components' text and title styles and Caption
 * (`componentStyles`), and the Hyperlink and Verbatim Char character styles.
 */
export function docxStyles(ctx: DocxContext): IStylesOptions {
  const t = ctx.template;
  const r = t.roles;
  const code = codeFont(t);
  const headings = HEADING_ROLES.map((name) => r[name]).map((role, level) =>
    roleStyle(t, STYLE.headings[level]!, `heading ${level + 1}`, role, { outlineLevel: level, keepNext: true, keepLines: true }),
  );
  return {
    default: {
      document: {
        run: { ...roleRun(t, r.body), language: ctx.language },
        paragraph: { ...roleParagraph(r.body), alignment: t.paragraph.align === 'justify' ? (t.paragraph.justify === 'kashida' ? AlignmentType.LOW_KASHIDA : AlignmentType.BOTH) : AlignmentType.START },
      },
    },
    paragraphStyles: [
      roleStyle(t, STYLE.title, 'Title', r.title, { keepNext: true }, t.cover.titleColour),
      roleStyle(t, STYLE.subtitle, 'Subtitle', r.subtitle, { keepNext: true }),
      roleStyle(t, STYLE.meta, 'Meta', r.meta, { keepNext: true }),
      { id: STYLE.author, name: 'Author', basedOn: STYLE.meta, next: 'Normal', quickFormat: true },
      { id: STYLE.date, name: 'Date', basedOn: STYLE.meta, next: 'Normal', quickFormat: true },
      ...headings,
      {
        id: STYLE.list,
        name: 'List Paragraph',
        basedOn: 'Normal',
        quickFormat: true,
        // the body's spacing (Normal's); the item's last paragraph adds `list.itemSpacing` (handlers/list.ts)
      },
      // no indent of its own: the blockquote's ruled cell sets it in (handlers/blockquote.ts)
      { id: STYLE.quote, name: 'Block Text', basedOn: 'Normal', quickFormat: true },
      {
        id: STYLE.code,
        name: 'Source Code',
        basedOn: 'Normal',
        paragraph: { ...roleParagraph(r.code), alignment: AlignmentType.LEFT },
        run: { font: code, size: ptToHalfPoints(r.code.size), sizeComplexScript: ptToHalfPoints(r.code.size), color: hexOf(t, r.code.colour) },
      },
      roleStyle(t, STYLE.header, 'header', r.running),
      roleStyle(t, STYLE.footer, 'footer', r.running),
      ...componentStyles(t),
      ...tocStyles(t, ctx.dir),
      { id: STYLE.tableHeader, name: 'Table Heading', basedOn: 'Normal', quickFormat: true, run: { color: hexOf(t, t.table.headerColour), bold: true, boldComplexScript: true } },
    ],
    characterStyles: [
      { id: STYLE.hyperlink, name: 'Hyperlink', basedOn: 'DefaultParagraphFont', run: { color: hexOf(t, 'accent'), underline: {} } },
      {
        id: STYLE.verbatim,
        name: 'Verbatim Char',
        basedOn: 'DefaultParagraphFont',
        // the code size of body text (10.5 pt beside 12 pt): a character style's size is absolute
        run: { font: code, size: ptToHalfPoints(r.code.size), sizeComplexScript: ptToHalfPoints(r.code.size) },
      },
    ],
  };
}

/**
 * `toc 1` to `toc 3` (Word's built-in names, so Word keeps using them when it updates the table):
 * body text without justification, 4 pt between entries (the PDF's entries are rows of a table
 * with pdfmake's `noBorders` padding, 2 pt top and bottom: all of it below, as adjacent paragraphs'
 * spaces collapse; toc.ts sets the first and last entry's); `toc N` indented by N - 1 times
 * `list.indent` on the start side; one end-aligned tab stop with a dot leader at the end of the
 * `toc` box's text, so the page number ends at the box's end edge, as in the PDF. An RTL brief's
 * tab is `end` (ISO/IEC 29500-1 §17.18.84: text after it aligned to its trailing edge, the left in
 * a `w:bidi` paragraph); LibreOffice reads `left` there as a start tab, the number running on past
 * the tab, so a tab at the cell's edge wrapped each number to a line of its own (memo: no padding).
 */
/** pt above and below a contents entry: pdfmake's `noBorders` cell padding, which the PDF's entries have. */
export const TOC_ROW_PADDING = 2;

function tocStyles(t: Template, dir: Dir): IParagraphStyleOptions[] {
  const width = ptToTwips(PAGE_SIZES[t.page.size][0] - t.page.margins.start - t.page.margins.end - 2 * boxStyle(t, 'toc').padding);
  return STYLE.toc.map((id, level) => ({
    id,
    name: `toc ${level + 1}`,
    basedOn: 'Normal',
    next: 'Normal',
    paragraph: {
      alignment: AlignmentType.START,
      spacing: { before: 0, after: ptToTwips(2 * TOC_ROW_PADDING) },
      indent: { start: level * ptToTwips(t.list.indent) },
      tabStops: [{ type: dir === 'rtl' ? TabStopType.END : TabStopType.RIGHT, position: width, leader: LeaderType.DOT }],
    },
  }));
}

/**
 * Numbering definitions for the lists the handlers met: `bullet` (the template's bullet glyph in its
 * bullet colour) and `decimal-<start>`, each with 9 levels indented by `list.indent` per level and a
 * hanging indent of `list.indent` (twips). Indents are `start`-side, so bullets sit on the right in
 * RTL (`w:bidi`) paragraphs, where the label is right-aligned so it hangs inside the indent.
 */
export function numberingConfig(ctx: DocxContext, sink: DocxSink): NumberingDefinition[] {
  const t = ctx.template;
  const indent = ptToTwips(t.list.indent);
  const run: IRunStylePropertiesOptions = { ...roleRun(t, t.roles.body, t.list.bulletColour), bold: false, boldComplexScript: false };
  // The label is aligned to the side facing the text: LibreOffice places it by physical side (`left` in an
  // RTL paragraph puts the bullet into the margin; checked with pdftotext -bbox).
  const alignment = ctx.dir === 'rtl' ? AlignmentType.RIGHT : AlignmentType.LEFT;
  const levels = (format: ILevelsOptions['format'], text: (level: number) => string, start = 1): ILevelsOptions[] =>
    Array.from({ length: LIST_LEVELS }, (_, level) => ({
      level,
      format,
      text: text(level),
      start,
      alignment,
      style: { run, paragraph: { indent: { start: indent * (level + 1), hanging: indent } } },
    }));
  const digits = ctx.meta.digits === 'latn' ? LevelFormat.DECIMAL : LevelFormat.HINDI_NUMBERS;
  return [...sink.references].map(([reference, kind]) => ({
    reference,
    levels: kind.kind === 'bullet' ? levels(LevelFormat.BULLET, () => t.list.bullet) : levels(digits, (l) => `%${l + 1}.`, kind.start),
  }));
}
