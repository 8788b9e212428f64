/**
 * HTML writer: mdast → hast (mdast-util-to-hast with the handlers in `handlers/`) → sections,
 * directions and title block → `hast-util-to-html`. Produces one page plus its font files; the
 * page loads nothing from the network and is the same bytes for the same input.
 */
import type { Element, ElementContent, Root } from 'hast';
import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import { h } from 'hastscript';
import { CONTINUE, EXIT, SKIP, visit } from 'unist-util-visit';
import { imageInfo } from '../../model/images.js';
import { toHtml } from 'hast-util-to-html';
import { toHast } from 'mdast-util-to-hast';
import { documentTitle, titleBlock } from '../shared/title-block.js';
import type { Writer } from '../types.js';
import { isolateDirections } from './bidi.js';
import { pageFurniture, templateCss } from './css.js';
import { htmlDocument, titleBlockElement } from './document.js';
import { fontAssets, inlineFontFaces } from './fonts.js';
import { handlers } from './handlers/index.js';
import { componentHandlers, imageAssets, type ComponentContext } from './components.js';
import { wordsFor } from '../../templates/settings.js';
import { codeText, printedText } from '../shared/printed-text.js';
import { UnknownNodes } from '../shared/unknown.js';
import { markerFont } from '../shared/list-marker.js';
import { familyCoverage } from '../../templates/font-files.js';
import type { LoadedTemplate } from '../../templates/schema.js';
import { formatNumber } from '../shared/numbers.js';
import { sectionize } from './sections.js';
import { inlineSvgFigures } from './inline-svg.js';
import { sanitizePage } from './sanitize.js';
import { encloseOpenBlocks } from './handlers/raw-html.js';
import { asidesAsNotes, ensureHeadingOne, nameEmptyLinks } from './accessible-names.js';
import { guardUndrawnCharts } from '../shared/undrawn-charts.js';

/**
 * The HTML writer. `write` returns the UTF-8 page and, as assets, the template's font files
 * under `fonts/` and the figures' images under `images/` (both referenced relatively).
 *
 * @throws the `fs` error when a font or image file cannot be read
 */
export const htmlWriter: Writer = guardUndrawnCharts({
  format: 'html',
  extension: 'html',
  async write({ doc, template, allowHtml, selfContained }) {
    const { meta } = doc;
    const words = wordsFor(template.settings, meta.lang);
    const text = printedText(doc, template.template);
    const italic = hasEmphasis(doc.tree);
    const code = codeText(doc);
    const { faces, assets } = selfContained ? { faces: await inlineFontFaces(template, text, italic, code), assets: [] } : await fontAssets(template, text, italic, code);
    const images: ComponentContext['images'] = new Map();
    const unknowns = new UnknownNodes('html');
    const converted = toHast(doc.tree, {
      // a node type without a handler: left out with a warning, as in PDF and DOCX (the default
      // would make a <div> of it)
      unknownHandler: (_state, node) => {
        unknowns.add(node as MdastNodes);
        return undefined;
      },
      handlers: { ...handlers, ...componentHandlers({ template: template.template, meta, images, tree: doc.tree }, handlers) },
      // Endnotes with back-links, titled and labelled in the brief's language (not English defaults).
      footnoteLabel: words.footnotes,
      footnoteLabelTagName: 'p',
      footnoteLabelProperties: { className: ['box-title'] },
      footnoteBackLabel: (i: number) => `${words.backToReference} ${formatNumber(i + 1, meta.digits)}`,
    }) as Root;
    // a raw <img> may name a copied image by its asset path or by the path a figure wrote
    const pageImages = new Map([...images.values()].flatMap((i) => [[i.url.replace(/^(?:\.\/)+/, ''), i.path], [i.path, i.path]] as [string, string][]));
    encloseOpenBlocks(converted);
    // the brief's raw HTML is in the page as written (handlers/raw-html.ts): sanitised unless allowHtml
    const hast = sanitizePage(converted, doc.tree, allowHtml === true, pageImages);
    nameEmptyLinks(hast);
    asidesAsNotes(hast);
    const main: Element = h('main', ['\n', ...sectionize(hast.children as ElementContent[])]);
    // no band at all for a brief whose title block would be empty (no title, authors, date…)
    const block = titleBlock(meta, template.template);
    const printed = [block.kicker, block.title, block.subtitle, block.organisation, block.date].some(Boolean) || block.authors.length > 0;
    const header = printed ? titleBlockElement(block) : undefined;
    const body: Element = h('div', header ? [header, main] : [main]);
    ensureHeadingOne(body, header ?? main, documentTitle(doc));
    isolateDirections(body, meta.dir, meta.lang);
    inlineSvgFigures(body, new Map([...images.values()].filter((i) => i.path.endsWith('.svg')).map((i) => [i.path, i.bytes])));
    const page = htmlDocument({
      lang: meta.lang,
      dir: meta.dir,
      title: documentTitle(doc),
      description: meta.summary,
      css: templateCss(template.template, { dir: meta.dir, digits: meta.digits, faces, furniture: pageFurniture(template, doc), markerFamilies: markerFamilies(template, meta.lang) }),
      body: body.children,
      csp: allowHtml !== true,
    });
    if (selfContained) {
      // images inline too: one file, nothing next to it
      const byPath = new Map([...images.values()].map((i) => [i.path, i.bytes]));
      visit(page, 'element', (el: Element) => {
        const src = el.tagName === 'img' ? el.properties['src'] : undefined;
        const bytes = typeof src === 'string' ? byPath.get(src) : undefined;
        if (bytes) el.properties['src'] = `data:${dataType(src as string, bytes)};base64,${Buffer.from(bytes).toString('base64')}`;
      });
      return { bytes: new TextEncoder().encode(toHtml(page)), assets: [], messages: unknowns.messages };
    }
    return { bytes: new TextEncoder().encode(toHtml(page)), assets: [...assets, ...(await imageAssets(images))], messages: unknowns.messages };
  },
});

/** The media type of an image inlined as a `data:` URL: SVG by its (sanitised) file, else PNG or JPEG by its bytes. */
function dataType(path: string, bytes: Uint8Array): string {
  if (/\.svg$/i.test(path)) return 'image/svg+xml';
  return imageInfo(bytes)?.format === 'jpg' ? 'image/jpeg' : 'image/png';
}

/** Whether the brief has italic text (Markdown emphasis): only then are italic faces loaded. */
function hasEmphasis(tree: MdastRoot): boolean {
  let found = false;
  // an `<i>`/`<em>` of raw HTML is the page's own markup: its italic is the browser's, as before
  visit(tree, (node) => {
    if (node.type === 'htmlSpan' && node.data?.htmlWhole) return SKIP;
    if (node.type !== 'emphasis' || node.data?.html !== undefined) return CONTINUE;
    found = true;
    return EXIT;
  });
  return found;
}

/**
 * The body role's font stack with the list markers' font first, when that is not the stack's
 * first (a Hebrew brief: Noto Serif Hebrew's bullet, centred on the letters, as the PDF draws it);
 * undefined otherwise.
 */
function markerFamilies(loaded: LoadedTemplate, lang: string): string[] | undefined {
  const t = loaded.template;
  const keys = [t.roles.body.font, ...t.roles.body.fallback];
  const stack = keys.map((k) => ({ family: t.fonts[k]!.family, covers: familyCoverage(loaded, k) }));
  const at = markerFont(stack, lang, t.list.bullet);
  if (at <= 0) return undefined;
  return [stack[at]!.family, ...stack.filter((_, i) => i !== at).map((f) => f.family)];
}
