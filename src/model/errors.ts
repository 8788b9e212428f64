/**
 * Errors sahifa reports to users. Every content or template problem carries the
 * file and a 1-based line and column so editors and CI logs can jump to it.
 */

/** Where a problem is: file path plus 1-based line and column (column counts UTF-16 code units, as unist does). */
export interface SourcePlace {
  readonly file: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/**
 * A problem in the user's input (brief, front matter, template): exit code 1 in the CLI.
 * `message` already starts with `file:line:column`.
 */
export class SahifaError extends Error {
  override readonly name = 'SahifaError';
  readonly place: SourcePlace;
  /** Short machine id of the rule that failed, e.g. `front-matter`, `template`, `yaml`. */
  readonly ruleId: string;

  constructor(place: SourcePlace, reason: string, ruleId = 'content') {
    super(`${formatPlace(place)}: ${reason}`);
    this.place = place;
    this.ruleId = ruleId;
    this.reason = reason;
  }

  /** The message without the place prefix. */
  readonly reason: string;
}

/** Formats a place as `file:line:column` (missing parts are left out). */
export function formatPlace(place: SourcePlace): string {
  let out = place.file;
  if (place.line !== undefined) {
    out += `:${place.line}`;
    if (place.column !== undefined) out += `:${place.column}`;
  }
  return out;
}
