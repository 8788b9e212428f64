/**
 * PDF writer: mdast → a fresh pdfmake document definition → pdfmake 0.3 (pdfkit, fontkit) with
 * sahifa's RTL line layer installed → bytes. Fonts are embedded as subsets.
 */
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { authorsOf } from '../../model/front-matter.js';
import { PAGE_SIZES } from '../../templates/units.js';
import type { Writer } from '../types.js';
import { installBidiLayer } from './bidi/install.js';
import { logicalMargins } from './blocks.js';
import { registerFonts, type PdfmakeFonts } from './fonts.js';
import { handlers } from './handlers/index.js';
import { endnotes } from './components.js';
import { footer, header } from './running.js';
import { createState } from './state.js';
import { titleBlockContent } from './title-block.js';
import { documentTitle } from '../shared/title-block.js';

interface PdfmakeApi extends PdfmakeFonts {
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(def: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

const api = pdfmake as unknown as PdfmakeApi;
// Nothing is fetched and no local file is read by pdfmake: fonts come from its virtual file system.
api.setUrlAccessPolicy(() => false);
api.setLocalAccessPolicy(() => false);
installBidiLayer();

/** The PDF writer. */
export const pdfWriter: Writer = {
  format: 'pdf',
  extension: 'pdf',
  async write({ doc, template, created }) {
    const fontNames = registerFonts(api, template);
    const state = createState(doc, template, fontNames, handlers);
    const t = template.template;
    const meta = doc.meta;
    const [width, height] = PAGE_SIZES[t.page.size];
    const { top, bottom, start, end } = t.page.margins;
    const body = state.style('body');
    const makeDefinition = (): TDocumentDefinitions => ({
      pageSize: { width, height },
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
      content: [titleBlockContent(state), ...state.one(doc.tree, { dir: meta.dir }), ...endnotes(state, meta.dir)],
    }) as TDocumentDefinitions;
    if (doc.tree.children.some((n) => n.type === 'toc')) {
      // Table of contents: a first layout finds the page of every heading (pdfmake reports each
      // node's pages to pageBreakBefore), the second prints them as ordinary text (digits as asked).
      const pages = new Map<string, number>();
      const first = makeDefinition();
      first.pageBreakBefore = (node: { id?: string; pageNumbers?: number[] }) => {
        if (node.id && node.pageNumbers?.[0] !== undefined && !pages.has(node.id)) pages.set(node.id, node.pageNumbers[0]);
        return false;
      };
      await api.createPdf(first).getBuffer();
      state.tocPages = pages;
    }
    const bytes = await api.createPdf(makeDefinition()).getBuffer();
    return { bytes: new Uint8Array(bytes), assets: [] };
  },
};
