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

/**
 * Several problems of one input found at once (every invalid front-matter key, every YAML error):
 * the place, reason and rule are the first one's; `message` has one `file:line:column: reason`
 * line per problem, and {@link SahifaErrors.all} holds each.
 */
export class SahifaErrors extends SahifaError {
  /** Every problem, in the order of the source. */
  readonly all: readonly SahifaError[];

  /** @param all at least one problem */
  constructor(all: readonly SahifaError[]) {
    const first = all[0]!;
    super(first.place, first.reason, first.ruleId);
    this.all = all;
    this.message = all.map((e) => e.message).join('\n');
  }
}

/** The problems a thrown {@link SahifaError} stands for: its {@link SahifaErrors.all}, or itself. */
export function eachError(err: SahifaError): readonly SahifaError[] {
  return err instanceof SahifaErrors ? err.all : [err];
}

/**
 * Text made safe to print on a terminal: control characters (C0, DEL, C1) become visible escapes,
 * `\n`, `\r`, `\t` or `\xNN`. A file named with an escape sequence or a newline (`a\x1b[2J.md`)
 * must not clear the screen, colour the log or forge a line of its own.
 *
 * @returns `text` unchanged when it holds no control character
 */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => CONTROL_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const CONTROL_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Formats a place as `file:line:column` (missing parts are left out; control characters in the file name made {@link visible}). */
export function formatPlace(place: SourcePlace): string {
  let out = visible(place.file);
  if (place.line !== undefined) {
    out += `:${place.line}`;
    if (place.column !== undefined) out += `:${place.column}`;
  }
  return out;
}

/** Words for the file-system error codes users meet (full disk, no permission, a file in the way…). */
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'a file of that name is in the way',
  ENOTDIR: 'a file is in the way where a folder is needed',
  EISDIR: 'a folder of that name is in the way',
  ENOENT: 'no such file or folder',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links (a loop)',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EBUSY: 'the file is busy',
  EIO: 'input/output error',
};

/** True for an error of a Node.js system call (`fs`, `net`…): it has a string `code` and `syscall`. */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException & { code: string; syscall: string } {
  const e = err as NodeJS.ErrnoException | null;
  return e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string';
}

/** What a system call was doing, for {@link systemErrorText}. */
const ACTIONS: Readonly<Record<string, string>> = {
  mkdir: 'cannot create the folder',
  open: 'cannot open',
  write: 'cannot write',
  rename: 'cannot write',
  unlink: 'cannot remove',
  read: 'cannot read',
  scandir: 'cannot read the folder',
  stat: 'cannot read',
  lstat: 'cannot read',
  realpath: 'cannot read',
};

/**
 * One line for a failed system call, without the stack: `cannot create the folder out: a file of
 * that name is in the way (EEXIST)`.
 *
 * @param shown how to print the path the call failed on (e.g. relative to the project root)
 * @param action what was being done to it (default: from the system call, e.g. `cannot write`)
 */
export function systemErrorText(err: NodeJS.ErrnoException & { code: string; syscall: string }, shown: (path: string) => string = (p) => p, action?: string): string {
  const doing = action ?? ACTIONS[err.syscall] ?? `${err.syscall} failed on`;
  return `${err.path === undefined ? `${err.syscall} failed` : `${doing} ${shown(err.path)}`}: ${systemErrorReason(err)}`;
}

/** Why a system call failed, in words, with its code: `permission denied (EACCES)`. */
export function systemErrorReason(err: NodeJS.ErrnoException & { code: string }): string {
  const what = SYSTEM_ERRORS[err.code] ?? err.message.replace(/^[A-Z0-9_]+: /, '').replace(/, \w+ '.*'$/, '');
  return `${what} (${err.code})`;
}
