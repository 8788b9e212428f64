/**
 * The library API behind `sahifa build`: find briefs, decide from the manifest which ones changed,
 * build those (in worker threads when there are several), write every output atomically
 * (temporary file, then rename) and record what was built in `<outDir>/.sahifa-manifest.json`.
 *
 * The path for a single brief stays in this thread and loads neither `worker_threads` nor
 * anything of `watch`: cold start time matters for one brief.
 */
import { existsSync } from 'node:fs';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { removeStaleTemporaries, writeAtomic } from './atomic.js';
import {
  FileHasher,
  MANIFEST_NAME,
  SAHIFA_VERSION,
  outputsIntact,
  readManifest,
  sameInputs,
  serialiseManifest,
  knownHash,
  rememberHash,
  sha256,
  sha256Of,
  type FileHash,
  type FormatInputs,
  type FormatRecord,
  type Manifest,
} from './manifest/index.js';
import { decodeBrief } from './model/encoding.js';
import { SahifaError, formatPlace, isSystemError, systemErrorReason, systemErrorText } from './model/errors.js';
import { frontMatterKeyPlace } from './model/front-matter.js';
import type { Limits } from './model/limits.js';
import { briefPath, filesRootOf } from './model/paths.js';
import { parse, type ParsedBrief } from './parse/index.js';
import { inShard, type Shard } from './shard/index.js';
import { uncoveredCharacters } from './templates/coverage.js';
import { loadTemplate } from './templates/load.js';
import type { LoadedTemplate } from './templates/schema.js';
import { FORMATS, getWriter, type Format } from './writers/index.js';

// written by atomic.ts (which `sahifa merge` uses too), part of the API here as before
export { removeStaleTemporaries, writeAtomic };

/** Options of {@link build}. Paths are resolved against `root`. */
export interface BuildOptions {
  /** Files or folders; folders are searched for `.md` files (not into `node_modules` or dot folders). Default `content/`. */
  readonly paths?: readonly string[] | undefined;
  /** Output folder. Default `output/`. */
  readonly outDir?: string | undefined;
  /** Formats to write. Default all three. */
  readonly formats?: readonly Format[] | undefined;
  /** Template name that overrides the brief's `template` key. */
  readonly template?: string | undefined;
  /** Project root (templates/, fonts/, content/). Default `process.cwd()`. */
  readonly root?: string | undefined;
  /** Rebuild every brief even when the manifest says its inputs and outputs are unchanged. */
  readonly force?: boolean | undefined;
  /**
   * Most briefs built at once, each in a worker thread. Default {@link defaultJobs}; capped by
   * the number of briefs to build. With 1 (or one brief to build) everything runs in this thread.
   */
  readonly jobs?: number | undefined;
  /** Called as the build goes: once at the start, then once per brief as it finishes. */
  readonly onProgress?: ((event: BuildEvent) => void) | undefined;
  /** How outputs are rendered beyond the template (e.g. a self-contained HTML page). */
  readonly settings?: RenderSettings | undefined;
  /**
   * Build only this share of the briefs found (`--shard K/N`): those whose project-relative path
   * hashes to shard K of N (see `shardOf`). Other briefs are left out of the build and of its
   * result; their manifest entries are kept as they are.
   */
  readonly shard?: Shard | undefined;
}

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

/** What happened to a brief: `built` (at least one format written), `skipped` (all unchanged), `failed`. */
export type BriefStatus = 'built' | 'skipped' | 'failed';

/** What happened to one brief. */
export interface BriefResult {
  /** Source path relative to the root. */
  readonly source: string;
  readonly status: BriefStatus;
  /** Files written, relative to the root (empty when skipped or failed). */
  readonly outputs: readonly string[];
  /** Formats written. */
  readonly built: readonly Format[];
  /** Formats left alone because their inputs and outputs were unchanged. */
  readonly skipped: readonly Format[];
  /** Parser warnings, each `file:line:column: reason`. */
  readonly warnings: readonly string[];
  /** The error that stopped this brief, if any (other briefs still build). */
  readonly error?: SahifaError | Error | undefined;
}

