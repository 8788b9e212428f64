/**
 * A build's result for machines: one JSON object (`sahifa build --report json`) with every brief,
 * its outputs, warnings and errors at their file, line and column, and the same warnings and
 * errors as GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), which
 * GitHub shows on the lines of a pull request.
 */
import type { BriefResult, BriefStatus, BuildResult } from '../build.js';
import { SahifaError, eachError, isSystemError, systemErrorText } from '../model/errors.js';
import type { Format } from '../writers/index.js';
import type { BriefWarning } from '../model/warnings.js';

/** A warning or an error of a brief, at its place. Lines and columns are 1-based, or null. */
export interface BuildReportMessage {
  /** Project-relative path of the file the message is about (the brief, or its template). */
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  /** Rule id (`front-matter`, `yaml`, `path`, `output`, `unsafe-link`…), or null. */
  readonly ruleId: string | null;
  /** The message without its place. */
  readonly reason: string;
}

/** One brief in a {@link BuildReport}. */
export interface BuildReportBrief {
  /** Project-relative path of the brief. */
  readonly source: string;
  readonly status: BriefStatus;
  /** Files written (project-relative). */
  readonly outputs: readonly string[];
  /** Formats written, and formats left alone because nothing changed. */
  readonly built: readonly Format[];
  readonly skipped: readonly Format[];
  readonly warnings: readonly BuildReportMessage[];
  /** What stopped the brief: one message per problem (several front-matter errors are found at once). */
  readonly errors: readonly BuildReportMessage[];
}

/** The machine-readable report of a build (`sahifa build --report json`). */
export interface BuildReport {
  readonly ok: boolean;
  readonly built: number;
  readonly skipped: number;
  readonly failed: number;
  readonly briefs: readonly BuildReportBrief[];
}

/** A brief's warning as a report message. */
function warningMessage(w: BriefWarning): BuildReportMessage {
  return { file: w.file, line: w.line, column: w.column, ruleId: w.ruleId, reason: w.message };
}

/**
 * The error of a failed brief as messages: each problem of a content error at its place (every
 * invalid front-matter key, say), one message for a failed file-system call.
 */
function errorMessage(b: BriefResult): BuildReportMessage[] {
  const e = b.error;
  if (!e) return [];
  if (e instanceof SahifaError) return eachError(e).map((x) => ({ file: x.place.file, line: x.place.line ?? null, column: x.place.column ?? null, ruleId: x.ruleId, reason: x.reason }));
  if (isSystemError(e)) return [{ file: b.source, line: null, column: null, ruleId: 'output', reason: systemErrorText(e) }];
  return [{ file: b.source, line: null, column: null, ruleId: 'internal', reason: e.message }];
}

/**
 * The report of a build: counts, and per brief (in the order found) its status, outputs, warnings
 * and errors with file, line and column. Plain data: `JSON.stringify` it.
 */
export function buildReport(result: BuildResult): BuildReport {
  return {
    ok: result.ok,
    built: result.built,
    skipped: result.skipped,
    failed: result.failed,
    briefs: result.briefs.map((b) => ({
      source: b.source,
      status: b.status,
      outputs: b.outputs,
      built: b.built,
      skipped: b.skipped,
      warnings: b.warnings.map(warningMessage),
      errors: errorMessage(b),
    })),
  };
}

/** Escapes the message of a GitHub Actions workflow command: `%`, `\r`, `\n` as `%25`, `%0D`, `%0A`. */
export function escapeAnnotationData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command (`file=…`): as {@link escapeAnnotationData}, and `:` and `,` as `%3A`, `%2C`. */
export function escapeAnnotationProperty(s: string): string {
  return escapeAnnotationData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command for a message: `::error file=F,line=L,col=C::reason`. */
function annotation(kind: 'error' | 'warning', m: BuildReportMessage): string {
  const props = [`file=${escapeAnnotationProperty(m.file)}`];
  if (m.line !== null) props.push(`line=${m.line}`);
  if (m.line !== null && m.column !== null) props.push(`col=${m.column}`);
  return `::${kind} ${props.join(',')}::${escapeAnnotationData(m.reason)}`;
}

/**
 * GitHub Actions annotations for a build report: one `::error` line per error of a failed brief and one
 * `::warning` line per warning, with `file`, `line` and `col` (escaped by GitHub's rules), each
 * ending in a newline. Printed to a step's log, they show on the pull request's lines.
 */
export function githubAnnotations(report: BuildReport): string {
  const lines: string[] = [];
  for (const b of report.briefs) {
    for (const m of b.errors) lines.push(annotation('error', m));
    for (const m of b.warnings) lines.push(annotation('warning', m));
  }
  return lines.map((l) => `${l}\n`).join('');
}
