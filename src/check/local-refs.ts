/**
 * Local files a brief refers to: images (`![alt](maps/area.png)`) and links to files
 * (`[annex](annex.pdf)`, reference definitions). Used by `sahifa check` (missing targets) and by
 * the build manifest (images are inputs of a brief).
 */
import { dirname, resolve } from 'node:path';
import type { Nodes, Root } from 'mdast';
import { visit } from 'unist-util-visit';

/** One local reference found in the tree. */
export interface LocalRef {
  /** `image` for images, `link` for links and reference definitions. */
  readonly kind: 'image' | 'link';
  /** The URL as written. */
  readonly url: string;
  /** Absolute path it points to (query and fragment removed, percent-decoded). */
  readonly path: string;
  /** The node, for its position. */
  readonly node: Nodes;
}

/**
 * The local path a URL points to, relative to the brief's folder, or `undefined` for URLs that are
 * not local files: with a scheme (`https:`, `mailto:`, `data:`), protocol-relative (`//host`),
 * site-absolute (`/page`), fragment-only (`#section`) or empty.
 */
export function localTarget(url: string, briefPath: string): string | undefined {
  if (!url || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#') || url.startsWith('/')) return undefined;
  const bare = url.replace(/[?#].*$/s, '');
  if (!bare) return undefined;
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // keep the raw text
  }
  return resolve(dirname(briefPath), decoded);
}

/**
 * Lists the local images and linked files of a brief, in document order.
 *
 * A reference definition counts as an image when an image reference (`![alt][id]`) uses it.
 *
 * @param tree the parsed brief
 * @param briefPath absolute path of the brief (relative URLs resolve against its folder)
 */
export function localRefs(tree: Root, briefPath: string): LocalRef[] {
  const refs: LocalRef[] = [];
  const imageIds = new Set<string>();
  visit(tree, 'imageReference', (node) => {
    imageIds.add(node.identifier);
  });
  visit(tree, (node) => {
    if (node.type !== 'image' && node.type !== 'link' && node.type !== 'definition') return;
    const path = localTarget(node.url, briefPath);
    const image = node.type === 'image' || (node.type === 'definition' && imageIds.has(node.identifier));
    if (path) refs.push({ kind: image ? 'image' : 'link', url: node.url, path, node });
  });
  return refs;
}
