/**
 * `sahifa check`: parses and validates briefs without writing anything. Problems are vfile
 * messages (file, line, column, rule id, `source: 'sahifa'`; errors have `fatal: true`) so the
 * report can be printed one line per problem ({@link formatCheckReport}) or serialised as JSON for
 * machines.
 *
 * Besides the rules in `rules.ts`, a brief is run through the real parser (front matter, YAML,
 * components, `::chart` attributes, files and columns: its errors and warnings are reported as they
 * are), its template is loaded (an invalid template is reported against the template file), and
 * its charts are drawn as the build draws them (`charts/render.ts`: a spec vega rejects).
 */
import { relative, resolve } from 'node:path';
import type { Root } from 'mdast';
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { parse as parseYaml } from 'yaml';
import { readBrief, scanBriefs } from '../build/scan.js';
import { eachError, SahifaError, visible } from '../model/errors.js';
import { frontMatterKeyPlace } from '../model/front-matter.js';
import { renderCharts } from '../charts/render.js';
import { parse, type ParsedBrief } from '../parse/index.js';
import { hasCharts } from '../parse/plugins/charts.js';
import { sahifaSyntax } from '../parse/syntax.js';
import { fontCoverage, prepareFontCoverage } from '../templates/font-files.js';
import { loadTemplate } from '../templates/load.js';
import { filesRootOf } from '../io/paths.js';
import type { LoadedTemplate } from '../templates/schema.js';
import { LineIndex } from './locate.js';
import { error, headingIncrement, missingFiles, mixedDigits, uncoveredCharacters, unknownDirectives, type RuleContext } from './rules.js';

/** Options of {@link check}. Paths are resolved against `root`. */
export interface CheckOptions {
  /** Files or folders of briefs. Default `content/`. */
  readonly paths?: readonly string[] | undefined;
  /** Project root (templates/, fonts/). Default `process.cwd()`. */
  readonly root?: string | undefined;
  /** Template name that overrides each brief's `template` key. */
  readonly template?: string | undefined;
  /** Count warnings as failures in {@link CheckResult.ok}. */
  readonly strict?: boolean | undefined;
}

/** Result of {@link check}. */
export interface CheckResult {
  /** One file per brief (in the order found), then one per template that has problems; paths relative to the root. */
  readonly files: readonly VFile[];
  /** Number of error messages (`fatal: true`). */
  readonly errors: number;
  /** Number of warning messages. */
  readonly warnings: number;
  /** No errors (and, with `strict`, no warnings either). */
  readonly ok: boolean;
}

/** One message in {@link CheckReport}. Lines and columns are 1-based (columns in UTF-16 code units). */
export interface CheckReportMessage {
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  readonly severity: 'error' | 'warning' | 'info';
  readonly ruleId: string | null;
  readonly source: string | null;
  readonly reason: string;
}

/** The machine-readable report (`sahifa check --format json`). */
export interface CheckReport {
  readonly ok: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly files: readonly { readonly path: string; readonly messages: readonly CheckReportMessage[] }[];
}

/** The `template:` value of raw front matter when it is readable, for briefs whose front matter fails validation. */
function rawTemplateName(tree: Root): string | undefined {
  const yaml = tree.children.find((n) => n.type === 'yaml');
  if (!yaml || yaml.type !== 'yaml') return undefined;
  try {
    const value = parseYaml(yaml.value) as { template?: unknown } | null;
    return typeof value?.template === 'string' ? value.template : undefined;
  } catch {
    return undefined;
  }
}

/** A parser or chart error (and those it carries) as fatal vfile messages of `file`. */
function fatalMessages(err: SahifaError, file: string): VFileMessage[] {
  return [...eachError(err)].map((e) => {
    const place = e.place.line !== undefined ? { line: e.place.line, column: e.place.column ?? 1 } : undefined;
    const m = new VFileMessage(e.reason, { place, ruleId: e.ruleId, source: 'sahifa' });
    m.file = file;
    m.fatal = true;
    return m;
  });
}

