/**
 * Page geometry and the running header and footer, from the template. Lengths in twips; the
 * logical margins `start`/`end` become right/left in an RTL brief.
 */
import {
  AlignmentType,
  BorderStyle,
  Footer,
  Header,
  ImageRun,
  NumberFormat,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
  type ISectionPropertiesOptions,
} from 'docx';
import type { Template, TemplateLogo } from '../../templates/schema.js';
import { ptToEighths, ptToTwips } from '../../templates/units.js';
import { settingsOf, wordsFor, type LineLook } from '../../templates/settings.js';
import { titleBlock } from '../shared/title-block.js';
import { withDirection } from './direction.js';
import { familyOf, hexOf, type DocxContext } from './state.js';
import { PICTURE_LINE, STYLE } from './styles.js';

/** Width of the text column in twips: page width minus the start and end margins. */
export function textWidth(template: Template): number {
  return ptToTwips(settingsOf(template).textWidth);
}

/**
 * Section properties: page size and margins (twips), header/footer distance half the top/bottom
 * margin. With `arab`/`arabext` digits, page and footnote numbers are `hindiNumbers` (ECMA-376
 * ST_NumberFormat; OOXML has no separate Persian format, Word picks the digit shapes by the run
 * language). LibreOffice reads `hindiNumbers` as decimal (its `ConvertNumberingType` does not map it),
 * so there they print 0-9.
 * (Section-level `w:bidi` is added after packing: docx 9 has no option for it.)
 */
export function sectionProperties(ctx: DocxContext): ISectionPropertiesOptions {
  const { margins } = ctx.template.page;
  const { pageWidth: width, pageHeight: height } = settingsOf(ctx.template);
  const rtl = ctx.dir === 'rtl';
  return {
    // Page 1 has its own header (empty): the running header starts on page 2, as in the PDF.
    ...(ctx.template.header.show ? { titlePage: true } : {}),
    page: {
      size: { width: ptToTwips(width), height: ptToTwips(height) },
      margin: {
        top: ptToTwips(margins.top),
        bottom: ptToTwips(margins.bottom),
        right: ptToTwips(rtl ? margins.start : margins.end),
        left: ptToTwips(rtl ? margins.end : margins.start),
        header: ptToTwips(margins.top / 2),
        footer: ptToTwips(margins.bottom / 2),
        gutter: 0,
      },
      ...(ctx.meta.digits === 'latn' ? {} : { pageNumbers: { formatType: NumberFormat.HINDI_NUMBERS } }),
    },
    ...(ctx.meta.digits === 'latn' ? {} : { footnoteProperties: { numberFormat: { type: NumberFormat.HINDI_NUMBERS } } }),
  };
}

/** A paragraph border drawing a rule of the settings' looks (none when the template has none). */
function rule(template: Template, look: LineLook | undefined) {
  return look?.width.docx === undefined ? undefined : { style: BorderStyle.SINGLE, size: ptToEighths(look.width.docx), space: 4, color: hexOf(template, look.colour.docx) };
}

/** Runs of running text (header/footer) in the `running` role font. */
function runningRun(ctx: DocxContext, options: IRunOptions): TextRun {
  return new TextRun(withDirection('run', ctx.dir, options, { font: familyOf(ctx.template, ctx.template.roles.running), language: ctx.language }));
}

/** Header and footer of the section (absent when the template turns them off). */
export interface RunningParts {
  headers?: { default: Header; first?: Header };
  footers?: { default: Footer; first?: Footer };
}

/**
 * The running header (series · number, else the title) with `header.rule` under it, and the footer
 * with "page N of M" (PAGE and NUMPAGES fields, words from `strings`) centred with `footer.rule`
 * above it; each only when the template shows it. Both in the Header/Footer styles (role `running`).
 * With `logo` (the template's `header.logo`) the header is a row of text and logo ({@link logoTable}).
 * Page 1 (the title block's page) gets an empty header, as in the PDF and the printed HTML.
 */
export function headersAndFooters(ctx: DocxContext, logo?: TemplateLogo): RunningParts {
  const t = ctx.template;
  const out: RunningParts = {};
  if (t.header.show) {
    const block = titleBlock(ctx.meta, t);
    const bottom = rule(t, settingsOf(t).looks.headerRule);
    const run = runningRun(ctx, { text: block.kicker ?? block.title });
    const content = logo
      ? [logoTable(ctx, run, logo)]
      : [new Paragraph(withDirection('paragraph', ctx.dir, { style: STYLE.header, children: [run], ...(bottom ? { border: { bottom } } : {}) }))];
    out.headers = { default: new Header({ children: content }), first: new Header({ children: [new Paragraph({ style: STYLE.header })] }) };
  }
  if (t.footer.pageNumbers) {
    const top = rule(t, settingsOf(t).looks.footerRule);
    const words = wordsFor(settingsOf(t), ctx.meta.lang);
    const page = (): Paragraph =>
      new Paragraph(
        withDirection('paragraph', ctx.dir, {
          style: STYLE.footer,
          alignment: AlignmentType.CENTER,
          children: [runningRun(ctx, { children: [`${words.page} `, PageNumber.CURRENT, ` ${words.of} `, PageNumber.TOTAL_PAGES] })],
          ...(top ? { border: { top } } : {}),
        }),
      );
    out.footers = { default: new Footer({ children: [page()] }) };
    if (t.header.show) out.footers.first = new Footer({ children: [page()] }); // the title page's footer (titlePage is on)
  }
  return out;
}

/**
 * The header line with the template's logo: a borderless one-row table across the text column,
 * the text in the start cell and the logo (ImageRun, `header.logoHeight` pt tall, aspect kept) in
 * the end cell, both on the bottom line; `header.rule` under the row. Cells in reading order
 * (`w:bidiVisual` when RTL), so the logo is on the left of an Arabic brief.
 */
function logoTable(ctx: DocxContext, run: TextRun, logo: TemplateLogo): Table {
  const t = ctx.template;
  const width = textWidth(t);
  const logoWidth = Math.ceil(ptToTwips(logo.widthPt + 4));
  const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const bottom = rule(t, settingsOf(t).looks.headerRule) ?? none;
  const borders = { top: none, bottom, left: none, right: none };
  const cell = (children: Paragraph[], w: number) =>
    new TableCell({ children, width: { size: w, type: WidthType.DXA }, verticalAlign: VerticalAlign.BOTTOM, margins: { top: 0, bottom: ptToTwips(3), left: 0, right: 0 }, borders });
  const text = new Paragraph(withDirection('paragraph', ctx.dir, { style: STYLE.header, spacing: { before: 0, after: 0 }, children: [run] }));
  const image = new ImageRun({
    type: logo.format,
    data: logo.bytes,
    // docx takes pixels at 96 dpi: pt / 0.75
    transformation: { width: Math.round(logo.widthPt / 0.75), height: Math.round(logo.heightPt / 0.75) },
    altText: { name: 'logo', description: 'logo', title: 'logo' },
  });
  const picture = new Paragraph(withDirection('paragraph', ctx.dir, { style: STYLE.header, alignment: AlignmentType.END, spacing: { before: 0, after: 0, ...PICTURE_LINE }, children: [image] }));
  return new Table({
    rows: [new TableRow({ children: [cell([text], width - logoWidth), cell([picture], logoWidth)] })],
    width: { size: width, type: WidthType.DXA },
    columnWidths: [width - logoWidth, logoWidth],
    visuallyRightToLeft: ctx.dir === 'rtl',
    borders: { top: none, bottom, left: none, right: none, insideHorizontal: none, insideVertical: none },
  });
}
