/**
 * The `sahifa` command line: wiring only. Parses arguments with commander and calls the
 * library API ({@link build}). Exit codes: 0 success, 1 content error, 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { build } from '../build.js';
import { SahifaError } from '../model/errors.js';
import { PACKAGE_ROOT } from '../templates/load.js';
import { FORMATS, type Format } from '../writers/index.js';

const version = (JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, 'utf8')) as { version: string }).version;

function parseFormats(value: string): Format[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of list) if (!FORMATS.includes(f as Format)) throw new InvalidArgumentError(`unknown format "${f}" (use ${FORMATS.join(', ')})`);
  return list as Format[];
}

/** Runs the CLI with `argv` (without node and script). Resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('sahifa')
    .description('Arabic Markdown briefs → print-ready RTL HTML, PDF and DOCX from one template')
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('build')
    .description('build briefs (default: every .md in content/) into output/')
    .argument('[paths...]', 'Markdown files or folders')
    .option('-o, --out <dir>', 'output folder', 'output')
    .addOption(new Option('-f, --format <list>', `comma-separated formats (${FORMATS.join(',')})`).argParser(parseFormats))
    .option('-t, --template <name>', 'template to use instead of the brief\'s own')
    .action(async (paths: string[], opts: { out: string; format?: Format[]; template?: string }) => {
      const result = await build({ paths, outDir: opts.out, formats: opts.format, template: opts.template });
      for (const b of result.briefs) {
        if (b.error) {
          const msg = b.error instanceof SahifaError ? b.error.message : `${b.source}: ${b.error.stack ?? b.error.message}`;
          process.stderr.write(`error ${msg}\n`);
        } else process.stdout.write(`built ${b.source} → ${b.outputs.join(', ')}\n`);
      }
      const failed = result.briefs.filter((b) => b.error).length;
      process.stdout.write(`${result.briefs.length - failed} built, ${failed} failed\n`);
      code = result.ok ? 0 : 1;
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof SahifaError) {
      process.stderr.write(`error ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  return code;
}
