/**
 * HTML writer: mdast → hast (mdast-util-to-hast with the handlers in `handlers/`) → sections,
 * directions and title block → `hast-util-to-html`. Produces one page plus its font files; the
 * page loads nothing from the network and is the same bytes for the same input.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toString } from 'mdast-util-to-string';
import { toHtml } from 'hast-util-to-html';
import { toHast } from 'mdast-util-to-hast';
import { documentTitle, titleBlock } from '../shared/title-block.js';
import type { Writer } from '../types.js';
import { isolateDirections } from './bidi.js';
import { templateCss } from './css.js';
import { htmlDocument, titleBlockElement } from './document.js';
import { fontAssets } from './fonts.js';
import { handlers } from './handlers/index.js';
import { componentHandlers, imageAssets, type ComponentContext } from './components.js';
import { wordsFor } from '../shared/components.js';
import { formatNumber } from '../shared/numbers.js';
import { sectionize } from './sections.js';

/**
 * The HTML writer. `write` returns the UTF-8 page and, as assets, the template's font files
 * under `fonts/` and the figures' images under `images/` (both referenced relatively).
 *
 * @throws the `fs` error when a font or image file cannot be read
 */
export const htmlWriter: Writer = {
  format: 'html',
  extension: 'html',
  async write({ doc, template }) {
    const { meta } = doc;
    const { faces, assets } = await fontAssets(template, `${Object.values(meta).join(' ')} ${toString(doc.tree)}`);
    const words = wordsFor(template.template, meta.lang);
    const images: ComponentContext['images'] = new Map();
    const hast = toHast(doc.tree, {
      handlers: { ...handlers, ...componentHandlers({ template: template.template, meta, images, tree: doc.tree }, handlers) },
      // Endnotes with back-links, titled and labelled in the brief's language (not English defaults).
      footnoteLabel: words.footnotes,
      footnoteLabelTagName: 'p',
      footnoteLabelProperties: { className: ['box-title'] },
      footnoteBackLabel: (i: number) => `${words.backToReference} ${formatNumber(i + 1, meta.digits)}`,
    }) as Root;
    const main: Element = h('main', ['\n', ...sectionize(hast.children as ElementContent[])]);
    const header = titleBlockElement(titleBlock(meta, template.template), meta.lang);
    const body: Element = h('div', [header, main]);
    isolateDirections(body, meta.dir, meta.lang);
    const page = htmlDocument({
      lang: meta.lang,
      dir: meta.dir,
      title: documentTitle(doc),
      description: meta.summary,
      css: templateCss(template.template, { dir: meta.dir, digits: meta.digits, faces }),
      body: body.children,
    });
    return { bytes: new TextEncoder().encode(toHtml(page)), assets: [...assets, ...(await imageAssets(images))] };
  },
};
