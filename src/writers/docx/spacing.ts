/**
 * Vertical space between sibling blocks, as the PDF sets it (pdf/blocks.ts `collapseMargins`, CSS 2
 * §8.3.1): the larger of the first block's space below and the second's space above. Word and
 * LibreOffice collapse a paragraph's space after with the next paragraph's space before the same
 * way (ISO/IEC 29500-1 §17.3.1.33), but a table has no margins: boxes, tables and blockquotes are
 * framed by spacer paragraphs, whose heights are what the collapsed space leaves them. Lengths in pt.
 */
import type { Nodes } from 'mdast';
import { settingsOf, headingRole } from '../../templates/settings.js';
import { boxStyle } from '../shared/components.js';
import type { DocxContext } from './state.js';

/** A block's space above and below (pt), and whether spacer paragraphs draw it (a table) rather than the paragraph's own spacing. */
export interface BlockSpace {
  readonly before: number;
  readonly after: number;
  readonly spacers: boolean;
}

/**
 * The space of a block as the PDF gives it: a paragraph its role's, a code block the code role's, a heading its
 * heading role's, a list the body's space above and max(`list.itemSpacing`, the body's space
 * after) below (pdf/handlers/list.ts), a box its component's, a table, blockquote or rule the
 * settings' looks; undefined for a block the PDF sets without margins (a figure).
 */
export function blockSpace(node: Nodes, ctx: DocxContext): BlockSpace | undefined {
  const t = ctx.template;
  const settings = settingsOf(t);
  const body = t.roles.body;
  switch (node.type) {
    case 'paragraph': {
      const role = ctx.role ?? body;
      return { before: role.spaceBefore, after: role.spaceAfter, spacers: false };
    }
    case 'code':
      return { before: t.roles.code.spaceBefore, after: t.roles.code.spaceAfter, spacers: false };
    case 'heading': {
      const role = t.roles[headingRole(settings, node.depth)];
      return { before: role.spaceBefore, after: role.spaceAfter, spacers: false };
    }
    case 'list':
      return { before: body.spaceBefore, after: Math.max(t.list.itemSpacing, body.spaceAfter), spacers: false };
    case 'component': {
      const style = boxStyle(t, node.name);
      return { before: style.spaceBefore, after: style.spaceAfter, spacers: true };
    }
    case 'toc': {
      const style = boxStyle(t, 'toc');
      return { before: style.spaceBefore, after: style.spaceAfter, spacers: true };
    }
    case 'table':
      return { ...settings.looks.table.margin, spacers: true };
    case 'blockquote':
      return { ...settings.looks.blockquote.margin, spacers: true };
    case 'thematicBreak':
      return { ...settings.looks.thematicBreak.margin, spacers: false };
    default:
      return undefined;
  }
}

/**
 * Heights (pt) of the spacers above and below a block framed by spacers (`before`, `after` its own
 * space), so that with its neighbours' paragraph spacing each gap is the larger of the two
 * spaces: above, what the previous paragraph's space after leaves (all of it after another framed
 * block, whose spacer below leaves this one's share); below, what the next block's space before
 * leaves. 0 means no spacer.
 */
export function spacerHeights(ctx: DocxContext, before: number, after: number): { above: number; below: number } {
  const prev = ctx.gap?.prev;
  const next = ctx.gap?.next;
  return {
    above: Math.max(0, before - (prev && !prev.spacers ? prev.after : 0)),
    below: Math.max(0, after - (next?.before ?? 0)),
  };
}
