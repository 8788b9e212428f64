/**
 * unified plugin: validates the YAML front matter into `file.data.meta` and removes the
 * `yaml` node so no writer can print it by accident.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { SahifaError } from '../../model/errors.js';
import { frontMatterSchema, resolveFrontMatter, type FrontMatter } from '../../model/front-matter.js';
import { parseLocatedYaml } from '../../model/yaml-places.js';

declare module 'vfile' {
  interface DataMap {
    /** Validated front matter (set by {@link remarkSahifaFrontMatter}). */
    meta: FrontMatter;
  }
}

/**
 * Reads the first `yaml` node, validates it with {@link frontMatterSchema}.
 *
 * @throws {SahifaError} `front-matter` rule with the line and column of the offending key, or
 *   of line 1 when the brief has no front matter at all (a brief needs at least a title).
 */
export function remarkSahifaFrontMatter() {
  return (tree: Root, file: VFile): void => {
    const name = file.path || '<input>';
    const index = tree.children.findIndex((n) => n.type === 'yaml');
    const node = tree.children[index];
    if (!node || node.type !== 'yaml') {
      throw new SahifaError({ file: name, line: 1, column: 1 }, 'missing front matter: start the brief with a --- block holding at least `title:`', 'front-matter');
    }
    const startLine = node.position?.start.line ?? 1; // the `---` line
    const located = parseLocatedYaml(node.value, name, startLine);
    const raw = located.value ?? {};
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      throw new SahifaError({ file: name, line: startLine + 1, column: 1 }, 'front matter must be a mapping of keys to values', 'front-matter');
    }
    const result = frontMatterSchema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const key = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
      const place = located.placeOf(key);
      const keyName = key.map(String).join('.') || '(front matter)';
      throw new SahifaError({ file: name, ...place }, `front matter key \`${keyName}\`: ${issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message}`, 'front-matter');
    }
    file.data.meta = resolveFrontMatter(result.data);
    tree.children.splice(index, 1);
  };
}
