/**
 * What the DOCX handlers share while walking the tree: the read-only context passed down (template,
 * direction, language, nesting), the sink that collects what the document needs besides its
 * paragraphs (numbering definitions and list instances), and `one`/`all` to hand child nodes to
 * their handlers (as mdast-util-to-hast's state and the PDF writer's state do), so no handler
 * imports the handler table back.
 */
import { UnknownNodes } from '../shared/unknown.js';
import { blockSpace, type BlockSpace } from './spacing.js';
import type { FileChild } from 'docx';
import type { Nodes } from 'mdast';
import type { OutlineEntry } from '../shared/components.js';
import type { MeasureText } from '../shared/column-widths.js';
import { dirFromLang, type Dir } from '../../model/direction.js';
import type { FrontMatter } from '../../model/front-matter.js';
import { colourOf } from '../../templates/load.js';
import type { Role, Template } from '../../templates/schema.js';

/** Default region per language, for the bidi language of runs (`w:lang w:bidi`). */
const BIDI_REGIONS: Readonly<Record<string, string>> = { ar: 'ar-SA', fa: 'fa-IR', ur: 'ur-PK', he: 'he-IL' };

/**
 * The language tag Word expects for complex-script text: `ar` → `ar-SA`, `fa` → `fa-IR`, `ur` → `ur-PK`,
 * `he` → `he-IL`. A tag that already has a region (`ar-EG`) or an unlisted language passes through.
 */
export function bidiLanguage(lang: string): string {
  return BIDI_REGIONS[lang.toLowerCase()] ?? lang;
}

/** Language of runs (`w:lang`): `bidirectional` for complex-script text (`w:bidi`), `value` for Latin text (`w:val`). */
export interface RunLanguage {
  readonly bidirectional?: string;
  readonly value?: string;
}

/**
 * The run language of a brief: an RTL language becomes the bidi language (`ar` → `w:bidi="ar-SA"`),
 * any other the Latin language (`en-GB` → `w:val="en-GB"`).
 */
export function runLanguage(lang: string): RunLanguage {
  return dirFromLang(lang) === 'rtl' ? { bidirectional: bidiLanguage(lang) } : { value: lang };
}

/** Numbering kinds the writer defines: a bullet list, or a decimal list starting at `start`. */
export type ListKind = { readonly kind: 'bullet' } | { readonly kind: 'decimal'; readonly start: number };

/** Collects numbering definitions and instances while the handlers run. */
export class DocxSink {
  /** Numbering references in first-use order, with what they are. */
  readonly references = new Map<string, ListKind>();
  private instances = 0;

  /**
   * A fresh numbering instance for one list, so each list numbers from its own start.
   * @returns the docx `numbering` reference name and instance number
   */
  newList(kind: ListKind): { reference: string; instance: number } {
    const reference = kind.kind === 'bullet' ? 'bullet' : `decimal-${kind.start}`;
    if (!this.references.has(reference)) this.references.set(reference, kind);
    return { reference, instance: ++this.instances };
  }
}

/** Numbering of the first paragraph of a list item: docx `numbering` options. */
export interface ItemNumbering {
  readonly reference: string;
  readonly instance: number;
  /** List level, 0-based (0..8). */
  readonly level: number;
}

/** A handler: one node and the context → Word blocks (paragraphs, tables). */
export type Handler<T extends Nodes = Nodes> = (node: T, ctx: DocxContext) => FileChild[];

/** Handlers by mdast node type; a type without one produces nothing and a warning (`unknown-node`). */
export type Handlers = { [K in Nodes['type']]?: Handler<Extract<Nodes, { type: K }>> };

/** The table of contents: its entries, the bookmark of each entry's heading and its page, by heading id (toc.ts `tocOf`). */
export interface DocxToc {
  readonly entries: readonly OutlineEntry[];
  readonly bookmarks: ReadonlyMap<string, string>;
  /** The page of each heading in sahifa's PDF layout; absent when not laid out. */
  readonly pages?: ReadonlyMap<string, number>;
}