/** Result of a build: one entry per brief, in the order found. */
export interface BuildResult {
  readonly briefs: readonly BriefResult[];
  /** True when no brief failed. */
  readonly ok: boolean;
  /** Number of briefs per status. */
  readonly built: number;
  readonly skipped: number;
  readonly failed: number;
}

/** Progress of a {@link build}. */
export type BuildEvent =
  | {
      readonly type: 'start';
      /** Briefs found. */
      readonly total: number;
      /** Briefs that need building (the others are skipped or already failed). */
      readonly toBuild: number;
      /** Worker threads used (0: built in this thread). */
      readonly workers: number;
    }
  | {
      readonly type: 'brief';
      readonly brief: BriefResult;
      /** Briefs finished so far, this one included. */
      readonly done: number;
      readonly total: number;
    };

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
  /** Parser warnings, each `file:line:column: reason`. */
  readonly warnings: readonly string[];
  /**
   * The images the outputs were made from (figures and the template's logo), each with the SHA-256
   * of the bytes embedded (see {@link imageHashes}); the manifest records these.
   */
  readonly images?: readonly FileHash[] | undefined;
}

/** A path {@link scanBriefs} found: a brief to read, or an entry that cannot be read and why. */
export interface FoundBrief {
  /** Absolute path as found (symbolic links not resolved: messages and output names use it). */
  readonly path: string;
  /** Why it cannot be read (a broken or looping link, a link out of the project folder…), if so. */
  readonly problem?: string | undefined;
}

/**
 * Searches the given paths for briefs: `.md` files in folders (not in `node_modules` or dot
 * folders), and every file named explicitly. Symbolic links are followed only when they stay
 * inside the project root (see {@link briefPath}); a folder reached twice (a link looping back)
 * is searched once, under its real name when the search meets it there too. Entries that cannot
 * be read are returned with their `problem` rather than thrown, so one bad link fails only
 * itself: a named path, a `.md` link that is broken, loops or leads out, a link to a folder
 * outside the root. Broken links without `.md` are not briefs and are left out, like any other
 * file without `.md`.
 *
 * @returns the entries sorted by path, without duplicates
 * @throws {SahifaError} `missing-path` rule when a named path does not exist
 */
export async function scanBriefs(paths: readonly string[], root: string): Promise<FoundBrief[]> {
  const found = new Map<string, string | undefined>();
  const searched = new Set<string>(); // real paths of the folders searched
  const folderLinks: string[] = []; // links to folders met while searching: followed last, so a folder is listed under its real name when it has one
  const walk = async (p: string, named: boolean, deferred = false): Promise<void> => {
    const entry = await lstat(p).catch(() => null);
    if (!entry) {
      if (named) throw new SahifaError({ file: relative(root, p) || p }, 'no such file or folder', 'missing-path');
      return;
    }
    const where = briefPath(p, root);
    if (where.ok && where.folder && entry.isSymbolicLink() && !named && !deferred) {
      folderLinks.push(p);
      return;
    }
    if (!where.ok) {
      // Report it when it would have been a brief or a folder of briefs; a broken link without .md is not one.
      const folder = (await stat(p).catch(() => null))?.isDirectory() ?? false;
      if (named || folder || extname(p) === '.md') found.set(p, where.reason);
      return;
    }
    if (!where.folder) {
      if (named || extname(p) === '.md') found.set(p, undefined);
      return;
    }
    if (searched.has(where.path)) return;
    searched.add(where.path);
    let entries;
    try {
      entries = await readdir(p, { withFileTypes: true });
    } catch (err) {
      found.set(p, isSystemError(err) ? `the folder cannot be read: ${systemErrorReason(err)}` : (err as Error).message);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      if (e.isDirectory() || e.isSymbolicLink() || extname(e.name) === '.md') await walk(join(p, e.name), false);
    }
  };
  for (const p of paths) await walk(resolve(root, p), true);
  for (let link = folderLinks.shift(); link !== undefined; link = folderLinks.shift()) await walk(link, false, true);
  return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, problem]) => (problem === undefined ? { path } : { path, problem }));
}

/**
 * Lists the `.md` files under the given paths that can be read, sorted, without duplicates (see
 * {@link scanBriefs}, which also returns those that cannot: broken links, links out of the root).
 *
 * @throws {SahifaError} `input` rule when a path does not exist
 */
