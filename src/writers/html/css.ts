/**
 * Template → CSS. Every size, colour, font and margin comes from the template; this file only
 * decides which element a role styles. Lengths stay in pt. Sides are logical (`margin-inline-start`,
 * `text-align: start`) so an LTR brief mirrors itself, except `@page` margins, which CSS only
 * takes as physical sides: there `start` is the right margin of an RTL brief.
 */
import type { Dir } from '../../model/direction.js';
import { colourOf } from '../../templates/load.js';
import type { Role, Template } from '../../templates/schema.js';
import { PAGE_SIZES } from '../../templates/units.js';
import { componentCss } from './components.js';
import type { FontFaceRule } from './fonts.js';

/** Thickness of the cover rule in pt: the template gives its colour only. */
const RULE_WIDTH = 1;

/** What the CSS depends on besides the template. */
export interface CssOptions {
  /** Document direction (decides which physical side the `@page` start margin is). */
  readonly dir: Dir;
  /** Digits of generated numbers: ordered lists count in `decimal` or `arabic-indic`. */
  readonly digits: 'latn' | 'arab';
  /** Font faces to declare (see `fonts.ts`). */
  readonly faces: readonly FontFaceRule[];
}

/** A CSS string literal: quoted, with `"`, `\` and `<` escaped (it sits inside `<style>`). */
export const cssString = (s: string): string => `"${s.replace(/["\\<]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

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
  const coverRule = cover.rule === 'none' ? undefined : colourOf(t, cover.rule);
  return [
    ...options.faces.map((f) =>
      rule('@font-face', [
        `font-family: ${cssString(f.family)}`,
        `src: url(${cssString(f.url)}) format(${cssString(f.format)})`,
        `font-weight: ${f.weight}`,
        'font-style: normal',
        'font-display: block',
      ]),
    ),
    rule('@page', [`size: ${t.page.size}`, `margin: ${top}pt ${right}pt ${bottom}pt ${left}pt`]),
    rule('html', ['print-color-adjust: exact', '-webkit-print-color-adjust: exact']),
    rule('body', [
      ...fontDecls(t, roles.body),
      'box-sizing: border-box',
      `max-width: ${PAGE_SIZES[t.page.size][0]}pt`,
      'margin: 0 auto',
      `padding-block: ${top}pt ${bottom}pt`,
      `padding-inline: ${start}pt ${end}pt`,
    ]),
    '@media print {\n  body {\n    max-width: none;\n    padding: 0;\n  }\n}',
    rule('.title-block', [
      band && `background: ${band}`,
      `padding: ${cover.padding}pt`,
      `margin-block-end: ${cover.spaceAfter}pt`,
      coverRule && `border-block-end: ${RULE_WIDTH}pt solid ${coverRule}`,
    ]),
    rule('.title-block h1', roleDecls(t, roles.title, cover.titleColour)),
    rule('.title-block .subtitle', roleDecls(t, roles.subtitle)),
    rule('.title-block .kicker, .title-block .authors, .title-block .organisation, .title-block .date', roleDecls(t, roles.meta)),
    rule('.title-block > :first-child', ['margin-block-start: 0']),
    rule('.title-block > :last-child', ['margin-block-end: 0']),
    rule('h2', [...roleDecls(t, roles.h2), 'break-after: avoid']),
    rule('h3', [...roleDecls(t, roles.h3), 'break-after: avoid']),
    rule('h4, h5, h6', [...roleDecls(t, roles.h4), 'break-after: avoid']),
    rule('p, blockquote, table', [`margin-block: ${roles.body.spaceBefore}pt ${roles.body.spaceAfter}pt`]),
    rule('main p, main li', [`text-align: ${t.paragraph.align === 'justify' ? 'justify' : 'start'}`, 'orphans: 2', 'widows: 2']),
    rule('ul, ol', [`margin-block: ${roles.body.spaceBefore}pt ${roles.body.spaceAfter}pt`, 'margin-inline: 0', `padding-inline-start: ${list.indent}pt`]),
    rule('ul', [`list-style-type: ${cssString(`${list.bullet} `)}`]),
    rule('ol', [`list-style-type: ${options.digits === 'arab' ? 'arabic-indic' : 'decimal'}`]),
    rule('li', [`margin-block: 0 ${list.itemSpacing}pt`]),
    rule('li::marker', [`color: ${colourOf(t, list.bulletColour)}`]),
    rule('li > ul, li > ol', [`margin-block: ${list.itemSpacing}pt 0`]),
    rule('blockquote', ['margin-inline: 0', `padding-inline-start: ${list.indent}pt`]),
    rule('th, td', ['text-align: start', 'vertical-align: top']),
    rule('a', ['color: inherit']),
    rule('.sr-only', ['position: absolute', 'width: 1px', 'height: 1px', 'overflow: hidden', 'clip: rect(0 0 0 0)', 'white-space: nowrap']),
  ].join('\n') + '\n' + componentCss(t);
}
