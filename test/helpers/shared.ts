/**
 * The project's shared data, `../shared` beside the repository (the Unicode conformance files, the
 * corpus of real briefs), which only this project's machines and CI have: a user's clone does not,
 * even in a CI of its own where CI=true. So tests that read it run when SAHIFA_SHARED_TESTS=1
 * (.ci/run exports it) and otherwise skip with a printed reason; with SAHIFA_SHARED_TESTS=1 a
 * missing file fails the test. (Readers are another matter: see clients.ts's needClient.)
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared folder: `../shared` next to the repository root; SAHIFA_SHARED_DIR overrides it. */
export const SHARED_DIR = process.env['SAHIFA_SHARED_DIR'] ?? resolve(import.meta.dirname, '..', '..', '..', 'shared');

/** True when the shared tests must run (`SAHIFA_SHARED_TESTS=1`, set by .ci/run). */
export const SHARED_TESTS = process.env['SAHIFA_SHARED_TESTS'] === '1';

/** A path inside the shared folder, e.g. `sharedPath('corpus')`. */
export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

/**
 * Decides whether a test that reads `path` (inside the shared folder) can run. Returns a skip
 * reason when shared tests are not asked for; throws when they are and `path` is missing, so a
 * missing file can never pass silently where it is expected.
 */
export function needShared(what: string, path: string): string | undefined {
  if (!SHARED_TESTS) {
    const reason = `${what} is in ../shared, which only this project's CI has (SAHIFA_SHARED_TESTS=1 runs it)`;
    console.warn(`skipping: ${reason}`);
    return reason;
  }
  if (!existsSync(path)) throw new Error(`${what} is missing (${path}), and SAHIFA_SHARED_TESTS=1 requires it`);
  return undefined;
}
