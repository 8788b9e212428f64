/**
 * HTML for the policy-brief components: handlers for the `component`, `figure` and `toc` nodes
 * (and heading ids, footnote-reference digits) and the images that travel with the page. Their CSS
 * (`componentCss`) is in css.ts with the rest of the style sheet.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Element, ElementContent } from 'hast';
import type { FootnoteReference, Heading, Nodes, Root } from 'mdast';
import { defaultHandlers, type Handler, type Handlers, type State } from 'mdast-util-to-hast';
import type { FrontMatter } from '../../model/front-matter.js';
import type { Component, Figure, Toc } from '../../model/mdast.js';
import type { Template } from '../../templates/schema.js';
import { settingsOf, wordsFor } from '../../templates/settings.js';
import { componentTitle, figureCaption, figureSize, outline, recommendationsBlocks } from '../shared/components.js';
import { formatNumber } from '../shared/numbers.js';
import type { Asset } from '../types.js';
import { isElement, markDir } from './handlers/with-dir.js';

/** What the component handlers need: the template, the front matter, and where images go. */
export interface ComponentContext {
  readonly template: Template;
  readonly meta: FrontMatter;
  /** Images the page refers to: source path → asset path, bytes and URL as written (filled while handling figures). */
  readonly images: Map<string, { readonly path: string; readonly bytes: Uint8Array; readonly url: string }>;
  /** The whole tree (the table of contents lists its headings). */
  readonly tree: Root;
}

/**
 * The asset path of an image: `images/<file name>-<12 hex digits of its SHA-256>.<ext>`. The
 * content hash keeps names apart across briefs: two briefs in different folders that each copy
 * their own `images/chart.png` into one output folder wrote the same `images/chart.png`, so one
 * page showed the other's image and every build rewrote it. Same bytes, same name (deterministic).
 */
function imagePath(images: ComponentContext['images'], figure: Figure): string {
  const known = images.get(figure.src);
  if (known) return known.path;
  // A fetched remote image's src is its URL: keep only a plain file name.
  const base = (basename(figure.src.replace(/[?#].*$/s, '')).replace(/[^\p{L}\p{N}._-]/gu, '_') || 'image').replace(/^\.+/, '_');
  const ext = /\.(png|jpe?g|svg)$/i.exec(base);
  const stem = ext ? base.slice(0, -ext[0].length) : base;
  const hash = createHash('sha256').update(figure.bytes).digest('hex').slice(0, 12);
  const path = `images/${stem}-${hash}${ext ? ext[0] : `.${figure.format}`}`;
  images.set(figure.src, { path, bytes: figure.bytes, url: figure.url });
  return path;
}

const text = (value: string): ElementContent => ({ type: 'text', value });

/**
 * Handlers for sahifa's own nodes, plus `heading` ids and `footnoteReference` digits.
 * `base` are the writer's other handlers (its `heading` is wrapped to add the id).
 */
export function componentHandlers(ctx: ComponentContext, base: Handlers): Handlers {
  const { template: t, meta } = ctx;
  let boxes = 0;
  const component = ((state: State, node: Component) => {
    const title = componentTitle(node, t, meta.lang);
    const children: ElementContent[] = [];
    const titleId = title ? `box-title-${++boxes}` : undefined;
    if (title) {
      const p: Element = { type: 'element', tagName: 'p', properties: { className: ['box-title'], id: titleId }, children: state.all({ type: 'paragraph', children: title }) as ElementContent[] };
      children.push(text('\n'), p);
    }
    const inner = { ...node, children: recommendationsBlocks(node) } as unknown as Nodes;
    children.push(...(state.wrap(state.all(inner) as ElementContent[], true) as ElementContent[]));
    const section = node.name === 'references' || node.name === 'about';
    const el: Element = {
      type: 'element',
      tagName: section ? 'section' : 'aside',
      properties: { className: ['box', `box-${node.name}`], dataComponent: node.name, ariaLabelledBy: titleId ? [titleId] : undefined },
      children: [...children, text('\n')],
    };
    markDir(node as unknown as Nodes, el);
    state.patch(node as unknown as Nodes, el);
    return el;
  }) as Handler;

  const figure = ((state: State, node: Figure) => {
    const { width } = figureSize(node, t, settingsOf(t).textWidth);
    const { label, text: caption } = figureCaption(node, t, meta.lang, meta.digits);
    const img: Element = {
      type: 'element',
      tagName: 'img',
      properties: { src: imagePath(ctx.images, node), alt: node.alt || caption, width: node.width, height: node.height, style: `width: ${round(width)}pt` },
      children: [],
    };
    const rest = caption.slice(label.length);
    const figcaption: Element = {
      type: 'element',
      tagName: 'figcaption',
      properties: {},
      children: [{ type: 'element', tagName: 'span', properties: { className: ['figure-label'] }, children: [text(label)] }, ...(rest ? [text(rest)] : [])],
    };
    const el: Element = { type: 'element', tagName: 'figure', properties: { id: `fig-${node.number}`, className: ['figure'] }, children: [text('\n'), img, text('\n'), figcaption, text('\n')] };
    markDir(node as unknown as Nodes, el);
    state.patch(node as unknown as Nodes, el);
    return el;
  }) as Handler;

  const toc = ((state: State, _node: Toc) => {
    void state;
    const words = wordsFor(settingsOf(t), meta.lang);
    const items: ElementContent[] = outline(ctx.tree).flatMap((e) => [
      text('\n'),
      {
        type: 'element',
        tagName: 'li',
        properties: { className: [`toc-level-${e.level}`, ...(e.indent ? [`toc-indent-${e.indent}`] : [])] },
        children: [{ type: 'element', tagName: 'a', properties: { href: `#${e.id}` }, children: [text(e.text)] }],
      } as Element,
    ]);
    return {
      type: 'element',
      tagName: 'nav',
      properties: { className: ['box', 'box-toc'], ariaLabel: words.toc },
      children: [text('\n'), { type: 'element', tagName: 'p', properties: { className: ['box-title'] }, children: [text(words.toc)] }, text('\n'), { type: 'element', tagName: 'ul', properties: { className: ['toc-list'] }, children: [...items, text('\n')] }, text('\n')],
    } as Element;
  }) as Handler;

  const heading = ((state: State, node: Heading, parent) => {
    const result = (base['heading'] ?? defaultHandlers.heading)(state, node as never, parent);
    if (isElement(result) && node.data?.id) result.properties = { ...result.properties, id: node.data.id };
    return result;
  }) as Handler;

  const footnoteReference = ((state: State, node: FootnoteReference) => {
    const result = defaultHandlers.footnoteReference(state, node);
    const relabel = (el: Element): void => {
      for (const c of el.children) {
        if (c.type === 'text' && /^\d+$/.test(c.value)) c.value = formatNumber(Number(c.value), meta.digits);
        else if (c.type === 'element') relabel(c);
      }
    };
    relabel(result);
    return result;
  }) as Handler;

  return { component, figure, toc, heading, footnoteReference } as unknown as Handlers;
}

/** The images the handlers referred to, as assets (the bytes the parser read and checked). */
export async function imageAssets(images: ComponentContext['images']): Promise<Asset[]> {
  return [...images.values()].map(({ path, bytes }) => ({ path, bytes }));
}

/** Rounds a length to 2 decimals for CSS. */
const round = (n: number): number => Math.round(n * 100) / 100;