/** Messages of the parser that a syntax rule already reports at the same line are left out. */
const COVERED_BY: Readonly<Record<string, string>> = { image: 'missing-file', directive: 'unknown-directive' };

/**
 * Checks briefs without writing outputs: the parser's errors and warnings, the template, and the
 * rules of `rules.ts` (unknown directives, missing local images and files, heading jumps,
 * characters the body font does not cover, mixed digit systems).
 *
 * A brief that cannot be read (a symbolic link that leads out of the project folder, a broken or
 * looping link) is reported as an error of its own (rule `path`) and nothing is read from it.
 *
 * @throws {SahifaError} `missing-path` rule when a given path does not exist
 */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const root = resolve(options.root ?? process.cwd());
  const found = await scanBriefs(options.paths?.length ? options.paths : ['content'], root);
  const files: VFile[] = [];
  const templateFiles = new Map<string, VFile>();

  for (const { path: source, problem } of found) {
    const shown = relative(root, source) || source;
    // A brief that cannot be read (a symbolic link out of the project, a broken link…) is an error of its own; nothing is read from it.
    let raw: string;
    try {
      if (problem !== undefined) throw new SahifaError({ file: shown }, problem, 'path');
      raw = await readBrief(source, root);
    } catch (err) {
      if (!(err instanceof SahifaError)) throw err;
      const unread = new VFile({ path: shown });
      const { line, column } = err.place;
      unread.message(err.reason, { ruleId: err.ruleId, source: 'sahifa', ...(line !== undefined ? { place: { line, column: column ?? 1 } } : {}) }).fatal = true;
      files.push(unread);
      continue;
    }
    const text = raw.replace(/^\uFEFF/, '');
    const file = new VFile({ path: shown, value: text });
    files.push(file);

    // 1. The real parser: front matter, YAML, components. It stops at its first error.
    let templateName = options.template;
    const parserMessages: VFileMessage[] = [];
    let doc: ParsedBrief | undefined;
    try {
      doc = parse(text, shown, { cwd: root, root: filesRootOf(source, root) });
      parserMessages.push(...doc.messages);
      templateName ??= doc.meta.template;
    } catch (err) {
      if (!(err instanceof SahifaError)) throw err;
      for (const e of eachError(err)) {
        const place = e.place.line !== undefined ? { line: e.place.line, column: e.place.column ?? 1 } : undefined;
        const m = new VFileMessage(e.reason, { place, ruleId: e.ruleId, source: 'sahifa' });
        m.fatal = true;
        // a problem of another file the brief reads (a broken .bib): reported at that file
        if (e.place.file && e.place.file !== shown) {
          m.file = e.place.file;
          let other = templateFiles.get(e.place.file);
          if (!other) templateFiles.set(e.place.file, (other = new VFile({ path: e.place.file })));
          other.messages.push(m);
          continue;
        }
        m.file = shown;
        parserMessages.push(m);
      }
    }

    // Input over the limits is not parsed again for the rules below: that parse is what the
    // limits keep out (minutes and gigabytes for a 2 MB brief of emphasis or nested lists).
    if (parserMessages.some((m) => m.fatal === true && m.ruleId === 'limit')) {
      file.messages.push(...parserMessages);
      continue;
    }

    // 2. Syntax rules on the untransformed tree (the parser's syntax, without its transforms).
    const tree = sahifaSyntax.parse(file) as Root;
    templateName ??= rawTemplateName(tree);
    const ctx: RuleContext = { file, text, tree, path: source, lines: new LineIndex(text) };
    unknownDirectives(ctx);
    missingFiles(ctx, filesRootOf(source, root));
    headingIncrement(ctx);
    mixedDigits(ctx);

    // 3. The template, and the characters its body font covers.
    let loaded: LoadedTemplate | undefined;
    try {
      loaded = loadTemplate(templateName ?? 'policy-brief', { root });
    } catch (err) {
      if (!(err instanceof SahifaError)) throw err;
      if (err.place.line === undefined) {
        // Unknown template name: a problem of the brief, at its `template:` key.
        error(file, err.reason, frontMatterKeyPlace(text, 'template') ?? { line: 1, column: 1 }, 'template');
      } else {
        const path = relative(root, err.place.file) || err.place.file;
        let tf = templateFiles.get(path);
        if (!tf) {
          tf = new VFile({ path });
          templateFiles.set(path, tf);
          error(tf, err.reason, { line: err.place.line, column: err.place.column ?? 1 }, 'template');
        }
      }
    }
    if (loaded) {
      // The body role's font stack: its font, then its fallbacks (templates may list none).
      const body = loaded.template.roles.body as { font: string; fallback?: readonly string[] };
      const keys = [body.font, ...(body.fallback ?? [])];
      const faces = keys.map((k) => ({ key: k, path: loaded.fontFiles[k]?.regular })).filter((f): f is { key: string; path: string } => Boolean(f.path));
      if (faces.length) {
        // the same cmap coverage the writers use for fallback and font embedding
        await prepareFontCoverage(faces.map((f) => f.path));
        const covers = faces.map((f) => fontCoverage(f.path));
        const names = faces.map((f) => loaded.template.fonts[f.key]?.family ?? f.key).join(', ');
        uncoveredCharacters(ctx, covers, names);
      }
      // 4. Charts: drawn as the build draws them (vega-lite and vega load only for a brief with
      // one), so a spec they reject is the same error at the same directive.
      if (doc && hasCharts(doc.tree)) {
        try {
          await renderCharts(doc, loaded);
        } catch (err) {
          if (!(err instanceof SahifaError)) throw err;
          parserMessages.push(...fatalMessages(err, shown));
        }
      }
    }

    // Parser messages last, minus those a syntax rule already reports at the same line.
    for (const m of parserMessages) {
      const covering = m.ruleId ? COVERED_BY[m.ruleId] : undefined;
      if (covering && file.messages.some((x) => x.ruleId === covering && x.line === m.line)) continue;
      file.messages.push(m);
    }
    file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  }

  files.push(...templateFiles.values());
  const all = files.flatMap((f) => f.messages);
  const errors = all.filter((m) => m.fatal === true).length;
  const warnings = all.filter((m) => m.fatal === false).length;
  return { files, errors, warnings, ok: errors === 0 && (!options.strict || warnings === 0) };
}

