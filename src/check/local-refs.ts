/**
 * Local files a brief refers to: images (`![alt](maps/area.png)`) and links to files
 * (`[annex](annex.pdf)`, reference definitions). Used by `sahifa check` (missing targets) and by
 * the build manifest (images are inputs of a brief).
 */
import { dirname } from 'node:path';
import type { Nodes, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { localFile } from '../io/paths.js';

/** One local reference found in the tree. */
export interface LocalRef {
  /** `image` for images, `link` for links and reference definitions. */
  readonly kind: 'image' | 'link';
  /** The URL as written. */
  readonly url: string;
  /**
   * Absolute path it points to (query and fragment removed, percent-decoded; the real path when
   * it exists), or undefined when the path is refused (see `refused`).
   */
  readonly path: string | undefined;
  /** Whether the file exists (only asked for a path that is not refused: nothing outside the root is looked at). */
  readonly exists: boolean;
  /** Why the path may not be read: it leads outside the project folder (absolute, `..`, a symlink out). */
  readonly refused?: string | undefined;
  /** The node, for its position. */
  readonly node: Nodes;
}

/**
 * Lists the local images and linked files of a brief, in document order, each through the one
 * containment check of images and linked files (`localFile` in `io/paths.ts`): a path that
 * leads outside `root` is returned with `refused` and no path, and nothing about the file it names
 * is looked up. URLs that are not local files (a scheme, `//host`, `#fragment`, a link's
 * site-absolute `/page`) are left out.
 *
 * A reference definition counts as an image when an image reference (`![alt][id]`) uses it.
 *
 * @param tree the parsed brief
 * @param briefPath absolute path of the brief (relative URLs resolve against its folder)
 * @param root absolute folder files must stay inside (`filesRootOf` of the brief)
 */
export function localRefs(tree: Root, briefPath: string, root: string): LocalRef[] {
  const refs: LocalRef[] = [];
  const imageIds = new Set<string>();
  visit(tree, 'imageReference', (node) => {
    imageIds.add(node.identifier);
  });
  visit(tree, (node) => {
    if (node.type !== 'image' && node.type !== 'link' && node.type !== 'definition') return;
    const image = node.type === 'image' || (node.type === 'definition' && imageIds.has(node.identifier));
    const kind = image ? 'image' : 'link';
    const where = localFile(node.url, dirname(briefPath), root, kind);
    if (!where) return;
    refs.push(where.ok ? { kind, url: node.url, path: where.path, exists: where.exists, node } : { kind, url: node.url, path: undefined, exists: false, refused: where.reason, node });
  });
  return refs;
}
