/**
 * The rules of `sahifa check` that look at a brief's Markdown syntax tree. Each adds vfile messages
 * (`source: 'sahifa'`, a rule id, the place of the problem); errors have `fatal: true`.
 *
 * One rule for `check` and `build`: what stops `build` is an error, what `build` works around (an
 * unknown directive printed as plain text, a missing image shown as its alt text) is a warning in
 * both; `sahifa check --strict` fails on warnings too.
 *
 * | rule id               | severity | what                                                              |
 * |-----------------------|----------|-------------------------------------------------------------------|
 * | `unknown-directive`   | warning  | `:::name` / `::name` not a known container / leaf directive        |
 * | `missing-file`        | warning  | a relative image or link target that does not exist               |
 * | `path`                | error    | a linked file that leads outside the project folder (an image: a warning, from the parser) |
 * | `heading-increment`   | warning  | a heading more than one level below the previous (title = level 1) |
 * | `uncovered-character` | warning  | a character the template's body font has no glyph for             |
 * | `mixed-digits`        | warning  | European, Arabic-Indic and Persian digits mixed in one brief       |
 */
import type { Nodes, Root } from 'mdast';
import type {} from 'mdast-util-directive';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { KNOWN_CONTAINER_DIRECTIVES, KNOWN_LEAF_DIRECTIVES } from '../model/directives.js';
import { didYouMean } from '../model/suggest.js';
import { hasXmlIllegal } from '../model/xml-chars.js';
import { findUncovered } from '../templates/coverage.js';
import { localRefs } from './local-refs.js';
import { type LineIndex, sourceOffset } from './locate.js';

/** What a rule gets: the file to report on, its text and syntax tree, and the brief's absolute path. */
export interface RuleContext {
  readonly file: VFile;
  /** The Markdown text the tree was parsed from. */
  readonly text: string;
  readonly tree: Root;
  /** Absolute path of the brief (relative links resolve against its folder). */
  readonly path: string;
  readonly lines: LineIndex;
}

type Place = { line: number; column: number } | NonNullable<Nodes['position']> | undefined;

/** Adds an error (fatal) message. */
export function error(file: VFile, reason: string, place: Place, ruleId: string): void {
  const m = file.message(reason, { place, ruleId, source: 'sahifa' });
  m.fatal = true;
}

/** Adds a warning message. */
export function warning(file: VFile, reason: string, place: Place, ruleId: string): void {
  const m = file.message(reason, { place, ruleId, source: 'sahifa' });
  m.fatal = false;
}

/** Container and leaf directives must have a known name; inline `:name` is printed as written, so it is not checked. */
export function unknownDirectives({ file, tree }: RuleContext): void {
  visit(tree, (node) => {
    if (node.type !== 'containerDirective' && node.type !== 'leafDirective') return;
    // a name is known for its kind: `::figure` is a leaf, `:::figure` is no container
    const known = node.type === 'containerDirective' ? KNOWN_CONTAINER_DIRECTIVES : KNOWN_LEAF_DIRECTIVES;
    if (known.has(node.name.toLowerCase())) return;
    const marker = node.type === 'containerDirective' ? ':::' : '::';
    const hint = didYouMean(node.name, known, (n) => `\`${marker}${n}\``);
    warning(file, `unknown directive \`${marker}${node.name}\` (known: ${[...known].map((name) => marker + name).join(', ')})${hint}`, node.position, 'unknown-directive');
  });
}

/**
 * Relative image and link targets must exist and stay inside the project folder (paths resolve
 * against the brief's folder; nothing outside `root` is looked at).
 *
 * @param root absolute folder files must stay inside (`filesRootOf` of the brief)
 */
export function missingFiles({ file, tree, path }: RuleContext, root: string): void {
  for (const ref of localRefs(tree, path, root)) {
    const what = ref.kind === 'image' ? 'image' : 'linked file';
    if (ref.refused !== undefined) {
      // the parser reports an image's refusal at the same place
      if (ref.kind === 'link') error(file, `${what} "${ref.url}": ${ref.refused}`, ref.node.position, 'path');
      continue;
    }
    if (!ref.exists) warning(file, `${what} not found: ${ref.url}`, ref.node.position, 'missing-file');
  }
}