export async function findBriefs(paths: readonly string[], root: string): Promise<string[]> {
  return (await scanBriefs(paths, root)).filter((f) => f.problem === undefined).map((f) => f.path);
}

/**
 * Reads a brief's text, after checking it may be read (see {@link briefPath}): never through a
 * symbolic link that leads out of the project root.
 *
 * @param source absolute path of the brief
 * @param root absolute project root
 * @throws {SahifaError} rule `path` for a link out of the root, a broken or looping link, a folder
 *   or special file; rule `input` when the file cannot be read (no permission…) or is not text in
 *   UTF-8 (or UTF-16 with a byte order mark: see {@link decodeBrief}), at the first byte that is not
 */
export async function readBrief(source: string, root: string): Promise<string> {
  const shown = relative(root, source) || source;
  const where = briefPath(source, root);
  if (!where.ok) throw new SahifaError({ file: shown }, where.reason, 'path');
  if (where.folder) throw new SahifaError({ file: shown }, 'is a folder, not a brief', 'path');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(where.path);
  } catch (err) {
    if (isSystemError(err)) throw new SahifaError({ file: shown }, `cannot be read: ${systemErrorReason(err)}`, 'input');
    throw err;
  }
  return decodeBrief(bytes, shown);
}

/** Gregorian month names as written in Arabic-speaking countries (Egyptian and Levantine) and in English, → month 1–12. */
const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      ['يناير', 1], ['كانون الثاني', 1], ['january', 1], ['jan', 1],
      ['فبراير', 2], ['شباط', 2], ['february', 2], ['feb', 2],
      ['مارس', 3], ['آذار', 3], ['اذار', 3], ['march', 3], ['mar', 3],
      ['أبريل', 4], ['ابريل', 4], ['إبريل', 4], ['نيسان', 4], ['april', 4], ['apr', 4],
      ['مايو', 5], ['أيار', 5], ['ايار', 5], ['may', 5],
      ['يونيو', 6], ['يونيه', 6], ['حزيران', 6], ['june', 6], ['jun', 6],
      ['يوليو', 7], ['يوليه', 7], ['تموز', 7], ['july', 7], ['jul', 7],
      ['أغسطس', 8], ['اغسطس', 8], ['آب', 8], ['august', 8], ['aug', 8],
      ['سبتمبر', 9], ['أيلول', 9], ['ايلول', 9], ['september', 9], ['sep', 9], ['sept', 9],
      ['أكتوبر', 10], ['اكتوبر', 10], ['تشرين الأول', 10], ['تشرين الاول', 10], ['october', 10], ['oct', 10],
      ['نوفمبر', 11], ['تشرين الثاني', 11], ['november', 11], ['nov', 11],
      ['ديسمبر', 12], ['كانون الأول', 12], ['كانون الاول', 12], ['december', 12], ['dec', 12],
    ] as const
  ).map(([name, month]) => [name, month]),
);

/** `date` with Arabic-Indic and Persian digits made European and spaces collapsed. */
function normaliseDate(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[,،]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A valid UTC date from parts, or undefined. */
function utcDate(year: number, month: number, day: number): Date | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d : undefined;
}

/**
 * Reads the brief's `date` as a UTC day: ISO `2025-11-12`, `12 نوفمبر 2025` (also Levantine month
 * names, Arabic-Indic digits), `12 November 2025`, `November 12, 2025`, or a bare year `2025`
 * (1 January). Returns undefined for anything else.
 */
export function parseBriefDate(date: string | number | undefined): Date | undefined {
  if (date === undefined) return undefined;
  const text = normaliseDate(String(date));
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return utcDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})$/.exec(text);
  if (m) return utcDate(Number(m[1]), 1, 1);
  m = /^(\d{1,2}) (.+) (\d{4})$/.exec(text);
  if (m && MONTHS.has(m[2]!)) return utcDate(Number(m[3]), MONTHS.get(m[2]!)!, Number(m[1]));
  m = /^(.+) (\d{1,2}) (\d{4})$/.exec(text);
  if (m && MONTHS.has(m[1]!)) return utcDate(Number(m[3]), MONTHS.get(m[1]!)!, Number(m[2]));
  return undefined;
}

