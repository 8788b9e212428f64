/**
 * PDF writer: mdast → a fresh pdfmake document definition → pdfmake 0.3 (pdfkit, fontkit) with
 * sahifa's RTL line layer installed → bytes. Fonts are embedded as subsets.
 */
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { authorsOf } from '../../model/front-matter.js';
import { PAGE_SIZES } from '../../templates/units.js';
import type { Writer, WriteInput } from '../types.js';
import { installBidiLayer } from './install.js';
import { logicalMargins } from './blocks.js';
import { registerFonts, type PdfmakeFonts } from './fonts.js';
import { handlers } from './handlers/index.js';
import { endnotes, pageNotes } from './components.js';
import { footer, header, runningImages } from './running.js';
import { createState, type PdfState } from './state.js';
import { titleBlockContent } from './title-block.js';
import { documentTitle } from '../shared/title-block.js';
import { wordsFor } from '../../templates/settings.js';
import { guardUndrawnCharts, withoutUndrawnCharts } from '../shared/undrawn-charts.js';

interface PdfmakeApi extends PdfmakeFonts {
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(def: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

const api: PdfmakeApi = pdfmake;
// Nothing is fetched and no local file is read by pdfmake: fonts come from its virtual file system.
api.setUrlAccessPolicy(() => false);
api.setLocalAccessPolicy(() => false);
installBidiLayer();

/** What pdfmake 0.3 tells `pageBreakBefore` about a node (the keys sahifa reads). */
interface PageBreakNode {
  id?: string;
  headlineLevel?: number;
  pageNumbers?: number[];
  startPosition?: { pageNumber: number; top: number; verticalRatio: number };
  text?: unknown;
  /** Set for a canvas node (in the body: a thematic break's rule). */
  canvas?: unknown;
}

/** The other nodes pdfmake offers `pageBreakBefore`, relative to the node asked about. */
interface PageBreakNodes {
  getFollowingNodesOnPage(): PageBreakNode[];
  getNodesOnNextPage(): PageBreakNode[];
  getPreviousNodesOnPage(): PageBreakNode[];
}

/**
 * Keeps headings with the next block: breaks the page before a heading (a node with
 * `headlineLevel` ≥ 1, set by the heading handler) when nothing but headings and rules starts below
 * it on its page and the text goes on on the next page, so no heading is left alone at the bottom of a
 * page (a heading directly above another heading moves with it). pdfmake lists container nodes
 * after their children, so nodes are compared by where they start (below the heading, on its
 * page); the running header and footer, which pdfmake lists after the body with positions that
 * are not theirs, carry `headlineLevel: 0` (see `running.ts`) and are left out.
 */
export function keepWithNext(node: PageBreakNode, nodes: PageBreakNodes): boolean {
  const at = node.startPosition;
  if (!node.headlineLevel || !at) return false;
  const body = (n: PageBreakNode): boolean => n.headlineLevel !== 0 && n.startPosition !== undefined;
  const below = (n: PageBreakNode): boolean => body(n) && n.startPosition!.pageNumber === at.pageNumber && n.startPosition!.top > at.top;
  if (!nodes.getPreviousNodesOnPage().some((n) => body(n) && n.startPosition!.pageNumber === at.pageNumber && n.startPosition!.top < at.top)) return false; // first on its page
  // a rule (`---`, the only canvas in the body) is no content: pdfmake draws it in any room left, so
  // a heading and a rule can stand alone at a page foot (keep-with-next.ts looks through it too)
  if (nodes.getFollowingNodesOnPage().some((n) => below(n) && n.headlineLevel === undefined && n.canvas === undefined)) return false;
  return nodes.getNodesOnNextPage().some((n) => body(n) && n.startPosition!.pageNumber === at.pageNumber + 1);
}

/** The smallest depth of the brief's headings (7 when it has none). */
function shallowestHeading(node: { type: string; depth?: number; children?: unknown[] }): number {
  if (node.type === 'heading') return node.depth ?? 7;
  let min = 7;
  for (const child of (node.children ?? []) as (typeof node)[]) min = Math.min(min, shallowestHeading(child));
  return min;
}

/** A brief ready to lay out: its writer state and a fresh pdfmake document definition each call. */
function prepare({ doc, template, created }: WriteInput): { state: PdfState; makeDefinition: () => TDocumentDefinitions } {
  const fontNames = registerFonts(api, template);
  const state = createState(doc, template, fontNames, handlers);
  const t = template.template;
  const meta = doc.meta;
  const [width, height] = PAGE_SIZES[t.page.size];
  const { top, bottom, start, end } = t.page.margins;
  const body = state.style('body');
  const images = runningImages(state);
  const standard = meta.pdf?.standard ?? t.pdf.standard;
  const makeDefinition = (): TDocumentDefinitions => {
    const tree = state.structure;
    tree.reset(); // each layout pass renders the tree afresh
    const title = titleBlockContent(state);
    tree.headingShift = tree.elements.some((e) => e.type === 'H1') ? 0 : Math.max(0, shallowestHeading(doc.tree) - 1);
    const blocks = state.one(doc.tree, { dir: meta.dir });
    // page footnotes: a store the layout sets at the foot of each mark's page (layout/footnotes.ts)
    const notes = t.footnotes === 'page' ? pageNotes(state, meta.dir) : endnotes(state, meta.dir);
    // the title block's lines and the notes are claimed here, the rest by state.one
    tree.claim(notes, tree.create('Sect', { title: wordsFor(state.template.settings, meta.lang).footnotes }));
    tree.claim([title, ...blocks, ...notes], tree.root);
    return {
      pageSize: { width, height },
      // tagged PDF (PDF/UA-1): structure tree, /MarkInfo, /Lang, /DisplayDocTitle, XMP (PDF 1.7)
      version: '1.7',
      tagged: true,
      displayTitle: true,
      // PDF/A-2b (pdfkit's `subset`): sRGB output intent and pdfaid in the XMP, beside pdfuaid
      ...(standard === 'none' ? {} : { subset: standard }),
      pageMargins: logicalMargins(meta.dir, start, top, end, bottom),
      language: meta.lang,
      info: {
        title: documentTitle(doc),
        author: authorsOf(meta).map((a) => a.name).join(', ') || meta.organisation || '',
        subject: meta.summary ?? meta.subtitle ?? '',
        keywords: (meta.keywords ?? []).join(', '),
        creator: 'sahifa',
        producer: 'sahifa (pdfmake)',
        creationDate: created,
        modDate: created,
      },
      defaultStyle: { font: body.font, fontSize: body.fontSize, lineHeight: body.lineHeight, color: body.color },
      header: header(state),
      footer: footer(state),
      ...(images ? { images } : {}),
      content: [title, ...blocks, ...notes],
    } as TDocumentDefinitions;
  };
  return { state, makeDefinition };
}

/**
 * The page (from 1) each heading of the outline starts on, by heading id: a first layout of the
 * definition (pdfmake reports each node's pages to pageBreakBefore), with the keep-with-next rule,
 * so a heading moved to the next page is listed there.
 */
async function layOutHeadings(makeDefinition: () => TDocumentDefinitions): Promise<Map<string, number>> {
  const pages = new Map<string, number>();
  const first = makeDefinition();
  first.pageBreakBefore = (node: PageBreakNode, nodes: PageBreakNodes) => {
    const moved = keepWithNext(node, nodes);
    const page = node.pageNumbers?.[0];
    if (node.id && page !== undefined) pages.set(node.id, moved ? page + 1 : page);
    return moved;
  };
  // All but layout: pdfmake renders only the first page of this pass (`maxPagesNumber`, an
  // option of pdfmake 0.3 missing from its types; 0 would mean no limit there, `|| -1`), so
  // drawing and font subsetting cost one page instead of all.
  (first as TDocumentDefinitions & { maxPagesNumber?: number }).maxPagesNumber = 1;
  await api.createPdf(first).getBuffer();
  return pages;
}

/**
 * The PDF's page of each heading with an id, by id, as its table of contents prints them (same
 * page size, margins, fonts and sizes): for another format's table of contents (the DOCX's
 * PAGEREF results) when the PDF itself is not built.
 */
export async function headingPages(input: WriteInput): Promise<ReadonlyMap<string, number>> {
  const { tree } = withoutUndrawnCharts(input.doc.tree, 'pdf', input.doc.path);
  const { state, makeDefinition } = prepare({ ...input, doc: { ...input.doc, tree } });
  try {
    return await layOutHeadings(makeDefinition);
  } finally {
    state.structure.release();
  }
}

/** The PDF writer; with a table of contents, its heading pages travel in the result's `layout`. */
export const pdfWriter: Writer = guardUndrawnCharts({
  format: 'pdf',
  extension: 'pdf',
  async write(input) {
    const { state, makeDefinition } = prepare(input);
    // Table of contents: a first layout finds the page of every heading, the second prints them as
    // ordinary text (digits as asked).
    if (input.doc.tree.children.some((n) => n.type === 'toc')) state.tocPages = await layOutHeadings(makeDefinition);
    const bytes = await api.createPdf({ ...makeDefinition(), pageBreakBefore: keepWithNext } as TDocumentDefinitions).getBuffer().finally(() => state.structure.release());
    return { bytes: new Uint8Array(bytes), assets: [], messages: state.unknowns.messages, ...(state.tocPages ? { layout: { headingPages: state.tocPages } } : {}) };
  },
  async layout(input) {
    return { headingPages: await headingPages(input) };
  },
});