/** Headings may go down one level at a time; the title block counts as level 1. */
export function headingIncrement({ file, tree }: RuleContext): void {
  let previous = 1;
  visit(tree, 'heading', (node) => {
    if (node.depth > previous + 1) {
      const from = previous === 1 ? 'the title (level 1)' : `level ${previous}`;
      warning(file, `heading level ${node.depth} follows ${from}: use level ${previous + 1}`, node.position, 'heading-increment');
    }
    previous = node.depth;
  });
}

/**
 * Every printed character (body text, headings, code, and front-matter values) should be in the
 * cmap of one of the fonts: the one rule of `templates/coverage.ts`, each occurrence a warning at
 * its own line and column in the source: `build` prints it as a box with the same warning, so it
 * is no error here (one rule). Characters XML does not allow are skipped: the parser removes them
 * (rule `illegal-character`).
 *
 * @param fonts the code points each font of the template's body stack covers (its regular face's
 *   cmap, `fontCoverage`): the body font, then its fallbacks
 * @param fontNames shown in messages, e.g. `Amiri, Noto Serif Hebrew`
 */
export function uncoveredCharacters(ctx: RuleContext, fonts: readonly ReadonlySet<number>[], fontNames: string): void {
  const { file, tree, text, lines } = ctx;
  for (const { node, char, index } of findUncovered(tree, fonts)) {
    if (hasXmlIllegal(char)) continue;
    const hex = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    const point = lines.point(sourceOffset(node, index, text));
    warning(file, `character «${char}» (U+${hex}) has no glyph in the template's body font${fonts.length > 1 ? 's' : ''} (${fontNames})`, point, 'uncovered-character');
  }
}

const DIGIT_SYSTEMS = [
  { name: 'European', sample: '0-9', re: /[0-9]/ },
  { name: 'Arabic-Indic', sample: '٠-٩', re: /[\u0660-\u0669]/ },
  { name: 'Persian', sample: '۰-۹', re: /[\u06F0-\u06F9]/ },
] as const;

/**
 * One brief should write its numbers in one digit system. Numbers (runs of digits) are counted per
 * system in the text (code excluded); when several systems occur, each minority system gets one
 * warning at its first number.
 */
export function mixedDigits({ file, tree, text, lines }: RuleContext): void {
  const counts = DIGIT_SYSTEMS.map(() => 0);
  const first: ({ node: Nodes & { value: string }; index: number } | undefined)[] = DIGIT_SYSTEMS.map(() => undefined);
  visit(tree, 'text', (node) => {
    for (const m of node.value.matchAll(/[0-9]+|[\u0660-\u0669]+|[\u06F0-\u06F9]+/g)) {
      const system = DIGIT_SYSTEMS.findIndex((s) => s.re.test(m[0]));
      counts[system]!++;
      first[system] ??= { node, index: m.index };
    }
  });
  const used = counts.map((n, i) => ({ n, i })).filter((x) => x.n > 0);
  if (used.length < 2) return;
  // Majority: most numbers; ties go to the system that appears first.
  const order = (i: number): number => first[i]!.node.position?.start.offset ?? 0;
  const major = used.reduce((a, b) => (b.n > a.n || (b.n === a.n && order(b.i) < order(a.i)) ? b : a));
  const majorSystem = DIGIT_SYSTEMS[major.i]!;
  for (const { n, i } of used) {
    if (i === major.i) continue;
    const s = DIGIT_SYSTEMS[i]!;
    const at = first[i]!;
    const point = lines.point(sourceOffset(at.node, at.index, text));
    warning(
      file,
      `mixed digit systems: ${s.name} digits (${s.sample}) in ${n} number${n > 1 ? 's' : ''}, ${majorSystem.name} digits (${majorSystem.sample}) in ${major.n}: write all numbers in one system`,
      point,
      'mixed-digits',
    );
  }
}
