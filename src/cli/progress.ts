/**
 * How the CLI shows a build: on a terminal, a one-line progress bar redrawn in place; otherwise
 * (pipes, CI logs) plain lines, one per brief: `built X → …`, `skipped X (unchanged)`,
 * `error file:line:column: …`. Colours only on a terminal, never with `NO_COLOR` or in CI.
 */
import type { BriefResult, BuildEvent, BuildResult } from '../build.js';
import { SahifaError, eachError, isSystemError, systemErrorText, visible } from '../model/errors.js';
import { formatWarning } from '../model/warnings.js';

/** Where and how to print. */
export interface Output {
  /** Normal lines (stdout). */
  readonly out: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  /** Errors and warnings (stderr). */
  readonly err: { write(s: string): unknown };
  /** Redraw a progress bar in place (stdout is a terminal and not CI). */
  readonly tty: boolean;
  /** ANSI colours allowed. */
  readonly color: boolean;
}

/**
 * The output settings of this process: a progress bar when stdout is a terminal and `CI` is not
 * set; colours additionally need `NO_COLOR` unset (any value disables them, see no-color.org).
 */
export function detectOutput(): Output {
  const ci = Boolean(process.env['CI']) && process.env['CI'] !== 'false';
  const tty = Boolean(process.stdout.isTTY) && !ci;
  const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
  return { out: process.stdout, err: process.stderr, tty, color: tty && !noColor };
}

const paint = (on: boolean, code: number, s: string): string => (on ? `\x1b[${code}m${s}\x1b[39m` : s);

/**
 * The message of a brief's error: `file:line:column: reason` for content errors (one line per
 * problem when several were found at once, each made {@link visible} on its own, so the line
 * breaks between them stay), one line for a failed file-system call (`file: cannot write …:
 * permission denied (EACCES)`), the stack for anything else (an internal error, to report as a bug).
 *
 * @param prefix written before each line of a content error after the first (the caller writes
 *   the first line's)
 */
export function errorText(b: BriefResult, prefix = ''): string {
  const e = b.error;
  if (!e) return '';
  if (e instanceof SahifaError) return eachError(e).map((x) => visible(x.message)).join(`\n${prefix}`);
  if (isSystemError(e)) return visible(`${b.source}: ${systemErrorText(e)}`);
  return `${visible(b.source)}: ${e.stack ?? e.message}`;
}

/**
 * A progress printer for {@link build}'s `onProgress`. Call `end(result)` once with the result to
 * print the summary `N built, N skipped, N failed`.
 */
export function buildProgress(o: Output): { onProgress: (e: BuildEvent) => void; end: (r: BuildResult) => void } {
  let total = 0;
  let done = 0;
  let barShown = false;
  const clearBar = (): void => {
    if (barShown) o.out.write('\r\x1b[2K');
    barShown = false;
  };
  const drawBar = (last?: string): void => {
    if (!o.tty || total === 0) return;
    const width = 24;
    const filled = Math.round((done / total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const label = last ? ` ${last}` : '';
    const columns = (o.out as NodeJS.WriteStream).columns || 80;
    const plain = `${bar} ${done}/${total}${label}`.slice(0, Math.max(width, columns - 1));
    o.out.write(`\r\x1b[2K${paint(o.color, 36, bar)}${plain.slice(bar.length)}`);
    barShown = true;
  };
  const warn = (b: BriefResult): void => {
    for (const w of b.warnings) o.err.write(`${paint(o.color, 33, w.severity)} ${visible(formatWarning(w))}\n`);
  };
  return {
    onProgress(e) {
      if (e.type === 'start') {
        total = e.total;
        drawBar(e.toBuild ? `building ${e.toBuild}…` : undefined);
        return;
      }
      done = e.done;
      const b = e.brief;
      clearBar();
      warn(b);
      if (b.status === 'failed') {
        const label = `${paint(o.color, 31, 'error')} `;
        o.err.write(`${label}${errorText(b, label)}\n`);
      } else if (!o.tty) {
        if (b.status === 'built') o.out.write(`built ${visible(b.source)} → ${b.outputs.map(visible).join(', ')}\n`);
        else o.out.write(`skipped ${visible(b.source)} (unchanged)\n`);
      }
      drawBar(visible(b.source));
    },
    end(r) {
      clearBar();
      const parts = [
        paint(o.color, 32, `${r.built} built`),
        `${r.skipped} skipped`,
        r.failed ? paint(o.color, 31, `${r.failed} failed`) : `${r.failed} failed`,
      ];
      o.out.write(`${parts.join(', ')}\n`);
    },
  };
}