/** Read-only context handed down the tree (extended with spread for children). */
export interface DocxContext {
  readonly template: Template;
  readonly meta: FrontMatter;
  /** Document direction (section and default paragraph direction). */
  readonly dir: Dir;
  /** Language of runs, e.g. bidi `ar-SA` (see {@link runLanguage}). */
  readonly language: RunLanguage;
  readonly sink: DocxSink;
  /** The table of contents (entries, heading bookmarks, pages). */
  readonly toc: DocxToc;
  /** Width in pt of a line of body text (HarfBuzz, the template's font), for table column widths; equal columns without it. */
  readonly measure?: MeasureText | undefined;
  /** Current list nesting: -1 outside lists, 0 in a top-level list. */
  readonly listLevel: number;
  /** Extra start-side indent of the blocks here (blockquotes, list item continuations), in twips. */
  readonly indent: number;
  /** Width in twips taken from the text column by enclosing blockquote cells (rule, padding); 0 outside. */
  readonly inset?: number | undefined;
  /** Numbering for the next paragraph (the first paragraph of a list item), if any. */
  readonly numbering?: ItemNumbering | undefined;
  /** Paragraph style id for text blocks here (default: Normal). */
  readonly style?: string | undefined;
  /** Template role of text blocks here (default: `body`). */
  readonly role?: Role | undefined;
  /** Paragraph style of list items here (default: List Paragraph; boxes use their own text style). */
  readonly listStyle?: string | undefined;
  /** The space of the blocks before and after this one among its siblings (spacing.ts), set by {@link DocxContext.all}. */
  readonly gap?: { readonly prev?: BlockSpace | undefined; readonly next?: BlockSpace | undefined } | undefined;
  /** Renders one node with its handler in the context given; a node without a handler gives nothing. */
  readonly one: (node: Nodes, ctx: DocxContext) => FileChild[];
  /** Renders nodes in order with {@link DocxContext.one}, each with its siblings' space in `gap`. */
  readonly all: (nodes: readonly Nodes[], ctx: DocxContext) => FileChild[];
  /** Nodes without a handler (left out), as warnings; one for the whole brief. */
  readonly unknowns: UnknownNodes;
}

/**
 * The starting context of one brief; `handlers` maps mdast node types to handlers (handlers/index.ts),
 * `toc` is its table of contents (none by default), `measure` measures body text (table columns).
 */
export function createContext(template: Template, meta: FrontMatter, handlers: Handlers, toc: DocxToc = { entries: [], bookmarks: new Map() }, measure?: MeasureText): DocxContext {
  const unknowns = new UnknownNodes('docx');
  const one = (node: Nodes, ctx: DocxContext): FileChild[] => {
    const handler = handlers[node.type] as Handler | undefined;
    if (handler) return handler(node, ctx);
    unknowns.add(node);
    return [];
  };
  // each block learns its neighbours' space, so spacers around tables collapse as the PDF's margins do
  const all = (nodes: readonly Nodes[], ctx: DocxContext): FileChild[] =>
    nodes.flatMap((node, i) => one(node, { ...ctx, gap: { prev: i > 0 ? blockSpace(nodes[i - 1]!, ctx) : undefined, next: i + 1 < nodes.length ? blockSpace(nodes[i + 1]!, ctx) : undefined } }));
  return { template, meta, dir: meta.dir, language: runLanguage(meta.lang), sink: new DocxSink(), toc, measure, listLevel: -1, indent: 0, one, all, unknowns };
}

/** Font family name of a role (`template.fonts[role.font].family`). */
export function familyOf(template: Template, role: Role): string {
  return template.fonts[role.font]?.family ?? role.font;
}

/** Colour of a template colour key as docx wants it: `RRGGBB`, no `#`. */
export function hexOf(template: Template, key: string): string {
  return colourOf(template, key).slice(1).toUpperCase();
}
