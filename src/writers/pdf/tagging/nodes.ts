/**
 * The structure element of each mdast node the PDF writer renders (ISO 32000-1 §14.8.4, PDF/UA-1
 * §7): called by the state's `one` with the content the node's handler returned, after its
 * children were claimed, so the tree nests as the document does.
 */
import type { Nodes } from 'mdast';
import type { Dir } from '../../../model/direction.js';
import { toString } from 'mdast-util-to-string';
import type { StructElement, StructureTree } from './structure.js';

type Row = Record<string, unknown>;

/** Claims a handler's content for the node's element; content of other nodes is left as it is. */
export function tagNode(tree: StructureTree, node: Nodes, content: unknown, dir: Dir): void {
  const lang = (node.data as { lang?: string } | undefined)?.lang;
  switch (node.type) {
    case 'paragraph':
      tree.claim(content, tree.create('P', { lang }));
      return;
    case 'heading':
      tree.claim(content, tree.create(`H${Math.min(6, Math.max(1, node.depth - tree.headingShift))}`, { lang }));
      return;
    case 'blockquote':
      tree.claim(content, tree.create('BlockQuote', { lang }));
      return;
    case 'code':
      tree.claim(content, tree.create('Code', { lang }));
      return;
    case 'figure':
      tree.claim(content, tree.create('Figure', { lang, alt: node.alt }), 'Caption');
      return;
    case 'component':
      tree.claim(content, tree.create('Sect', { lang, title: node.title ? toString({ type: 'paragraph', children: node.title }) : node.name }));
      return;
    case 'toc':
      tagToc(tree, content, dir);
      return;
    case 'list':
      tagList(tree, content, lang);
      return;
    case 'table':
      tagTable(tree, content, (node.data as { dir?: Dir } | undefined)?.dir ?? dir, lang);
      return;
    default:
  }
}

/** The list handler's rows (`columns`: the item's blocks, width `*`, and its marker) → L / LI / Lbl / LBody. */
function tagList(tree: StructureTree, content: unknown, lang: string | undefined): void {
  const l = tree.create('L', { lang });
  for (const row of Array.isArray(content) ? (content as Row[]) : []) {
    const li = tree.append(l, tree.create('LI'));
    const columns = (row['columns'] as Row[] | undefined) ?? [];
    const label = columns.find((c) => c['width'] !== '*');
    const body = columns.find((c) => c['width'] === '*');
    if (label) tree.append(li, tree.claim(label, tree.create('Lbl')));
    if (body) tree.append(li, bodyOf(tree.claim(body, tree.create('LBody'))));
    tree.own(row, li);
  }
}

/**
 * An item's body: an LBody holding one paragraph takes the paragraph's place (its text is the
 * LBody's content, ISO 32000-1 §14.8.4.3.3): one structure element less per such item.
 */
function bodyOf(lbody: StructElement): StructElement {
  const only = lbody.children[0];
  if (lbody.children.length !== 1 || only?.type !== 'P' || only.lang) return lbody;
  only.type = 'LBody';
  only.parent = undefined;
  return only;
}

/** A table (first row the header, repeated by pdfmake) → Table / THead / TBody / TR / TH (`/Scope /Column`) / TD. */
function tagTable(tree: StructureTree, content: unknown, dir: Dir, lang: string | undefined): void {
  const table = tree.create('Table', { lang });
  const body = ((content as Row)['table'] as { body?: Row[][] } | undefined)?.body ?? [];
  const head = body.length ? tree.append(table, tree.create('THead')) : undefined;
  const rest = body.length > 1 ? tree.append(table, tree.create('TBody')) : undefined;
  body.forEach((cells, r) => {
    const tr = tree.append(r === 0 ? head! : rest!, tree.create('TR'));
    // the handler reverses an RTL row into drawing order: the tree takes the cells in reading order
    for (const cell of dir === 'rtl' ? [...cells].reverse() : cells)
      tree.append(tr, tree.claim(cell, tree.create(r === 0 ? 'TH' : 'TD', r === 0 ? { scope: 'Column' } : {})));
  });
  tree.own(content, table);
}

/** The contents box (a title and a table of entry/page rows) → TOC with one TOCI per entry. */
function tagToc(tree: StructureTree, content: unknown, dir: Dir): void {
  const toc = tree.create('TOC');
  const stack = (((content as Row)?.['table'] as { body?: Row[][] } | undefined)?.body?.[0]?.[0]?.['stack'] as Row[] | undefined) ?? [];
  for (const part of stack) {
    const rows = (part['table'] as { body?: Row[][] } | undefined)?.body;
    if (!rows) {
      tree.claim(part, toc);
      continue;
    }
    for (const cells of rows) {
      const item = tree.append(toc, tree.create('TOCI'));
      for (const cell of dir === 'rtl' ? [...cells].reverse() : cells) tree.claim(cell, item);
    }
    tree.own(part, toc);
  }
  tree.claim(content, toc);
}

/**
 * An endnote's row (its number and its blocks) → Note (`/ID` the note's anchor, PDF/UA-1 7.9)
 * with an Lbl for the number; the blocks were claimed by their own elements.
 */
export function tagNote(tree: StructureTree, row: unknown, mark: unknown, body: unknown, id: string): void {
  const note = tree.create('Note', { id });
  tree.append(note, tree.claim(mark, tree.create('Lbl')));
  tree.claim(body, note);
  tree.own(row, note);
}

export type { StructElement };
