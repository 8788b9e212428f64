/**
 * DOCX for the policy-brief components: boxes (`component` nodes) as one-cell tables, numbered
 * figures (ImageRun + caption) and real Word footnotes (the table of contents is in toc.ts). Looks come from Word styles made from the template (`componentStyles` in styles.ts): sizes in
 * half-points, lengths in twips, borders in eighths of a point.
 */
import {
  AlignmentType,
  BorderStyle,
  Bookmark,
  ImageRun,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  WidthType,
  type FileChild,
  type IBorderOptions,
  type ITableCellBorders,
} from 'docx';
import type { Dir } from '../../model/direction.js';
import type { Component, Figure } from '../../model/mdast.js';
import { fallbackPng } from '../shared/rasterise.js';
import type { BoxStyle, Template } from '../../templates/schema.js';
import { ptToEighths, ptToTwips } from '../../templates/units.js';
import { settingsOf } from '../../templates/settings.js';
import { boxStyle, componentTitle, figureCaption, figureMaxHeight, figureSize, footnotesOf, recommendationsBlocks } from '../shared/components.js';
import { withDirection } from './direction.js';
import { phrasing } from './handlers/inline.js';
import { familyOf, hexOf, type DocxContext } from './state.js';
import { componentStyleId, componentTitleStyleId, PICTURE_LINE, STYLE } from './styles.js';
import { spacerHeights } from './spacing.js';
import type { Root } from 'mdast';

/** Cell borders of a box: the sides its `borders` names (`start` = right in an RTL box), width in eighths of a point. */
function boxBorders(t: Template, style: BoxStyle): ITableCellBorders {
  const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const on = style.border !== 'none' && style.borders !== 'none' && style.borderWidth > 0;
  const line: IBorderOptions = on ? { style: BorderStyle.SINGLE, size: ptToEighths(style.borderWidth), color: hexOf(t, style.border) } : none;
  const b = style.borders;
  return {
    top: b === 'all' || b === 'top' || b === 'topBottom' ? line : none,
    bottom: b === 'all' || b === 'topBottom' ? line : none,
    start: b === 'all' || b === 'start' ? line : none,
    end: b === 'all' ? line : none,
  };
}

/**
 * A box: one-cell table across the column (columns in reading order: `w:bidiVisual` when RTL),
 * shaded with the component's background, bordered on its sides, padded by `padding` (pt; 2 pt
 * less below by default, as the PDF's box, pdf/components.ts).
 */
export function box(t: Template, style: BoxStyle, dir: Dir, children: FileChild[], padBottom = Math.max(0, style.padding - 2)): Table {
  const pad = ptToTwips(style.padding);
  const width = ptToTwips(settingsOf(t).textWidth);
  const cell = new TableCell({
    children: (children.length ? children : [new Paragraph({})]) as (Paragraph | Table)[],
    width: { size: width, type: WidthType.DXA },
    margins: { top: pad, bottom: ptToTwips(padBottom), left: pad, right: pad },
    borders: boxBorders(t, style),
    ...(style.background === 'none' ? {} : { shading: { type: ShadingType.CLEAR, fill: hexOf(t, style.background), color: 'auto' } }),
  });
  return new Table({
    rows: [new TableRow({ children: [cell], cantSplit: false })],
    width: { size: width, type: WidthType.DXA },
    columnWidths: [width],
    visuallyRightToLeft: dir === 'rtl',
    borders: { top: { style: BorderStyle.NONE, size: 0, color: 'auto' }, bottom: { style: BorderStyle.NONE, size: 0, color: 'auto' }, left: { style: BorderStyle.NONE, size: 0, color: 'auto' }, right: { style: BorderStyle.NONE, size: 0, color: 'auto' }, insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'auto' }, insideVertical: { style: BorderStyle.NONE, size: 0, color: 'auto' } },
  });
}

/**
 * An empty paragraph of `pt` points' height (at least 1 pt): space around boxes and tables (Word
 * has no table margins) and above figures; `keepNext` keeps it on the page of what follows.
 */
export function spacer(pt: number, dir: Dir, keepNext = false): Paragraph {
  return new Paragraph(withDirection('paragraph', dir, { spacing: { before: 0, after: 0, line: Math.max(20, ptToTwips(pt)), lineRule: 'exact' }, ...(keepNext ? { keepNext: true } : {}) }));
}

/**
 * A table between the spacers its space and its neighbours' leave ({@link spacerHeights}), none
 * where nothing is left.
 */
