/**
 * Template → CSS. Every size, colour, font and margin comes from the template; this file only
 * decides which element a role styles. Lengths stay in pt. Sides are logical (`margin-inline-start`,
 * `text-align: start`) so an LTR brief mirrors itself, except `@page` margins, which CSS only
 * takes as physical sides: there `start` is the right margin of an RTL brief. The components'
 * rules (`componentCss`, from `template.components`, `template.table` and `template.figure`) close it.
 */
import type { Digits } from '../../model/front-matter.js';
import type { Dir } from '../../model/direction.js';
import { colourOf } from '../../templates/load.js';
import type { SahifaDocument } from '../../model/document.js';
import { mimeOf } from '../../model/images.js';
import type { BoxStyle, LoadedTemplate, Role, Template } from '../../templates/schema.js';
import { HEADING_ROLES, headingRole, settingsOf, wordsFor, type LineLook } from '../../templates/settings.js';
import { documentTitle, titleBlock } from '../shared/title-block.js';
import type { FontFaceRule } from './fonts.js';

/** What the CSS depends on besides the template. */
export interface CssOptions {
  /** Document direction (decides which physical side the `@page` start margin is). */
  readonly dir: Dir;
  /** Digits of generated numbers: ordered lists count in `decimal` or `arabic-indic`. */
  readonly digits: Digits;
  /** Font faces to declare (see `fonts.ts`). */
  readonly faces: readonly FontFaceRule[];
  /**
   * Font families of list markers, when the marker takes another font of the body's stack than
   * its first (`shared/list-marker.ts`: a Hebrew brief's bullet is the Hebrew face's, as in the PDF).
   */
  readonly markerFamilies?: readonly string[] | undefined;
  /** What the printed pages show in their margins (see {@link pageFurniture}); absent: nothing. */
  readonly furniture?: PageFurniture | undefined;
}

/** The running header and footer of the printed page: texts and the logo, from the template. */
export interface PageFurniture {
  /** Running header text (series · number, else the title), when `header.show`. */
  readonly header?: string | undefined;
  /** The logo as a data URL with its size in pt, when `header.show` and `header.logo`. */
  readonly logo?: { readonly url: string; readonly widthPt: number; readonly heightPt: number } | undefined;
  /** The words around the page numbers ("صفحة", "من"), when `footer.pageNumbers`. */
  readonly pageNumbers?: { readonly page: string; readonly of: string } | undefined;
}

/**
 * The page furniture of a brief: running header from page 2 (as in the PDF and DOCX), the logo at
 * its end side, "صفحة X من Y" in the footer. The logo goes into the CSS as a data URL, so the page
 * needs no extra file for it (the page's Content-Security-Policy allows `data:` images).
 */
