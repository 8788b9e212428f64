/**
 * An image inside running text (not alone in its paragraph, so not a figure): its alt text, as in
 * the PDF and DOCX outputs. The page never refers to the image's URL, so nothing is loaded from
 * another host or from outside the output folder.
 */
import type { ElementContent } from 'hast';
import type { Image, ImageReference } from 'mdast';
import type { State } from 'mdast-util-to-hast';

/** `image` / `imageReference` → `<span class="image-alt">alt</span>` (nothing when there is no alt). */
export function inlineImage(state: State, node: Image | ImageReference): ElementContent | undefined {
  if (!node.alt) return undefined;
  const el: ElementContent = { type: 'element', tagName: 'span', properties: { className: ['image-alt'] }, children: [{ type: 'text', value: node.alt }] };
  state.patch(node, el);
  return el;
}
