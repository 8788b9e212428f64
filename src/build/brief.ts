/**
 * Building one brief: read and parse it, fetch its allowed remote images, load its template,
 * render every format in memory, then write them all atomically (`atomic.ts`). `buildOne` is what
 * each worker thread of the batch runs; the batch (`batch.ts`) also uses the steps one by one.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeAtomic } from '../atomic.js';
import { filesRootOf } from '../io/paths.js';
import { knownHash, rememberHash, sha256Of, type FileHash } from '../manifest/index.js';
import { creationDate } from '../model/date.js';
import { SahifaError, isSystemError, systemErrorText } from '../model/errors.js';
import { frontMatterKeyPlace } from '../model/front-matter.js';
import type { Limits } from '../model/limits.js';
import { parse, type ParsedBrief } from '../parse/index.js';
import { hasCharts } from '../parse/plugins/charts.js';
import { uncoveredCharacters } from '../templates/coverage.js';
import { warningOf, type BriefWarning } from '../model/warnings.js';
import { loadTemplate } from '../templates/load.js';
import { coverageFiles, prepareFontCoverage } from '../templates/font-files.js';
import type { LoadedTemplate } from '../templates/schema.js';
import type { VFileMessage } from 'vfile-message';
import { FORMATS, getWriter, type Format, type PageLayout } from '../writers/index.js';
import { readBrief } from './scan.js';

/**
 * Render settings that are not part of the template, passed to every writer and recorded in the
 * manifest (a change rebuilds). Plain data, so they cross to worker threads.
 */
export interface RenderSettings {
  /** HTML: one self-contained file, fonts subset and inlined as data URLs, images inlined. */
  readonly selfContained?: boolean | undefined;
  /** HTML: keep the brief's raw HTML unsanitised and leave out the Content-Security-Policy (`--allow-html`; trusted briefs only). */
  readonly allowHtml?: boolean | undefined;
  /** Hosts remote images may be fetched from (`--allow-remote`); none by default. */
  readonly allowRemote?: readonly string[] | undefined;
  /** Overrides of the input limits (see `model/limits.ts`). */
  readonly limits?: Partial<Limits> | undefined;
}

/** Options of {@link buildOne}. */
export interface BuildOneOptions {
  /** The brief's Markdown file (absolute, or relative to `root`). */
  readonly source: string;
  readonly root?: string | undefined;
  readonly outDir?: string | undefined;
  readonly formats?: readonly Format[] | undefined;
  readonly template?: string | undefined;
  readonly settings?: RenderSettings | undefined;
}

/** What {@link buildOne} wrote. */
export interface BuiltBrief {
  /** Source path relative to the root. */
  readonly source: string;
  /** Per format: files written, relative to the output folder (`/`-separated) → SHA-256 (hex). */
  readonly outputs: Partial<Record<Format, Record<string, string>>>;
  /** The brief's warnings (parser, writers, font coverage), each at its place. */
  readonly warnings: readonly BriefWarning[];
  /**
   * The images the outputs were made from (figures and the template's logo), each with the SHA-256
   * of the bytes embedded (see {@link imageHashes}); the manifest records these.
   */
  readonly images?: readonly FileHash[] | undefined;
}

/**
 * {@link writeAtomic}, unless the file already holds exactly these bytes (`hash`, SHA-256) as far
 * as this process knows: it wrote or hashed them and the file's stamp has not changed since
 * (`knownHash`). The template's fonts copied next to every HTML page are megabytes.
 *
 * @throws the `fs` error of {@link writeAtomic}
 */
async function writeUnlessUnchanged(file: string, bytes: Uint8Array, hash: string): Promise<void> {
  if ((await knownHash(file)) === hash) return;
  await writeAtomic(file, bytes);
  await rememberHash(file, hash);
}

/** Path relative to the root with `/` separators (absolute when outside the root). */
export function rel(root: string, path: string): string {
  const r = relative(root, path);
  return (r.startsWith('..') ? path : r).split(sep).join('/');
}

