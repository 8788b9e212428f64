/**
 * unified plugin (after `directives`): numbered figures, and the images of running text.
 *
 * - a paragraph holding only an image, and the leaf `::figure[caption]{src=…}` → a numbered
 *   {@link Figure} (a local PNG/JPEG inside the project folder, or a remote one fetched from an
 *   allowed host; size read from the file), numbered in document order;
 * - an image inside running text goes through the same containment check (its alt text is
 *   printed; nothing is read).
 *
 * An image that cannot be used is a warning at its place and its alt text is printed; a damaged
 * one or one over the limits is an error (see `figureOf`).
 */
import { dirname, resolve } from 'node:path';
import type { Image, Nodes, Paragraph, Root } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { blockDirection, type Dir } from '../../model/direction.js';
import { SahifaError } from '../../model/errors.js';
import { decodedBytes, imageInfo, imageProblem } from '../../model/images.js';
import { DEFAULT_LIMITS, formatBytes, type Limits } from '../../model/limits.js';
import type { Figure } from '../../model/mdast.js';
import { localFile, readRegularFile } from '../../io/paths.js';
import { hostOf, remoteHint } from '../../model/remote.js';
import { svgFigure } from '../svg-figure.js';

type AnyParent = { children: Nodes[] };

declare module 'vfile' {
  interface DataMap {
    /** Project root: images are read only from inside it (set by `parse`; default `file.cwd`). */
    root: string;
    /** Limits of this parse (default {@link DEFAULT_LIMITS}). */
    limits: Limits;
    /** Hosts remote images may be fetched from (`--allow-remote`); lower case. */
    allowRemote: readonly string[];
    /** Remote images already fetched: URL as written → bytes. */
    fetched: ReadonlyMap<string, Uint8Array>;
    /** Remote images on allowed hosts that are not fetched yet (URL as written, in order). */
    remoteWanted: string[];
    /** Every image a figure was looked for, in order, with the bytes read (see {@link ImageInput}). */
    imageInputs: ImageInput[];
  }
}

/**
 * An image the parser looked at for a figure: an input of the brief's outputs. The build manifest
 * records the SHA-256 of `bytes`, the very bytes the writers embed (never a second read of the
 * file), so an image replaced during a build is not recorded with the output made from the old one.
 */
export interface ImageInput {
  /** Absolute path of the file (its real path when it exists), or the URL of a remote image. */
  readonly path: string;
  /** The bytes read or fetched; `null` when nothing was read (missing, refused, not a file, not fetched). */
  readonly bytes: Uint8Array | null;
}

