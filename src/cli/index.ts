/**
 * The `sahifa` command line: wiring only. Parses arguments with commander and calls the library
 * API ({@link build}, `check`, `watch`, `newBrief`). Exit codes: 0 success, 1 content error(s)
 * (or warnings with `check --strict`), 2 usage error (an unknown option or format, a path on the
 * command line that does not exist).
 *
 * `build` is imported eagerly (it is the common, cold-start-sensitive path); `check`, `watch`
 * and `new` load their modules (vfile-reporter, chokidar, node:http) only when run.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { build } from '../build.js';
import { SAHIFA_VERSION } from '../manifest/index.js';
import { SahifaError, isSystemError, systemErrorText, visible } from '../model/errors.js';
import { formatWarning } from '../model/warnings.js';
import { parseAllowRemote } from '../model/remote.js';
import { buildReport, githubAnnotations } from '../report/index.js';
import { parseShard, type Shard } from '../shard/index.js';
import { findTemplate } from '../templates/load.js';
import { FORMATS, type Format } from '../writers/index.js';
import { buildProgress, detectOutput, errorText } from './progress.js';

/** `--format html,pdf`: output formats, in any case (`PDF` is `pdf`). */
function parseFormats(value: string): Format[] {
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const f of list) if (!FORMATS.includes(f as Format)) throw new InvalidArgumentError(`unknown format "${f}" (use ${FORMATS.join(', ')})`);
  if (!list.length) throw new InvalidArgumentError(`give at least one format (${FORMATS.join(', ')})`);
  return list as Format[];
}

/** `check --format`: `human` or `json`, in any case. */
function parseReportFormat(value: string): 'human' | 'json' {
  const format = value.trim().toLowerCase();
  if (format !== 'human' && format !== 'json') throw new InvalidArgumentError(`unknown report format "${value}" (use human or json)`);
  return format;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return Number(value);
}

/** `--out`: a folder name; an empty one would write into the project folder itself (its `fonts/` too). */
function parseOutDir(value: string): string {
  if (!value.trim()) throw new InvalidArgumentError('give a folder name (an empty one would write into the project folder itself)');
  return value;
}

function parseHosts(value: string): string[] {
  try {
    return parseAllowRemote(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** `--template`: a template that exists (in the project's `templates/` or sahifa's own), checked once before any brief is read. */
function parseTemplate(value: string): string {
  try {
    findTemplate(value, { root: process.cwd() });
  } catch (err) {
    if (err instanceof SahifaError) throw new InvalidArgumentError(err.reason);
    throw err;
  }
  return value;
}

/** `--shard K/N`: shard K of N (1 ≤ K ≤ N). */
function parseShardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0: any free port)');
  return Number(value);
}

let pipesGuarded = false;

/**
 * Lets the CLI end quietly when the reader of its output goes away (`sahifa build | head -1`):
 * a write to a closed pipe is dropped instead of crashing on an unhandled `EPIPE` 'error' event.
 * The command itself runs to its end. Installed once per process.
 */
function guardClosedPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
      throw err;
    });
  }
}

