/**
 * Page geometry and the running header and footer, from the template. Lengths in twips; the
 * logical margins `start`/`end` become right/left in an RTL brief.
 */
import { AlignmentType, BorderStyle, Footer, Header, NumberFormat, PageNumber, Paragraph, TextRun, type IRunOptions, type ISectionPropertiesOptions } from 'docx';
import type { Template } from '../../templates/schema.js';
import { PAGE_SIZES, ptToTwips } from '../../templates/units.js';
import { stringsFor, titleBlock } from '../shared/title-block.js';
import { withDirection } from './direction.js';
import { familyOf, hexOf, type DocxContext } from './state.js';
import { STYLE } from './styles.js';

/** Width of the text column in twips: page width minus the start and end margins. */
export function textWidth(template: Template): number {
  const [width] = PAGE_SIZES[template.page.size];
  return ptToTwips(width - template.page.margins.start - template.page.margins.end);
}

/**
 * Section properties: page size and margins (twips), header/footer distance half the top/bottom
 * margin, page numbers in Arabic-Indic digits when the brief asks for `digits: arab`.
 * (Section-level `w:bidi` is added after packing: docx 9 has no option for it.)
 */
export function sectionProperties(ctx: DocxContext): ISectionPropertiesOptions {
  const { size, margins } = ctx.template.page;
  const [width, height] = PAGE_SIZES[size];
  const rtl = ctx.dir === 'rtl';
  return {
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
      ...(ctx.meta.digits === 'arab' ? { pageNumbers: { formatType: NumberFormat.HINDI_NUMBERS } } : {}),
    },
  };
}

/** A border in a template colour key (`none` → no border), 0.5 pt wide. */
function rule(template: Template, key: string) {
  return key === 'none' ? undefined : { style: BorderStyle.SINGLE, size: 4, space: 4, color: hexOf(template, key) };
}

/** Runs of running text (header/footer) in the `running` role font. */
function runningRun(ctx: DocxContext, options: IRunOptions): TextRun {
  return new TextRun(withDirection('run', ctx.dir, options, { font: familyOf(ctx.template, ctx.template.roles.running), language: ctx.language }));
}

/** Header and footer of the section (absent when the template turns them off). */
export interface RunningParts {
  headers?: { default: Header };
  footers?: { default: Footer };
}

/**
 * The running header (series · number, else the title) with `header.rule` under it, and the footer
 * with "page N of M" (PAGE and NUMPAGES fields, words from `strings`) centred with `footer.rule`
 * above it; each only when the template shows it. Both in the Header/Footer styles (role `running`).
 */
export function headersAndFooters(ctx: DocxContext): RunningParts {
  const t = ctx.template;
  const out: RunningParts = {};
  if (t.header.show) {
    const block = titleBlock(ctx.meta, t);
    const bottom = rule(t, t.header.rule);
    const text = new Paragraph(
      withDirection('paragraph', ctx.dir, { style: STYLE.header, children: [runningRun(ctx, { text: block.kicker ?? block.title })], ...(bottom ? { border: { bottom } } : {}) }),
    );
    out.headers = { default: new Header({ children: [text] }) };
  }
  if (t.footer.pageNumbers) {
    const top = rule(t, t.footer.rule);
    const words = stringsFor(t, ctx.meta.lang);
    const page = new Paragraph(
      withDirection('paragraph', ctx.dir, {
        style: STYLE.footer,
        alignment: AlignmentType.CENTER,
        children: [runningRun(ctx, { children: [`${words.page} `, PageNumber.CURRENT, ` ${words.of} `, PageNumber.TOTAL_PAGES] })],
        ...(top ? { border: { top } } : {}),
      }),
    );
    out.footers = { default: new Footer({ children: [page] }) };
  }
  return out;
}
