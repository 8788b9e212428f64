/**
 * The library API behind `sahifa build`: find briefs, parse each once, run the asked writers,
 * write every output atomically (temporary file, then rename) into the output folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { SahifaError } from './model/errors.js';
import { parse } from './parse/index.js';
import { loadTemplate } from './templates/load.js';
import { FORMATS, getWriter, type Format } from './writers/index.js';

/** Options of {@link build}. Paths are resolved against `root`. */
export interface BuildOptions {
  /** Files or folders; folders are searched for `.md` files (not recursively into `node_modules`). Default `content/`. */
  readonly paths?: readonly string[];
  /** Output folder. Default `output/`. */
  readonly outDir?: string;
  /** Formats to write. Default all three. */
  readonly formats?: readonly Format[];
  /** Template name that overrides the brief's `template` key. */
  readonly template?: string;
  /** Project root (templates/, fonts/, content/). Default `process.cwd()`. */
  readonly root?: string;
}

/** What happened to one brief. */
export interface BriefResult {
  readonly source: string;
  /** Files written, relative to the root. */
  readonly outputs: readonly string[];
  /** The error that stopped this brief, if any (other briefs still build). */
  readonly error?: SahifaError | Error;
}

/** Result of a build: one entry per brief, in the order found. */
export interface BuildResult {
  readonly briefs: readonly BriefResult[];
  /** True when every brief built. */
  readonly ok: boolean;
}

/**
 * Lists the `.md` files under the given paths, sorted, without duplicates.
 *
 * @throws {SahifaError} `input` rule when a path does not exist
 */
export async function findBriefs(paths: readonly string[], root: string): Promise<string[]> {
  const found = new Set<string>();
  const walk = async (p: string): Promise<void> => {
    const info = await stat(p).catch(() => null);
    if (!info) throw new SahifaError({ file: relative(root, p) || p }, 'no such file or folder', 'input');
    if (info.isDirectory()) {
      for (const entry of (await readdir(p)).sort()) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        const child = join(p, entry);
        const s = await stat(child);
        if (s.isDirectory() || extname(entry) === '.md') await walk(child);
      }
    } else found.add(p);
  };
  for (const p of paths) await walk(resolve(root, p));
  return [...found].sort();
}

/**
 * Creation time used inside outputs so rebuilds are byte-identical: `SOURCE_DATE_EPOCH`
 * (seconds) when set, else the brief's ISO `date`, else 1980-01-01 (the ZIP epoch).
 */
export function creationDate(date: string | number | undefined): Date {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date)) return new Date(`${date}T00:00:00Z`);
  return new Date('1980-01-01T00:00:00Z');
}

/**
 * Writes `bytes` to `file` through a temporary file in the same folder and a rename, so readers
 * never see a half-written file and a failure keeps the previous good file.
 */
export async function writeAtomic(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/**
 * Builds briefs. One brief's failure does not stop the others; see {@link BuildResult.ok}.
 * All outputs of a brief are rendered in memory first and written only when every format
 * succeeded, so a content error never leaves a half-updated set.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const root = resolve(options.root ?? process.cwd());
  const outDir = resolve(root, options.outDir ?? 'output');
  const formats = options.formats ?? FORMATS;
  const sources = await findBriefs(options.paths?.length ? options.paths : ['content'], root);
  const briefs: BriefResult[] = [];
  for (const source of sources) {
    const shown = relative(root, source) || source;
    try {
      const doc = parse(await readFile(source, 'utf8'), shown);
      const template = loadTemplate(options.template ?? doc.meta.template ?? 'policy-brief', { root });
      const files: { path: string; bytes: Uint8Array }[] = [];
      for (const format of formats) {
        const writer = await getWriter(format);
        const result = await writer.write({ doc, template, created: creationDate(doc.meta.date), outDir });
        files.push({ path: join(outDir, `${doc.slug}.${writer.extension}`), bytes: result.bytes });
        for (const asset of result.assets) files.push({ path: join(outDir, asset.path), bytes: asset.bytes });
      }
      for (const f of files) await writeAtomic(f.path, f.bytes);
      briefs.push({ source: shown, outputs: files.map((f) => relative(root, f.path)) });
    } catch (err) {
      briefs.push({ source: shown, outputs: [], error: err as Error });
    }
  }
  return { briefs, ok: briefs.every((b) => !b.error) };
}
