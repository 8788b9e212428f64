/**
 * SVG figures inline in the HTML page (`writers/html/inline-svg.ts`): the `<img>` becomes the
 * `<svg>`, named by its alt text, and two figures drawing the same SVG keep their own ids.
 */
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { inlineSvgFigures } from '../src/writers/html/inline-svg.js';

const SVG = '<svg viewBox="0 0 10 10" width="10" height="10"><clipPath id="c"><rect width="5" height="5"/></clipPath><g clip-path="url(#c)"><use href="#c"/><text font-family="Amiri">نص</text></g></svg>';
const figure = (n: number, src: string): Element => h('figure', { id: `fig-${n}`, className: ['figure'] }, [h('img', { src, alt: `شكل ${n}`, style: 'width: 100pt' }), h('figcaption', 'c')]);

describe('inlineSvgFigures', () => {
  it('puts the SVG in place of the <img>, role img with the alt text, ids per figure', () => {
    const tree: Root = { type: 'root', children: [figure(1, 'images/a.svg'), figure(2, 'images/a.svg'), figure(3, 'images/b.png')] };
    inlineSvgFigures(tree, new Map([['images/a.svg', new TextEncoder().encode(SVG)]]));
    const html = toHtml(tree);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<img src="images/b.png"');
    expect(html).toContain('role="img" aria-label="شكل 1"');
    expect(html).toContain('<clipPath id="fig-1-c">');
    expect(html).toContain('clip-path="url(#fig-2-c)"');
    expect(html).toContain('href="#fig-2-c"');
    expect(html).not.toContain('id="c"');
    expect(html).toContain('style="width: 100pt; max-width: 100%; height: auto');
    // left to right whatever the page's direction: inheriting `direction: rtl` flipped vega's
    // text-anchor, and the y-axis labels of an RTL brief's chart sat on the axis line
    expect(html).toMatch(/<svg[^>]*style="[^"]*direction: ltr/);
  });

  it('leaves an <img> whose bytes are not one SVG document', () => {
    const tree: Root = { type: 'root', children: [figure(1, 'images/a.svg')] };
    inlineSvgFigures(tree, new Map([['images/a.svg', new TextEncoder().encode('<p>not svg</p>')]]));
    expect(toHtml(tree)).toContain('<img src="images/a.svg"');
  });
});