/** The JSON report of a {@link CheckResult}: plain data, stable field order. */
export function checkReport(result: CheckResult): CheckReport {
  return {
    ok: result.ok,
    errors: result.errors,
    warnings: result.warnings,
    files: result.files.map((f) => ({
      path: f.path,
      messages: f.messages.map((m) => ({
        line: m.line ?? null,
        column: m.column ?? null,
        endLine: m.place && 'end' in m.place ? m.place.end.line : null,
        endColumn: m.place && 'end' in m.place ? m.place.end.column : null,
        severity: m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info',
        ruleId: m.ruleId ?? null,
        source: m.source ?? null,
        reason: m.reason,
      })),
    })),
  };
}

/**
 * The human report: one line per problem, each starting with its place, as compilers print them
 * (and editors and CI logs link them): `file:line:column: severity: reason [rule]`. A problem
 * with no line of its own (a file that cannot be read) is placed at 1:1. Files without problems
 * are left out; the empty string when there is no problem.
 *
 * @param color ANSI colours on the severity (off for `NO_COLOR`, CI and pipes)
 */
export async function formatCheckReport(result: CheckResult, color: boolean): Promise<string> {
  const paint = (severity: string): string => {
    if (!color) return severity;
    return severity === 'error' ? `\x1b[31m${severity}\x1b[39m` : `\x1b[33m${severity}\x1b[39m`;
  };
  const lines: string[] = [];
  for (const file of result.files) {
    for (const m of file.messages) {
      const severity = m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info';
      const reason = visible(m.reason.replace(/\s*\n\s*/g, ' '));
      lines.push(`${visible(file.path)}:${m.line ?? 1}:${m.column ?? 1}: ${paint(severity)}: ${reason}${m.ruleId ? ` [${m.ruleId}]` : ''}`);
    }
  }
  return lines.join('\n');
}