/**
 * Creation time used inside outputs so rebuilds are byte-identical: `SOURCE_DATE_EPOCH`
 * (seconds since 1970, UTC) when set, else the brief's `date` (see {@link parseBriefDate}),
 * else 1980-01-01 (the ZIP epoch). Never the clock.
 */
export function creationDate(date: string | number | undefined): Date {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return parseBriefDate(date) ?? new Date('1980-01-01T00:00:00Z');
}

/**
 * Why `outDir` cannot be the output folder, or undefined: a file (not a folder) sits at its
 * place or at the place of one of its parents. Checked before anything is read or built, so the
 * build stops with one message instead of one per brief.
 */
async function outputFolderProblem(outDir: string, root: string): Promise<string | undefined> {
  for (let d = outDir; ; d = dirname(d)) {
    const info = await stat(d).catch((err: NodeJS.ErrnoException) => err);
    if (!(info instanceof Error)) {
      if (info.isDirectory()) return undefined;
      return d === outDir ? 'the output folder is a file, not a folder: choose another one (--out)' : `cannot make the output folder: ${rel(root, d)} is a file, not a folder`;
    }
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Briefs built at once when not told: one per CPU, but one thread on a machine with at most two.
 * Every worker thread loads the CLI and the fonts again and warms V8 up again (about 1 s and
 * 180 MB each); on two CPUs, where the main thread and V8's collector need the second one, 100
 * sample briefs took 8.6–9.6 s and 270–280 MB in one thread against 10.0–10.5 s and 445 MB with
 * two workers (`npm run bench` batch workload, measured 2026-11-29).
 */
export function defaultJobs(): number {
  const cpus = availableParallelism();
  return cpus <= 2 ? 1 : cpus;
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
function rel(root: string, path: string): string {
  const r = relative(root, path);
  return (r.startsWith('..') ? path : r).split(sep).join('/');
}

/**
 * `file:line:column: reason` for each parser message of a prepared brief, then for each character
 * no font of the template's body stack covers.
 */
function warningsOf(p: Prepared): string[] {
  const { doc } = p;
  const parsed = (doc.messages ?? []).map((m) => `${formatPlace({ file: doc.path, line: m.line, column: m.column })}: ${m.reason}`);
  const fonts = [p.template.template.roles.body.font, ...p.template.template.roles.body.fallback].map((k) => p.template.template.fonts[k]!.family).join(', ');
  const uncovered = uncoveredCharacters(doc.tree, p.template).map(
    (u) => `${formatPlace({ file: doc.path, line: u.line, column: u.column })}: character «${u.char}» (U+${u.char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) has no glyph in ${fonts}: it prints as a box`,
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
function imageHashes(p: Prepared, root: string): FileHash[] {
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
interface Prepared {
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
  const { fetchImage } = await import('./model/remote.js');
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
async function prepare(source: string, root: string, template: string | undefined, settings: RenderSettings = {}): Promise<Prepared> {
  const shown = relative(root, source) || source;
  const text = await readBrief(source, root);
  const parseOptions = { cwd: root, root: filesRootOf(source, root), limits: settings.limits, allowRemote: settings.allowRemote };
  let doc = parse(text, shown, parseOptions);
  if (doc.remoteWanted.length) doc = parse(text, shown, { ...parseOptions, fetched: await fetchRemote(doc, settings.allowRemote ?? []) });
  const loaded = templateOf(doc, text, template, root);
  return { source, shown, root, doc, template: loaded, created: creationDate(doc.meta.date), text, settings };
}

/**
 * Renders the given formats in memory, then writes them all (so a content error in one format
 * leaves every previous file in place).
 */
async function render(p: Prepared, formats: readonly Format[], outDir: string): Promise<Partial<Record<Format, Record<string, string>>>> {
  const files: { format: Format; path: string; bytes: Uint8Array }[] = [];
  for (const format of formats) {
    const writer = await getWriter(format);
    const result = await writer.write({ doc: p.doc, template: p.template, created: p.created, outDir, ...p.settings });
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
 * This is what each worker thread of {@link build} runs.
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

/** The inputs of each format of a prepared brief. */
async function inputsOf(p: Prepared, formats: readonly Format[], root: string, hasher: FileHasher): Promise<Record<Format, FormatInputs>> {
  const fileHash = async (path: string): Promise<FileHash> => ({ path: rel(root, path), sha256: await hasher.hash(path) });
  const source: FileHash = { path: rel(root, p.source), sha256: sha256(p.text) };
  const template = await fileHash(p.template.file);
  const fonts: FileHash[] = [];
  for (const files of Object.values(p.template.fontFiles)) {
    for (const file of [files.regular, files.bold, files.italic, files.boldItalic]) if (file !== undefined) fonts.push(await fileHash(file));
  }
  // the template's logo counts as an image: a new logo file rebuilds every brief using the template
  const images = imageHashes(p, root);
  const out = {} as Record<Format, FormatInputs>;
  for (const format of formats) out[format] = { sahifa: SAHIFA_VERSION, format, source, template, fonts, images, created: p.created.toISOString(), settings: JSON.stringify(p.settings) };
  return out;
}

/** A brief after planning: either failed, or prepared with the formats to build and to skip. */
type Plan =
  | { readonly kind: 'failed'; readonly shown: string; readonly error: Error }
  | {
      readonly kind: 'ok';
      readonly prepared: Prepared;
      readonly inputs: Record<Format, FormatInputs>;
      readonly need: readonly Format[];
      readonly skip: readonly Format[];
    };

/**
 * Builds briefs, skipping those whose inputs and outputs are unchanged since the last build
 * (unless `force`). Several briefs are built in parallel in worker threads; one brief's failure
 * does not stop the others (see {@link BuildResult.ok}). All outputs of a brief are rendered in
 * memory first and written only when every format succeeded, each through a temporary file and
 * a rename, so a content error or a killed process never leaves a truncated file.
 *
 * @throws {SahifaError} `input` rule when a given path does not exist, `output` rule when the
 *   output folder is a file or lies inside one (nothing is built then), or when the manifest cannot
 *   be written at the end
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const root = resolve(options.root ?? process.cwd());
  const outDir = resolve(root, options.outDir ?? 'output');
  const formats = options.formats?.length ? options.formats : FORMATS;
  const found = (await scanBriefs(options.paths?.length ? options.paths : ['content'], root)).filter((f) => inShard(rel(root, f.path), options.shard));
  const blocked = await outputFolderProblem(outDir, root);
  if (blocked) throw new SahifaError({ file: rel(root, outDir) }, blocked, 'output');
  await removeStaleTemporaries(outDir);
  const manifest: Manifest = await readManifest(outDir);
  const hasher = new FileHasher();

  // Plan: parse every brief (cheap), compare its inputs and outputs with the manifest.
  const plans: Plan[] = [];
  const slugs = new Map<string, string>();
  for (const { path: source, problem } of found) {
    const shown = relative(root, source) || source;
    try {
      if (problem !== undefined) throw new SahifaError({ file: shown }, problem, 'path');
      const prepared = await prepare(source, root, options.template, options.settings);
      const other = slugs.get(prepared.doc.slug);
      if (other) throw new SahifaError({ file: shown }, `writes the same outputs (${prepared.doc.slug}.*) as ${other}: rename one of them`, 'input');
      slugs.set(prepared.doc.slug, shown);
      const inputs = await inputsOf(prepared, formats, root, hasher);
      const previous = manifest.briefs[rel(root, source)] ?? {};
      const need: Format[] = [];
      const skip: Format[] = [];
      for (const format of formats) {
        const record = previous[format];
        const unchanged = !options.force && record !== undefined && sameInputs(record.inputs, inputs[format]) && (await outputsIntact(record, outDir, hasher));
        (unchanged ? skip : need).push(format);
      }
      plans.push({ kind: 'ok', prepared, inputs, need, skip });
    } catch (err) {
      plans.push({ kind: 'failed', shown, error: err as Error });
    }
  }

  const results: BriefResult[] = new Array(plans.length);
  const toBuild = plans.map((p, i) => ({ p, i })).filter((x): x is { p: Extract<Plan, { kind: 'ok' }>; i: number } => x.p.kind === 'ok' && x.p.need.length > 0);
  const cap = Math.max(1, Math.floor(options.jobs ?? defaultJobs()));
  const workersWanted = Math.min(cap, toBuild.length);
  let done = 0;
  let manifestChanged = false;
  const finish = (i: number, result: BriefResult): void => {
    results[i] = result;
    options.onProgress?.({ type: 'brief', brief: result, done: ++done, total: plans.length });
  };
  const record = (p: Extract<Plan, { kind: 'ok' }>, outputs: Partial<Record<Format, Record<string, string>>>, images?: readonly FileHash[]): void => {
    const key = rel(root, p.prepared.source);
    const entry: Partial<Record<Format, FormatRecord>> = { ...manifest.briefs[key] };
    for (const format of p.need) {
      const out = outputs[format];
      // a worker parsed the brief again: record the images it embedded, not those read while planning
      if (out) entry[format] = { inputs: images ? { ...p.inputs[format], images } : p.inputs[format], outputs: out };
    }
    manifest.briefs[key] = entry;
    manifestChanged = true;
  };
  const success = (p: Extract<Plan, { kind: 'ok' }>, outputs: Partial<Record<Format, Record<string, string>>>, warnings: readonly string[], images?: readonly FileHash[]): BriefResult => {
    record(p, outputs, images);
    const written = p.need.flatMap((f) => Object.keys(outputs[f] ?? {}).map((o) => rel(root, join(outDir, o))));
    return { source: p.prepared.shown, status: 'built', outputs: written, built: p.need, skipped: p.skip, warnings };
  };
  const failure = (shown: string, error: Error, skipped: readonly Format[] = []): BriefResult => ({ source: shown, status: 'failed', outputs: [], built: [], skipped, warnings: [], error });

  // Workers only when more than one brief needs building and a compiled worker script exists.
  const pool = workersWanted > 1 ? await import('./pool/index.js') : undefined;
  const workerScript = pool?.workerScript();
  options.onProgress?.({ type: 'start', total: plans.length, toBuild: toBuild.length, workers: workerScript ? workersWanted : 0 });

  plans.forEach((p, i) => {
    if (p.kind === 'failed') finish(i, failure(p.shown, p.error));
    else if (!p.need.length) {
      finish(i, { source: p.prepared.shown, status: 'skipped', outputs: [], built: [], skipped: p.skip, warnings: warningsOf(p.prepared) });
    }
  });

  if (pool && workerScript) {
    await pool.runInWorkers<BuildOneOptions, BuiltBrief>(
      workerScript,
      workersWanted,
      toBuild.map(({ p }) => ({ source: p.prepared.source, root, outDir, formats: p.need, template: options.template, settings: options.settings })),
      (k, outcome) => {
        const { p, i } = toBuild[k]!;
        finish(i, 'error' in outcome ? failure(p.prepared.shown, outcome.error, p.skip) : success(p, outcome.built.outputs, outcome.built.warnings, outcome.built.images));
      },
    );
  } else {
    for (const { p, i } of toBuild) {
      try {
        finish(i, success(p, await render(p.prepared, p.need, outDir), warningsOf(p.prepared)));
      } catch (err) {
        finish(i, failure(p.prepared.shown, err as Error, p.skip));
      }
    }
  }

  // Forget briefs whose source is gone, then save the manifest (atomically, like every output).
  for (const key of Object.keys(manifest.briefs)) {
    if (!existsSync(resolve(root, key))) {
      delete manifest.briefs[key];
      manifestChanged = true;
    }
  }
  if (manifestChanged) {
    try {
      await writeAtomic(join(outDir, MANIFEST_NAME), new TextEncoder().encode(serialiseManifest(manifest)));
    } catch (err) {
      if (isSystemError(err)) throw new SahifaError({ file: rel(root, join(outDir, MANIFEST_NAME)) }, systemErrorText(err, (path) => rel(root, path), err.syscall === 'mkdir' ? undefined : 'cannot write'), 'output');
      throw err;
    }
  }

  const count = (s: BriefStatus): number => results.filter((r) => r.status === s).length;
  return { briefs: results, ok: count('failed') === 0, built: count('built'), skipped: count('skipped'), failed: count('failed') };
}
