/**
 * The batch behind `sahifa build`: find briefs, decide from the manifest which ones changed, build
 * those (in worker threads when there are several, see `pool/`), and record what was built in
 * `<outDir>/.sahifa-manifest.json`. The path for a single brief stays in this thread and loads
 * neither `worker_threads` nor anything of `watch`: cold start time matters for one brief.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { removeStaleTemporaries, writeAtomic } from '../atomic.js';
import {
  FileHasher,
  MANIFEST_NAME,
  SAHIFA_VERSION,
  outputsIntact,
  readManifest,
  sameInputs,
  serialiseManifest,
  sha256,
  type FileHash,
  type FormatInputs,
  type FormatRecord,
  type Manifest,
} from '../manifest/index.js';
import { SahifaError, isSystemError, systemErrorText } from '../model/errors.js';
import { inShard, type Shard } from '../shard/index.js';
import { FORMATS, type Format } from '../writers/index.js';
import { imageHashes, prepare, rel, render, warningsOf, type BuildOneOptions, type BuiltBrief, type Prepared, type RenderSettings } from './brief.js';
import { scanBriefs } from './scan.js';
import type { BriefWarning } from '../model/warnings.js';

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
  /** The brief's warnings (parser, writers, font coverage), each at its place. */
  readonly warnings: readonly BriefWarning[];
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
  const success = (p: Extract<Plan, { kind: 'ok' }>, outputs: Partial<Record<Format, Record<string, string>>>, warnings: readonly BriefWarning[], images?: readonly FileHash[]): BriefResult => {
    record(p, outputs, images);
    const written = p.need.flatMap((f) => Object.keys(outputs[f] ?? {}).map((o) => rel(root, join(outDir, o))));
    return { source: p.prepared.shown, status: 'built', outputs: written, built: p.need, skipped: p.skip, warnings };
  };
  const failure = (shown: string, error: Error, skipped: readonly Format[] = []): BriefResult => ({ source: shown, status: 'failed', outputs: [], built: [], skipped, warnings: [], error });

  // Workers only when more than one brief needs building and a compiled worker script exists.
  const pool = workersWanted > 1 ? await import('../pool/index.js') : undefined;
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
