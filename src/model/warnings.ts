/**
 * A brief's warnings as data, from the vfile messages of the parser and the writers (and the
 * template's font coverage) to the JSON report and the command line's printer, which read their
 * fields instead of taking a `file:line:column: reason` string apart again.
 */
import type { VFileMessage } from 'vfile-message';
import { formatPlace } from './errors.js';

/** One warning of a brief, at its place. Lines and columns are 1-based, or null when unknown. */
export interface BriefWarning {
  /** Path of the file the warning is about, as the brief's messages name it (`SahifaDocument.path`). */
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  /** The warning without its place. */
  readonly message: string;
  /**
   * `warning` for a vfile message with `fatal: false` (what `file.message` makes), `info` for one
   * with `fatal` unset (`file.info`). Errors stop a brief and are not warnings.
   */
  readonly severity: 'warning' | 'info';
  /** The rule that made it (`unsafe-link`, `front-matter`, `unknown-node`, `font-coverage`…), or null. */
  readonly ruleId: string | null;
}

/** The warning of one vfile message of the brief at `file`. */
export function warningOf(file: string, m: VFileMessage): BriefWarning {
  return { file, line: m.line ?? null, column: m.column ?? null, message: m.reason, severity: m.fatal === false ? 'warning' : 'info', ruleId: m.ruleId ?? null };
}

/** `file:line:column: message`, as the command line prints a warning (control characters made visible). */
export function formatWarning(w: BriefWarning): string {
  return `${formatPlace({ file: w.file, ...(w.line !== null ? { line: w.line } : {}), ...(w.column !== null ? { column: w.column } : {}) })}: ${w.message}`;
}