export function framed(ctx: DocxContext, before: number, after: number, table: Table): FileChild[] {
  const { above, below } = spacerHeights(ctx, before, after);
  return [...(above > 0 ? [spacer(above, ctx.dir)] : []), table, ...(below > 0 ? [spacer(below, ctx.dir)] : [])];
}

/**
 * `component` → a spacer, the box (title paragraph in the component's title style, its blocks in
 * its text style; lists in recommendations numbered), a spacer.
 */
export function component(node: Component, ctx: DocxContext): FileChild[] {
  const t = ctx.template;
  const style = boxStyle(t, node.name);
  const dir = node.data?.dir ?? ctx.dir;
  const inner: DocxContext = { ...ctx, dir, style: componentStyleId(node.name), listStyle: componentStyleId(node.name), role: t.roles[style.role], numbering: undefined, indent: 0 };
  const title = componentTitle(node, t, ctx.meta.lang);
  const children: FileChild[] = [];
  if (title) {
    const runs = phrasing(title, { dir, font: familyOf(t, t.roles.boxTitle), language: ctx.language, lang: node.data?.lang, unknown: (n) => ctx.unknowns.add(n) });
    children.push(new Paragraph(withDirection('paragraph', dir, { style: componentTitleStyleId(node.name), children: runs })));
  }
  children.push(...ctx.all(recommendationsBlocks(node), inner));
  return framed(ctx, style.spaceBefore, style.spaceAfter, box(t, style, dir, children));
}

/**
 * `figure` → a centred paragraph with the image (PNG/JPEG embedded, px at 96 dpi = pt / 0.75,
 * aspect kept, at most the column wide and no taller than a page holds with its caption,
 * {@link figureMaxHeight}), kept with its caption paragraph "شكل 1: …". The bytes are the
 * ones the parser read and checked.
 */
export function figure(node: Figure, ctx: DocxContext): Paragraph[] {
  const t = ctx.template;
  const column = settingsOf(t).textWidth;
  const { label, text } = figureCaption(node, t, ctx.meta.lang, ctx.meta.digits);
  const { width, height } = figureSize(node, t, column, figureMaxHeight(t, column, text));
  const dir = node.data?.dir ?? ctx.dir;
  const common = {
    transformation: { width: Math.round(width / 0.75), height: Math.round(height / 0.75) },
    altText: { name: `figure-${node.number}`, description: node.alt || node.caption, title: node.caption },
  };
  // an SVG goes in as Word 2016 writes one: the SVG part (asvg:svgBlip) with a PNG fallback
  const image = new ImageRun(node.format === 'svg' ? { type: 'svg', data: node.bytes, fallback: { type: 'png', data: fallbackPng(node) }, ...common } : { type: node.format, data: node.bytes, ...common });
  const caption = phrasing([{ type: 'strong', children: [{ type: 'text', value: label }] }, { type: 'text', value: text.slice(label.length) }], {
    dir,
    font: familyOf(t, t.roles.caption),
    language: ctx.language,
  });
  return [
    spacer(t.roles.caption.spaceBefore, dir, true),
    new Paragraph(withDirection('paragraph', dir, { alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: 0, after: 0, ...PICTURE_LINE }, children: [image] })),
    // a labelled figure: its caption is the bookmark its cross-references go to
    new Paragraph(withDirection('paragraph', dir, { style: STYLE.caption, children: node.data?.id ? [new Bookmark({ id: node.data.id, children: caption })] : caption })),
  ];
}

/**
 * The brief's footnotes for docx's `footnotes` option: id = note number (as the references'
 * `FootnoteReferenceRun`s use), content = the definition's blocks in the `footnotes` component's
 * text style, each paragraph in its own direction.
 */
export function footnotes(tree: Root, ctx: DocxContext): Record<string, { children: Paragraph[] }> {
  const t = ctx.template;
  const style = boxStyle(t, 'footnotes');
  const inner: DocxContext = { ...ctx, style: componentStyleId('footnotes'), listStyle: componentStyleId('footnotes'), role: t.roles[style.role], numbering: undefined, indent: 0 };
  const out: Record<string, { children: Paragraph[] }> = {};
  for (const def of footnotesOf(tree)) {
    const paras = ctx.all(def.children, inner).filter((c): c is Paragraph => c instanceof Paragraph);
    out[String(def.data!.number)] = { children: paras };
  }
  return out;
}