/**
 * The warnings of a prepared brief: each message of the parser and the writers, then each
 * character no font of the template's body stack covers (rule `font-coverage`).
 */
export function warningsOf(p: Prepared): BriefWarning[] {
  const { doc } = p;
  const parsed = (doc.messages ?? []).map((m) => warningOf(doc.path, m));
  const fonts = [p.template.template.roles.body.font, ...p.template.template.roles.body.fallback].map((k) => p.template.template.fonts[k]!.family).join(', ');
  const uncovered = uncoveredCharacters(doc.tree, p.template).map(
    (u): BriefWarning => ({
      file: doc.path,
      line: u.line,
      column: u.column,
      message: `character «${u.char}» (U+${u.char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) has no glyph in ${fonts}: it prints as a box`,
      severity: 'warning',
      ruleId: 'font-coverage',
    }),
  );
  return [...parsed, ...uncovered];
}

/**
 * The images a prepared brief's outputs are made from, for the manifest: every image the parser
 * looked at for a figure (sorted by path; `sha256: null` for one it read nothing from: missing,
 * outside the project folder, not a file), then the template's logo. Each hash is of the bytes
 * the parser read or fetched and the writers embed, never of a second read of the file: an image
 * replaced during a build is not recorded with the output made from the old one, and a remote
 * image is an input like a local one (its URL as path).
 *
 * @returns paths relative to `root` (`/`-separated; absolute outside it; URLs as written)
 */
export function imageHashes(p: Prepared, root: string): FileHash[] {
  const seen = new Map<string, FileHash>();
  for (const input of p.doc.imageInputs) {
    const entry: FileHash = { path: isAbsolute(input.path) ? rel(root, input.path) : input.path, sha256: input.bytes ? sha256Of(input.bytes) : null };
    seen.set(`${entry.path}\0${entry.sha256 ?? ''}`, entry);
  }
  const sorted = [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.sha256 ?? '') < (b.sha256 ?? '') ? -1 : 1));
  const logo = p.template.logo;
  return logo ? [...sorted, { path: rel(root, logo.file), sha256: sha256Of(logo.bytes) }] : sorted;
}

/** A brief parsed and its template loaded, ready to render. */
export interface Prepared {
  readonly source: string;
  readonly shown: string;
  /** Project root (outputs are named relative to it in messages). */
  readonly root: string;
  readonly doc: ParsedBrief;
  readonly template: LoadedTemplate;
  readonly created: Date;
  readonly text: string;
  readonly settings: RenderSettings;
}

/**
 * Fetches the remote images of a parsed brief whose hosts are allowed (see `model/remote.ts`).
 *
 * @throws {SahifaError} rule `remote`, at the image, when one cannot be fetched
 */
async function fetchRemote(doc: ParsedBrief, allowed: readonly string[]): Promise<Map<string, Uint8Array>> {
  const { fetchImage } = await import('../io/fetch-image.js');
  const out = new Map<string, Uint8Array>();
  for (const url of doc.remoteWanted) {
    const at = doc.messages.find((m) => m.ruleId === 'remote-image' && m.reason.includes(`"${url}"`));
    out.set(url, await fetchImage(url, allowed, { file: doc.path, line: at?.line ?? undefined, column: at?.column ?? undefined }));
  }
  return out;
}

/**
 * Loads the template a brief asks for. An unknown template named in the brief's front matter is
 * a problem of the brief: it is reported at its `template:` key, as `sahifa check` does.
 */
function templateOf(doc: ParsedBrief, text: string, override: string | undefined, root: string): LoadedTemplate {
  const name = override ?? doc.meta.template;
  try {
    return loadTemplate(name ?? 'policy-brief', { root });
  } catch (err) {
    if (override !== undefined || name === undefined || !(err instanceof SahifaError) || err.place.line !== undefined) throw err;
    const at = frontMatterKeyPlace(text, 'template') ?? { line: 1, column: 1 };
    throw new SahifaError({ file: doc.path, ...at }, err.reason, err.ruleId);
  }
}

