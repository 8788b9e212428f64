/**
 * State of the PDF writer: what every handler reads (template, styles, document direction) plus
 * `one`/`all` to hand child nodes to their handlers (as mdast-util-to-hast's state does).
 */
import { UnknownNodes } from '../shared/unknown.js';
import type { Nodes } from 'mdast';
import type { Content } from 'pdfmake/interfaces.js';
import type { Dir } from '../../model/direction.js';
import type { SahifaDocument } from '../../model/document.js';
import type { LoadedTemplate } from '../../templates/schema.js';
import type { FontChoice } from './layout/paragraph.js';
import { collapseMargins } from './blocks.js';
import { tagNode } from './tagging/nodes.js';
import { StructureTree } from './tagging/structure.js';
import { roleFontStack, roleStyle, type PdfTextStyle, type RoleName } from './styles.js';

/** Inherited context, overridden for a subtree (Pandoc's WriterEnv). */
export interface PdfContext {
  /** Direction of the enclosing block. */
  readonly dir: Dir;
  /** Text role of paragraphs and list items here (default `body`; boxes set `small` or `quote`). */
  readonly role?: RoleName | undefined;
  /** Text colour (`#rrggbb`) of paragraphs here, overriding the role's (boxes' `textColour`). */
  readonly colour?: string | undefined;
}

/** A handler: one mdast node → pdfmake content (or nothing). */
export type PdfHandler<N extends Nodes = Nodes> = (state: PdfState, node: N, ctx: PdfContext) => Content | Content[] | undefined;

/** The writer's state for one document. */
export interface PdfState {
  readonly doc: SahifaDocument;
  readonly template: LoadedTemplate;
  /** Resolved pdfmake text style of a template role (cached). */
  style(role: RoleName): PdfTextStyle;
  /** The role's font stack for fallback by coverage (cached). */
  fontStack(role: RoleName): FontChoice[];
  /** Renders one node with its handler. */
  one(node: Nodes, ctx: PdfContext): Content[];
  /** Page of each heading id, for the table of contents (set after a first layout; absent before). */
  tocPages?: ReadonlyMap<string, number> | undefined;
  /** Renders a list of nodes. */
  all(nodes: readonly Nodes[], ctx: PdfContext): Content[];
  /** Nodes without a handler (left out), as warnings. */
  readonly unknowns: UnknownNodes;
  /** The tagged PDF's logical structure, claimed node by node by `one`. */
  readonly structure: StructureTree;
}

/** Creates the state; `handlers` maps mdast node types to handlers. */
export function createState(
  doc: SahifaDocument,
  template: LoadedTemplate,
  fontNames: Record<string, string>,
  handlers: Partial<Record<Nodes['type'], PdfHandler<never>>>,
): PdfState {
  const styles = new Map<RoleName, PdfTextStyle>();
  const stacks = new Map<RoleName, FontChoice[]>();
  const state: PdfState = {
    doc,
    template,
    unknowns: new UnknownNodes('pdf'),
    structure: new StructureTree(doc.meta.lang),
    style(role) {
      let s = styles.get(role);
      if (!s) styles.set(role, (s = roleStyle(template, fontNames, role)));
      return s;
    },
    fontStack(role) {
      let f = stacks.get(role);
      if (!f) stacks.set(role, (f = roleFontStack(template, fontNames, role)));
      return f;
    },
    one(node, ctx) {
      const handler = handlers[node.type] as PdfHandler | undefined;
      if (!handler) {
        state.unknowns.add(node);
        return [];
      }
      const out = handler(state, node, ctx);
      const content = out === undefined ? [] : Array.isArray(out) ? out : [out];
      tagNode(state.structure, node, out, ctx.dir);
      return content;
    },
    all(nodes, ctx) {
      return collapseMargins(nodes.flatMap((n) => state.one(n, ctx)));
    },
  };
  return state;
}
