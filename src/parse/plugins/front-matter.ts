/**
 * unified plugin: validates the YAML front matter into `file.data.meta` and removes the
 * front-matter node so no writer can print it by accident.
 */
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { SahifaError, SahifaErrors } from '../../model/errors.js';
import { FRONT_MATTER_KEYS, frontMatterSchema, guessLang, resolveFrontMatter, type FrontMatter } from '../../model/front-matter.js';
import { DEFAULT_LIMITS, formatBytes } from '../../model/limits.js';
import { didYouMean } from '../../model/suggest.js';
import { codePointName, hasXmlIllegal, XML_ILLEGAL } from '../../model/xml-chars.js';
import { parseLocatedYaml } from '../../model/yaml-places.js';

declare module 'vfile' {
  interface DataMap {
    /** Validated front matter (set by {@link remarkSahifaFrontMatter}). */
    meta: FrontMatter;
  }
}

/**
 * Reads the first `yaml` node and validates it with {@link frontMatterSchema}.
 *
 * Warnings (vfile messages, rule `front-matter`): unknown keys (ignored), no front matter or no
 * title (the title block is left out), TOML front matter (not read), `lang` guessed.
 *
 * @throws {SahifaError} `yaml` rule for YAML that does not parse, `front-matter` rule with the
 *   line and column of a key whose value is invalid; a {@link SahifaErrors} holding every one
 *   when there are several
 */
export function remarkSahifaFrontMatter() {
  return (tree: Root, file: VFile): void => {
    const name = file.path || '<input>';
    const warn = (reason: string, line: number, column: number, ruleId = 'front-matter'): void => {
      const m = file.message(reason, { place: { line, column }, ruleId, source: 'sahifa' });
      m.fatal = false;
    };
    const toml = tree.children.findIndex((n) => (n.type as string) === 'toml');
    if (toml >= 0) {
      warn('TOML front matter (+++) is not read: use YAML (---)', 1, 1);
      tree.children.splice(toml, 1);
    }
    const index = tree.children.findIndex((n) => n.type === 'yaml');
    const node = tree.children[index];
    let raw: Record<string, unknown> = {};
    let placeOf = (_path: ReadonlyArray<PropertyKey>) => ({ line: 1, column: 1 });
    if (node && node.type === 'yaml') {
      const startLine = node.position?.start.line ?? 1; // the `---` line
      const limits = file.data.limits ?? DEFAULT_LIMITS;
      if (node.value.length > limits.maxFrontMatterChars) {
        throw new SahifaError({ file: name, line: startLine, column: 1 }, `front matter is ${formatBytes(node.value.length)}; the limit is ${formatBytes(limits.maxFrontMatterChars)}`, 'limit');
      }
      const located = parseLocatedYaml(node.value, name, startLine, limits.maxYamlAliases);
      placeOf = located.placeOf;
      const value = located.value ?? {};
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new SahifaError({ file: name, line: startLine + 1, column: 1 }, 'front matter must be a mapping of keys to values', 'front-matter');
      }
      raw = value as Record<string, unknown>;
      // YAML escapes ("\uFFFE", "\x01") make characters XML does not allow; the parser removed those written as such
      const clean = (v: unknown, path: PropertyKey[]): unknown => {
        if (typeof v === 'string') {
          if (!hasXmlIllegal(v)) return v;
          const p = placeOf(path);
          const ch = v.match(XML_ILLEGAL)![0];
          warn(`front-matter key \`${path.map(String).join('.')}\`: character ${codePointName(ch)} is not allowed in XML (DOCX, HTML): removed`, p.line, p.column, 'illegal-character');
          return v.replace(XML_ILLEGAL, '');
        }
        if (Array.isArray(v)) return v.map((x, i) => clean(x, [...path, i]));
        if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [stripXmlIllegalKey(k), clean(x, [...path, k])]));
        return v;
      };
      raw = clean(raw, []) as Record<string, unknown>;
      tree.children.splice(index, 1);
    } else if (toml < 0) {
      warn('no front matter: add a --- block with at least `title:` and `lang:`', 1, 1);
    }
    for (const key of Object.keys(raw)) {
      // `series:` with nothing after it (common in Jekyll and Hugo front matter): as if absent
      if (raw[key] === null) {
        const p = placeOf([key]);
        warn(`front-matter key \`${key}\` is empty (ignored)`, p.line, p.column);
        delete raw[key];
        continue;
      }
      if (!FRONT_MATTER_KEYS.has(key)) {
        const p = placeOf([key]);
        warn(`unknown front-matter key \`${key}\` (ignored)${didYouMean(key, FRONT_MATTER_KEYS)}`, p.line, p.column);
      }
    }
    const result = frontMatterSchema.safeParse(raw);
    if (!result.success) {
      // every invalid key at once, in the order of the source
      const all = result.error.issues.map((issue) => {
        const keyName = issue.path.map(String).join('.') || '(front matter)';
        return new SahifaError({ file: name, ...placeOf(issue.path) }, `front matter key \`${keyName}\`: ${issue.message}`, 'front-matter');
      });
      all.sort((a, b) => (a.place.line ?? 0) - (b.place.line ?? 0) || (a.place.column ?? 0) - (b.place.column ?? 0));
      throw all.length === 1 ? all[0]! : new SahifaErrors(all);
    }
    if (result.data.title === undefined && node) warn('no `title` in the front matter: the title block is left out', 1, 1);
    const guessed = result.data.lang ?? guessLang(toString(tree, { includeHtml: false }));
    if (result.data.lang === undefined) warn(`no \`lang\` in the front matter: guessed \`${guessed}\` from the text`, 1, 1);
    file.data.meta = resolveFrontMatter(result.data, guessed);
  };
}

/** A mapping key without the characters XML does not allow (keys are not printed, but may be echoed in messages). */
function stripXmlIllegalKey(key: string): string {
  return hasXmlIllegal(key) ? key.replace(XML_ILLEGAL, '') : key;
}