/** Reads, parses and finds the template of one brief. @throws {SahifaError} content and template errors */
export async function prepare(source: string, root: string, template: string | undefined, settings: RenderSettings = {}): Promise<Prepared> {
  const shown = relative(root, source) || source;
  const text = await readBrief(source, root);
  const parseOptions = { cwd: root, root: filesRootOf(source, root), limits: settings.limits, allowRemote: settings.allowRemote };
  let doc = parse(text, shown, parseOptions);
  if (doc.remoteWanted.length) doc = parse(text, shown, { ...parseOptions, fetched: await fetchRemote(doc, settings.allowRemote ?? []) });
  const loaded = templateOf(doc, text, template, root);
  await prepareFontCoverage(coverageFiles(loaded));
  // charts are drawn once here, with the template's looks (vega is loaded only for a brief with one)
  if (hasCharts(doc.tree)) await (await import('../charts/render.js')).renderCharts(doc, loaded);
  return { source, shown, root, doc, template: loaded, created: creationDate(doc.meta.date), text, settings };
}

/**
 * Renders the given formats in memory, then writes them all (so a content error in one format
 * leaves every previous file in place).
 */
export async function render(p: Prepared, formats: readonly Format[], outDir: string): Promise<Partial<Record<Format, Record<string, string>>>> {
  const files: { format: Format; path: string; bytes: Uint8Array }[] = [];
  let layout: PageLayout | undefined; // the PDF's, for the DOCX's table of contents
  for (const format of formats) {
    const writer = await getWriter(format);
    const result = await writer.write({ doc: p.doc, template: p.template, created: p.created, outDir, ...p.settings, layout });
    layout ??= result.layout;
    // the writer's warnings join the parser's (warningsOf reads them after rendering)
    if (result.messages?.length) (p.doc.messages as VFileMessage[]).push(...result.messages);
    files.push({ format, path: `${p.doc.slug}.${writer.extension}`, bytes: result.bytes });
    for (const asset of result.assets) files.push({ format, path: asset.path, bytes: asset.bytes });
  }
  // written side by side (each through its own temporary file): one after the other, a warm
  // rebuild spent about a tenth of its time waiting for the file system
  const hashes = files.map((f) => sha256Of(f.bytes));
  const written = await Promise.allSettled(files.map((f, i) => writeUnlessUnchanged(join(outDir, f.path), f.bytes, hashes[i]!)));
  for (const result of written) {
    if (result.status === 'fulfilled') continue;
    const err: unknown = result.reason;
    // a full disk, a read-only folder, a file in the way: one line naming the output, no stack
    if (isSystemError(err)) throw new SahifaError({ file: p.shown }, systemErrorText(err, (path) => rel(p.root, path), err.syscall === 'mkdir' ? undefined : 'cannot write'), 'output');
    throw err;
  }
  const outputs: Partial<Record<Format, Record<string, string>>> = {};
  files.forEach((f, i) => ((outputs[f.format] ??= {})[f.path] = hashes[i]!));
  return outputs;
}

/**
 * Builds one brief, unconditionally (no manifest): parse, render each format, write atomically.
 * This is what each worker thread of the batch (`build` in `batch.ts`) runs.
 *
 * @throws {SahifaError} for content and template errors (with file, line and column), and rule
 *   `output` for a file that cannot be written (no permission, full disk, a file in the way)
 * @throws Error for a writer's internal failure
 */
export async function buildOne(options: BuildOneOptions): Promise<BuiltBrief> {
  const root = resolve(options.root ?? process.cwd());
  const outDir = resolve(root, options.outDir ?? 'output');
  const p = await prepare(resolve(root, options.source), root, options.template, options.settings);
  const outputs = await render(p, options.formats ?? FORMATS, outDir);
  return { source: p.shown, outputs, warnings: warningsOf(p), images: imageHashes(p, root) };
}