export function pageFurniture(loaded: LoadedTemplate, doc: SahifaDocument): PageFurniture {
  const t = loaded.template;
  const words = wordsFor(loaded.settings, doc.meta.lang);
  const logo = loaded.logo;
  return {
    header: t.header.show ? (titleBlock(doc.meta, t).kicker ?? documentTitle(doc)) : undefined,
    logo: t.header.show && logo ? { url: `data:${mimeOf(logo.format)};base64,${Buffer.from(logo.bytes).toString('base64')}`, widthPt: round(logo.widthPt), heightPt: logo.heightPt } : undefined,
    pageNumbers: t.footer.pageNumbers ? { page: words.page, of: words.of } : undefined,
  };
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** The CSS counter style of each digit system (CSS Counter Styles 3, predefined styles). */
const COUNTER_STYLE: Readonly<Record<Digits, string>> = { latn: 'decimal', arab: 'arabic-indic', arabext: 'persian' };

/**
 * `@page` margin boxes (Chromium prints them; screens ignore `@page`): the running header text in
 * the start-side top box with `header.rule` under it, the logo as the end-side box's background
 * (`content: url()` would show it at its natural size), and the page numbers centred at the
 * bottom (`counter(page)`/`counter(pages)`, in the brief's digits). Page 1 keeps only the footer.
 */
function marginBoxes(t: Template, options: CssOptions): string[] {
  const f = options.furniture;
  if (!f) return [];
  const [startBox, endBox] = options.dir === 'rtl' ? ['@top-right', '@top-left'] : ['@top-left', '@top-right'];
  const running = fontDecls(t, t.roles.running);
  const headerRule = settingsOf(t).looks.headerRule;
  const ruleLine = headerRule?.width.html === undefined ? undefined : `border-bottom: ${headerRule.width.html}pt solid ${headerRule.colour.html}`;
  const counter = (name: string): string => `counter(${name}${options.digits === 'latn' ? '' : `, ${COUNTER_STYLE[options.digits]}`})`;
  const boxes: string[] = [];
  if (f.header !== undefined) {
    boxes.push(rule(startBox, [`content: ${cssString(f.header)}`, ...running, 'vertical-align: bottom', `text-align: ${options.dir === 'rtl' ? 'right' : 'left'}`, `direction: ${options.dir}`, 'padding-bottom: 3pt', ruleLine]));
  }
  if (f.header !== undefined && f.logo) {
    const side = options.dir === 'rtl' ? 'left' : 'right';
    boxes.push(rule(endBox, [
      'content: ""',
      `width: ${round(f.logo.widthPt + 8)}pt`,
      `height: ${round(f.logo.heightPt + 3)}pt`,
      'vertical-align: bottom',
      `background: url(${cssString(f.logo.url)}) no-repeat ${side} top / ${f.logo.widthPt}pt ${f.logo.heightPt}pt`,
      ruleLine,
    ]));
  }
  if (f.pageNumbers) {
    boxes.push(rule('@bottom-center', [`content: ${cssString(`${f.pageNumbers.page} `)} ${counter('page')} ${cssString(` ${f.pageNumbers.of} `)} ${counter('pages')}`, ...running, `direction: ${options.dir}`]));
  }
  if (!boxes.length) return [];
  const first = f.header !== undefined ? [`@page :first {
${rule(startBox, ['content: none', 'border: none'])}
${rule(endBox, ['content: none', 'background: none', 'border: none'])}
}`] : [];
  return [`@page {
${boxes.join('\n')}
}`, ...first];
}

/**
 * A CSS string literal: quoted, with every character that could end the string or the `<style>`
 * element escaped as a hex escape (`\a `, `\22 `, `\5c `…): quotes, backslashes, `<` and `>`,
 * newlines and other control characters (an unescaped newline ends a CSS string, so a title
 * could write its own rules), U+2028/U+2029. NUL, which CSS replaces anyway, becomes U+FFFD.
 * Values from front matter and templates (running header, fonts, bullet) all pass through here.
 */
export const cssString = (s: string): string =>
  `"${s.replace(/[\u0000-\u001f\u007f"'\\<>\u2028\u2029]/g, (c) => `\\${(c === '\u0000' ? 0xfffd : c.charCodeAt(0)).toString(16)} `)}"`;

/** A rule from a selector and declarations (`undefined` declarations are left out). */
function rule(selector: string, decls: ReadonlyArray<string | undefined>): string {
  return `${selector} {\n${decls.filter((d) => d !== undefined).map((d) => `  ${d};`).join('\n')}\n}`;
}

/** Declarations of a text role: font, size (pt), unitless line height, weight, colour, block margins (pt). */
function roleDecls(t: Template, role: Role, colour = role.colour): string[] {
  return [...fontDecls(t, role, colour), `margin-block: ${role.spaceBefore}pt ${role.spaceAfter}pt`];
}

/** {@link roleDecls} without the margins. */
function fontDecls(t: Template, role: Role, colour = role.colour): string[] {
  return [
    `font-family: ${[role.font, ...role.fallback].map((key) => cssString(t.fonts[key]!.family)).join(', ')}`,
    `font-size: ${role.size}pt`,
    `line-height: ${role.lineHeight}`,
    `font-weight: ${role.bold ? 700 : 400}`,
    `color: ${colourOf(t, colour)}`,
  ];
}

/**
 * The page's style sheet.
 *
 * @returns CSS text; deterministic for a given template and options
 */
export function templateCss(t: Template, options: CssOptions): string {
  const { top, bottom, start, end } = t.page.margins;
  const [right, left] = options.dir === 'rtl' ? [start, end] : [end, start];
  const { roles, cover, list } = t;
  const band = cover.band === 'none' ? undefined : colourOf(t, cover.band);
  const { looks } = settingsOf(t);
  const coverRule = looks.coverRule?.width.html === undefined ? undefined : `${looks.coverRule.width.html}pt solid ${looks.coverRule.colour.html}`;
  return [
    ...options.faces.map((f) =>
      rule('@font-face', [
        `font-family: ${cssString(f.family)}`,
        `src: url(${cssString(f.url)}) format(${cssString(f.format)})`,
        `font-weight: ${f.weight}`,
        `font-style: ${f.style}`,
        f.unicodeRange && `unicode-range: ${f.unicodeRange}`,
        'font-display: block',
      ]),
    ),
    rule('@page', [`size: ${t.page.size}`, `margin: ${top}pt ${right}pt ${bottom}pt ${left}pt`]),
    ...marginBoxes(t, options),
    rule('html', ['print-color-adjust: exact', '-webkit-print-color-adjust: exact']),
    rule('body', [
      ...fontDecls(t, roles.body),
      'box-sizing: border-box',
      `max-width: ${settingsOf(t).pageWidth}pt`,
      'margin: 0 auto',
      `padding-block: ${top}pt ${bottom}pt`,
      `padding-inline: ${start}pt ${end}pt`,
    ]),
    '@media print {\n  body {\n    max-width: none;\n    padding: 0;\n  }\n}',
    rule('.title-block', [
      band && `background: ${band}`,
      `padding: ${cover.padding}pt`,
      `margin-block-end: ${cover.spaceAfter}pt`,
      coverRule && `border-block-end: ${coverRule}`,
    ]),
    rule('.title-block h1', roleDecls(t, roles.title, cover.titleColour)),
    rule('.title-block .subtitle', roleDecls(t, roles.subtitle)),
    rule('.title-block .kicker, .title-block .author, .title-block .organisation, .title-block .date', roleDecls(t, roles.meta)),
    rule('.title-block > :first-child', ['margin-block-start: 0']),
    rule('.title-block > :last-child', ['margin-block-end: 0']),
    ...headingCss(t),
    rule('p, blockquote, table', [`margin-block: ${roles.body.spaceBefore}pt ${roles.body.spaceAfter}pt`]),
    rule('main p, main li', [`text-align: ${t.paragraph.align === 'justify' ? 'justify' : 'start'}`, 'orphans: 2', 'widows: 2']),
    rule('ul, ol', [`margin-block: ${roles.body.spaceBefore}pt ${roles.body.spaceAfter}pt`, 'margin-inline: 0', `padding-inline-start: ${list.indent}pt`]),
    rule('ul', [`list-style-type: ${cssString(`${list.bullet} `)}`]),
    rule('ol', [`list-style-type: ${COUNTER_STYLE[options.digits]}`]),
    rule('li', [`margin-block: 0 ${list.itemSpacing}pt`]),
    rule('li::marker', [`color: ${colourOf(t, list.bulletColour)}`, ...(options.markerFamilies?.length ? [`font-family: ${options.markerFamilies.map(cssString).join(', ')}`] : [])]),
    rule('section.footnotes li::marker', ['font-family: inherit']),
    rule('li > ul, li > ol', [`margin-block: ${list.itemSpacing}pt 0`]),
    // An item in the other direction from its list (an Arabic item of an English list): its marker
    // goes on its own start side, which is outside the list's indent; the indent moves with it, so
    // the marker stays on the page (Chromium drew it past the margin, and print then shifted the
    // whole page to fit it).
    rule(':is(ul, ol):dir(ltr) > li:dir(rtl), :is(ul, ol):dir(rtl) > li:dir(ltr)', [`margin-inline: ${list.indent}pt -${list.indent}pt`]),
    rule('blockquote', [
      'margin-inline: 0',
      `padding-inline-start: ${looks.blockquote.indent.html}pt`,
      ...(looks.blockquote.rule.width.html ? [`border-inline-start: ${looks.blockquote.rule.width.html}pt solid ${looks.blockquote.rule.colour.html}`] : []),
    ]),
    // `---` as the PDF draws it (the browser's own hr: a 2 px inset border, 0.5em margins)
    rule('hr', ['border: 0', `border-block-start: ${looks.thematicBreak.width.html}pt solid ${looks.thematicBreak.colour.html}`, `margin-block: ${looks.thematicBreak.margin.before}pt ${looks.thematicBreak.margin.after}pt`]),
    rule('th, td', ['text-align: start', 'vertical-align: top']),
    ...codeCss(t),
    rule('a', ['color: inherit']),
    rule('.sr-only', ['position: absolute', 'width: 1px', 'height: 1px', 'overflow: hidden', 'clip: rect(0 0 0 0)', 'white-space: nowrap']),
  ].join('\n') + '\n' + componentCss(t);
}

/**
 * Code in the `code` role: a code block (`pre`) in the role, inline code in the role's font stack
 * at the code scale of the text around it (`em`, as the PDF scales it), so an explicit family and
 * size replace the browser's `monospace` and its 13px default.
 */
function codeCss(t: Template): string[] {
  const scale = Math.round(settingsOf(t).code.scale * 10000) / 10000;
  return [
    rule('code, kbd, samp, tt', [`font-family: ${[t.roles.code.font, ...t.roles.code.fallback].map((key) => cssString(t.fonts[key]!.family)).join(', ')}`, `font-size: ${scale}em`]),
    rule('pre', roleDecls(t, t.roles.code)),
    rule('pre code, pre kbd, pre samp, pre tt', ['font-size: inherit']),
  ];
}

/**
 * `h1`…`h6` styled by the role of their heading (settings' `headingRoles`): the heading handler
 * writes a heading of depth d as `h{d}`. The title block's `h1` keeps its own, more specific rule
 * (`.title-block h1`).
 */
function headingCss(t: Template): string[] {
  const settings = settingsOf(t);
  return HEADING_ROLES.map((role) => {
    const tags = [1, 2, 3, 4, 5, 6].filter((level) => headingRole(settings, level) === role).map((level) => `h${level}`);
    return rule(tags.join(', '), [...roleDecls(t, t.roles[role]), 'break-after: avoid']);
  });
}

/** Border declarations of a box: which sides (logical) and how. */
function borders(t: Template, box: BoxStyle): string[] {
  if (box.border === 'none' || box.borders === 'none' || box.borderWidth === 0) return [];
  const line = `${box.borderWidth}pt solid ${colourOf(t, box.border)}`;
  switch (box.borders) {
    case 'all':
      return [`border: ${line}`];
    case 'start':
      return [`border-inline-start: ${line}`];
    case 'top':
      return [`border-block-start: ${line}`];
    case 'topBottom':
      return [`border-block: ${line}`];
  }
}

/**
 * CSS of the components, figures, tables, table of contents and footnotes, from the template.
 * Sides are logical (`border-inline-start`), so an LTR block mirrors its box.
 */
export function componentCss(t: Template): string {
  const { table } = settingsOf(t).looks;
  const line = (look: LineLook): string => `${look.width.html}pt solid ${look.colour.html}`;
  const out: string[] = [];
  for (const [name, box] of Object.entries(t.components)) {
    const role = t.roles[box.role];
    const sel = name === 'footnotes' ? 'section.footnotes' : `.box-${name}`;
    out.push(
      rule(sel, [
        box.background === 'none' ? undefined : `background: ${colourOf(t, box.background)}`,
        ...borders(t, box),
        `padding: ${box.padding}pt`,
        `margin-block: ${box.spaceBefore}pt ${box.spaceAfter}pt`,
        'break-inside: avoid',
      ]),
      rule(`${sel} p, ${sel} li`, [...fontDecls(t, role, box.textColour ?? role.colour), `margin-block: ${role.spaceBefore}pt ${role.spaceAfter}pt`]),
      rule(`${sel} > .box-title, ${sel} > #footnote-label`, [...fontDecls(t, t.roles.boxTitle, box.titleColour), `margin-block: 0 ${t.roles.boxTitle.spaceAfter}pt`]),
      rule(`${sel} > :last-child`, ['margin-block-end: 0']),
    );
  }
  out.push(
    rule('.box ul, .box ol', ['margin-block: 0']),
    rule('.toc-list', ['list-style: none', 'padding-inline-start: 0', 'margin: 0']),
    // entries indented by their level below the outline's shallowest (`toc-indent-N`, N ≤ 2: TOC_DEPTH 3)
    rule('.toc-list li.toc-indent-1', [`padding-inline-start: ${t.list.indent}pt`]),
    rule('.toc-list li.toc-indent-2', [`padding-inline-start: ${2 * t.list.indent}pt`]),
    rule('.toc-list a', ['text-decoration: none']),
    rule('figure.figure', ['margin-inline: 0', `margin-block: ${t.roles.caption.spaceBefore}pt ${t.roles.caption.spaceAfter}pt`, 'text-align: center', 'break-inside: avoid']),
    rule('figure.figure img', ['max-width: 100%', 'height: auto', 'display: block', 'margin-inline: auto']),
    rule('figcaption', [...fontDecls(t, t.roles.caption), `margin-block: ${t.roles.caption.spaceBefore}pt 0`]),
    rule('.figure-label', ['font-weight: 700']),
    rule('table', ['width: 100%', 'border-collapse: collapse']),
    rule('th, td', [`padding: ${t.table.padding}pt`, `border-block-end: ${line(table.inner)}`]),
    rule('thead th', [
      t.table.headerBackground === 'none' ? undefined : `background: ${colourOf(t, t.table.headerBackground)}`,
      `color: ${colourOf(t, t.table.headerColour)}`,
      `border-block: ${line(table.outer)}`,
    ]),
    rule('thead', ['display: table-header-group']),
    rule('tr', ['break-inside: avoid']),
    rule('th[align="center"], td[align="center"]', ['text-align: center']),
    rule('th[align="left"], td[align="left"]', ['text-align: left']),
    rule('th[align="right"], td[align="right"]', ['text-align: right']),
    rule('sup a', ['text-decoration: none']),
    // footnote marks raised and sized as the PDF draws them (pdfmake's sup: 0.58 of the text size,
    // baseline raised 0.75 of its own size), instead of a browser's 'smaller' and 'super'
    rule('sup', ['font-size: 0.58em', 'vertical-align: 0.75em', 'line-height: 0']),
    rule('section.footnotes ol', [`padding-inline-start: ${t.list.indent}pt`, 'margin: 0']),
  );
  return out.join('\n') + '\n';
}