/** The plugin; see the module comment. */
export function remarkSahifaFigures() {
  return (tree: Root, file: VFile): void => {
    const name = file.path || '<input>';
    const baseDir = file.path ? dirname(resolve(file.cwd, file.path)) : file.cwd;
    const root = resolve(file.data.root ?? file.cwd);
    const limits = file.data.limits ?? DEFAULT_LIMITS;
    const allowed = file.data.allowRemote ?? [];
    const fetched = file.data.fetched;
    const wanted: string[] = (file.data.remoteWanted = []);
    const inputs: ImageInput[] = (file.data.imageInputs = []);
    const docDir: Dir = file.data.meta?.dir ?? 'rtl';
    let figures = 0;

    const place = (node: Nodes) => ({ file: name, line: node.position?.start.line, column: node.position?.start.column });
    const warn = (node: Nodes, reason: string, ruleId: string): void => {
      const m = file.message(reason, { place: node.position, ruleId, source: 'sahifa' });
      m.fatal = false;
    };

    /**
     * A figure for a local PNG/JPEG (or a remote one fetched from an allowed host). An image that
     * cannot be used (remote and not fetched, missing, not a regular file, another format, or a
     * path that leads outside the project folder: absolute, `..`, a symlink out) gives a warning at
     * its place and no figure, and nothing is read: the caller keeps its alt text instead, so a
     * brief still builds (`sahifa check` reports these as errors). A damaged image or one over the
     * limits (file size, pixels, decoded bytes) is an error.
     */
    const figureOf = (node: Nodes, url: string, alt: string, caption: string): Figure | undefined => {
      let bytes: Uint8Array;
      let src: string;
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
        const host = hostOf(url);
        const got = fetched?.get(url);
        if (got) {
          bytes = got;
          src = url;
          inputs.push({ path: url, bytes });
        } else {
          if (host && /^https?:/i.test(url) && allowed.includes(host)) {
            if (!wanted.includes(url)) wanted.push(url);
          }
          const m = file.message(`image "${url}" is not fetched: ${remoteHint(url)}; its alt text is shown`, { place: node.position, ruleId: 'remote-image', source: 'sahifa' });
          m.fatal = false;
          return undefined;
        }
      } else {
        const lexical = resolve(baseDir, url.replace(/[?#].*$/s, ''));
        const contained = localFile(url, baseDir, root, 'image');
        if (!contained) {
          inputs.push({ path: lexical, bytes: null });
          warn(node, `image "${url}" is not a file; its alt text is shown`, 'image');
          return undefined;
        }
        if (!contained.ok) {
          inputs.push({ path: lexical, bytes: null });
          warn(node, `image "${url}": ${contained.reason}; its alt text is shown`, 'path');
          return undefined;
        }
        src = contained.path;
        const read = contained.exists ? readRegularFile(src, limits.maxImageBytes) : undefined;
        if (!read?.ok) inputs.push({ path: src, bytes: null });
        if (!read || (!read.ok && read.refusal === 'missing')) {
          warn(node, `image "${url}" not found (looked for ${src}); its alt text is shown`, 'image');
          return undefined;
        }
        if (!read.ok) {
          if (read.refusal === 'too-large') {
            throw new SahifaError(place(node), `image "${url}" is ${formatBytes(read.size ?? 0)}; the limit is ${formatBytes(limits.maxImageBytes)}`, 'limit');
          }
          warn(node, read.refusal === 'not-file' ? `image "${url}" is not a file; its alt text is shown` : `image "${url}" ${read.reason}; its alt text is shown`, 'image');
          return undefined;
        }
        bytes = read.bytes;
        inputs.push({ path: src, bytes });
      }
      const info = imageInfo(bytes);
      if (!info) {
        const head = new TextDecoder().decode(bytes.subarray(0, 4096));
        if (/<svg[\s>]/i.test(head) || /\.svg$/i.test(src)) {
          const figure = svgFigure(bytes, url, src, alt, caption, (reason) => warn(node, reason, 'image'));
          if (!figure) return undefined;
          figure.number = ++figures;
          if (node.position) figure.position = node.position;
          figure.data = { dir: blockDirection(caption || alt, docDir) };
          return figure;
        }
        warn(node, `image "${url}" is not a PNG, JPEG or SVG file; its alt text is shown`, 'image');
        return undefined;
      }
      if (info.width * info.height > limits.maxImagePixels) {
        throw new SahifaError(place(node), `image "${url}" has ${info.width} × ${info.height} pixels; the limit is ${limits.maxImagePixels.toLocaleString('en')} pixels`, 'limit');
      }
      const decoded = decodedBytes(bytes, info);
      if (decoded > limits.maxImageDecodedBytes) {
        throw new SahifaError(place(node), `image "${url}" decodes to ${formatBytes(decoded)} of pixels (${info.width} × ${info.height}); the limit is ${formatBytes(limits.maxImageDecodedBytes)}`, 'limit');
      }
      const problem = imageProblem(bytes, info);
      if (problem) throw new SahifaError(place(node), `image "${url}" is damaged: ${problem}`, 'image');
      const figure: Figure = { type: 'figure', url, src, bytes, ...info, alt, caption, number: ++figures };
      if (node.position) figure.position = node.position;
      figure.data = { dir: blockDirection(caption || alt, docDir) };
      return figure;
    };

    /** A paragraph whose only non-blank child is an image. */
    const loneImage = (node: Paragraph): Image | undefined => {
      const kids = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      return kids.length === 1 && kids[0]!.type === 'image' ? kids[0] : undefined;
    };


    /** Replaces figure paragraphs and `::figure` leaves in `parent`'s children (depth first, in document order). */
    const walk = (parent: AnyParent): void => {
      const out: Nodes[] = [];
      for (const node of parent.children) {
        if (node.type === 'leafDirective' && (node as LeafDirective).name.toLowerCase() === 'figure') {
          const leaf = node as LeafDirective;
          const attrs = leaf.attributes ?? {};
          const src = attrs['src'];
          if (!src) throw new SahifaError(place(leaf), '`::figure` needs a `src` attribute: ::figure[caption]{src="images/chart.png"}', 'directive');
          const caption = toString(leaf) || attrs['caption'] || '';
          const figure = figureOf(leaf, src, attrs['alt'] ?? caption, caption);
          if (figure) out.push(figure as unknown as Nodes);
          else if (caption) out.push({ type: 'paragraph', children: [{ type: 'text', value: caption }] } as Nodes);
          continue;
        }
        if (node.type === 'paragraph') {
          const image = loneImage(node);
          if (image) {
            const figure = figureOf(node, image.url, image.alt ?? '', image.title ?? image.alt ?? '');
            if (figure) out.push(figure as unknown as Nodes);
            else if (image.alt) out.push({ ...node, children: [{ type: 'text', value: image.alt }] });
            continue;
          }
        }
        if ('children' in node) walk(node as AnyParent);
        out.push(node);
      }
      parent.children = out;
    };
    walk(tree as unknown as AnyParent);
    inlineImages(tree, (url) => localFile(url, baseDir, root, 'image'), (node, reason) => warn(node, reason, 'path'));
  };
}

/**
 * Images inside running text (`text ![a](x.png) text`, `![a][ref]`): the writers print their alt
 * text and read nothing, but their path goes through the same containment check as a figure's
 * (`check`): one that leads outside the project folder gets the same warning at the image, so
 * `sahifa check` reports it as an error.
 */
function inlineImages(tree: Root, check: (url: string) => ReturnType<typeof localFile>, warn: (node: Nodes, reason: string) => void): void {
  const definitions = new Map<string, string>();
  const collect = (node: Nodes): void => {
    if (node.type === 'definition' && !definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
    if ('children' in node) for (const c of node.children as Nodes[]) collect(c);
  };
  collect(tree);
  const visit = (node: Nodes): void => {
    const url = node.type === 'image' ? node.url : node.type === 'imageReference' ? definitions.get(node.identifier) : undefined;
    if (url !== undefined) {
      const contained = check(url);
      if (contained && !contained.ok) warn(node, `image "${url}": ${contained.reason}; its alt text is shown`);
    }
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
}