/** Runs the CLI with `argv` (without node and script). Resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  guardClosedPipes();
  let code = 0;
  const output = detectOutput();
  const program = new Command()
    .name('sahifa')
    .description('Arabic Markdown briefs → print-ready RTL HTML, PDF and DOCX from one template')
    .version(SAHIFA_VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('build')
    .description('build briefs (default: every .md in content/) into output/; unchanged briefs are skipped')
    .argument('[paths...]', 'Markdown files or folders')
    .addOption(new Option('-o, --out <dir>', 'output folder').default('output').argParser(parseOutDir))
    .addOption(new Option('-f, --format <list>', `comma-separated formats (${FORMATS.join(',')})`).argParser(parseFormats))
    .addOption(new Option('-t, --template <name>', "template to use instead of the brief's own").argParser(parseTemplate))
    .option('--force', 'rebuild every brief, changed or not')
    .addOption(new Option('-j, --jobs <n>', 'briefs built at once (default: the number of CPUs, 1 on up to 2 CPUs)').argParser(parseCount))
    .option('--self-contained', 'HTML as one file: fonts subset to the characters used and inlined, images inlined')
    .option('--allow-html', 'keep raw HTML of briefs unsanitised in the HTML output, without Content-Security-Policy (trusted briefs only)')
    .addOption(new Option('--allow-remote <hosts>', 'fetch remote images from these hosts (comma-separated); private and loopback addresses stay refused').argParser(parseHosts))
    .addOption(new Option('--shard <K/N>', 'build only shard K of N (briefs split by a hash of their path; merge the outputs with sahifa merge)').argParser(parseShardOption))
    .addOption(new Option('--report <format>', 'print the result as one JSON object on stdout instead of progress lines').choices(['json']))
    .action(async (paths: string[], opts: { out: string; format?: Format[]; template?: string; force?: boolean; jobs?: number; selfContained?: boolean; allowHtml?: boolean; allowRemote?: string[]; shard?: Shard; report?: 'json' }) => {
      const json = opts.report === 'json';
      const progress = json ? undefined : buildProgress(output);
      const safety = { ...(opts.allowHtml ? { allowHtml: true } : {}), ...(opts.allowRemote ? { allowRemote: opts.allowRemote } : {}) };
      const settings = opts.selfContained || Object.keys(safety).length ? { ...(opts.selfContained ? { selfContained: true } : {}), ...safety } : undefined;
      const result = await build({ paths, outDir: opts.out, formats: opts.format, template: opts.template, force: opts.force, jobs: opts.jobs, onProgress: progress?.onProgress, settings, shard: opts.shard });
      progress?.end(result);
      const report = buildReport(result);
      if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      // Under GitHub Actions, errors and warnings also as workflow commands (on stderr when stdout is JSON).
      if (process.env['GITHUB_ACTIONS'] === 'true') (json ? process.stderr : process.stdout).write(githubAnnotations(report));
      code = result.ok ? 0 : 1;
    });

  program
    .command('merge')
    .description('merge the output folders of sharded builds (files and manifests) into one; the same file with different bytes is an error')
    .argument('<dirs...>', 'output folders to merge (e.g. one per shard)')
    .addOption(new Option('-o, --out <dir>', 'merged output folder').default('output').argParser(parseOutDir))
    .action(async (dirs: string[], opts: { out: string }) => {
      const { mergeOutputs } = await import('../shard/index.js');
      const result = await mergeOutputs({ dirs, outDir: opts.out });
      for (const c of result.conflicts) process.stderr.write(`error ${c.file}: ${c.reason}\n`);
      if (result.ok) process.stdout.write(`merged ${dirs.length} folder${dirs.length === 1 ? '' : 's'} into ${opts.out}: ${result.files.length} files (${result.written.length} written), ${result.briefs} briefs\n`);
      else process.stderr.write(`${result.conflicts.length} conflict${result.conflicts.length === 1 ? '' : 's'}: nothing written\n`);
      code = result.ok ? 0 : 1;
    });

  program
    .command('check')
    .description('validate briefs without writing outputs (front matter, directives, links, headings, fonts, digits)')
    .argument('[paths...]', 'Markdown files or folders (default: content/)')
    .addOption(new Option('-f, --format <format>', 'report format (human, json)').argParser(parseReportFormat).default('human'))
    .option('--strict', 'exit 1 on warnings too')
    .addOption(new Option('-t, --template <name>', "template to check against instead of the brief's own").argParser(parseTemplate))
    .action(async (paths: string[], opts: { format: 'human' | 'json'; strict?: boolean; template?: string }) => {
      const { check, checkReport, formatCheckReport } = await import('../check/index.js');
      const result = await check({ paths, strict: opts.strict, template: opts.template });
      if (opts.format === 'json') process.stdout.write(`${JSON.stringify(checkReport(result), null, 2)}\n`);
      else {
        const report = await formatCheckReport(result, output.color);
        const briefs = result.files.length;
        const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
        process.stdout.write(report ? `${report}\n` : `${plural(briefs, 'file')} checked: no problems\n`);
        // the count goes to stderr: every line of the report starts with file:line:column
        if (report) process.stderr.write(`${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')} in ${plural(briefs, 'file')}\n`);
      }
      code = result.ok ? 0 : 1;
    });

  program
    .command('watch')
    .description('build, then rebuild on save and serve the HTML with live reload on http://127.0.0.1:PORT')
    .argument('[paths...]', 'Markdown files or folders (default: content/)')
    .addOption(new Option('-o, --out <dir>', 'output folder (served)').default('output').argParser(parseOutDir))
    .addOption(new Option('-f, --format <list>', `comma-separated formats (${FORMATS.join(',')})`).argParser(parseFormats))
    .addOption(new Option('-t, --template <name>', "template to use instead of the brief's own").argParser(parseTemplate))
    .addOption(new Option('-p, --port <n>', 'port on 127.0.0.1 (0: any free port)').argParser(parsePort).default(4321))
    .action(async (paths: string[], opts: { out: string; format?: Format[]; template?: string; port: number }) => {
      const { watch } = await import('../watch/index.js');
      const stop = new Promise<void>((ok) => {
        process.once('SIGINT', ok);
        process.once('SIGTERM', ok);
      });
      const watcher = await watch({
        paths,
        outDir: opts.out,
        formats: opts.format,
        template: opts.template,
        port: opts.port,
        onEvent(e) {
          if (e.type === 'error') {
            process.stderr.write(`error ${e.error instanceof SahifaError ? e.error.message : e.error.stack ?? e.error.message}\n`);
            return;
          }
          for (const b of e.result.briefs) {
            for (const w of b.warnings) process.stderr.write(`${w.severity} ${visible(formatWarning(w))}\n`);
            if (b.status === 'failed') process.stderr.write(`error ${errorText(b, 'error ')}\n`);
            else if (b.status === 'built') process.stdout.write(`built ${visible(b.source)} → ${b.outputs.map(visible).join(', ')}\n`);
          }
        },
      }).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EADDRINUSE') throw err;
        process.stderr.write(`error port ${opts.port} on 127.0.0.1 is in use: stop the other server or pick another with --port (0: any free port)\n`);
        return undefined;
      });
      if (!watcher) {
        code = 1;
        return;
      }
      process.stdout.write(`serving ${watcher.url} (watching ${paths.length ? paths.join(', ') : 'content'}; Ctrl+C stops)\n`);
      await stop;
      await watcher.close();
      process.stdout.write('stopped\n');
    });

  program
    .command('new')
    .description("start a brief content/<slug>.md from the template's starter")
    .argument('<slug>', 'file name without .md (letters, digits, - and _)')
    .addOption(new Option('-t, --template <name>', 'template whose starter.md is copied').argParser(parseTemplate).default('policy-brief'))
    .option('-d, --dir <folder>', 'folder of the new brief', 'content')
    .action(async (slug: string, opts: { template: string; dir: string }) => {
      const { isValidSlug, newBrief } = await import('../new/index.js');
      if (!isValidSlug(slug)) throw new CommanderError(2, 'sahifa.invalidSlug', `error: "${slug}" is not a valid brief name: use letters, digits, - and _`);
      const created = await newBrief({ slug, template: opts.template, dir: opts.dir });
      process.stdout.write(`created ${created.shown}\n`);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'sahifa.invalidSlug') process.stderr.write(`${err.message}\n`);
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof SahifaError) {
      process.stderr.write(`error ${err.message}\n`);
      return err.ruleId === 'missing-path' ? 2 : 1; // a path on the command line that does not exist: a usage error
    }
    if (isSystemError(err)) {
      // a folder that cannot be made, a file that cannot be written: one line, no stack
      process.stderr.write(`error ${systemErrorText(err)}\n`);
      return 1;
    }
    throw err;
  }
  return code;
}
