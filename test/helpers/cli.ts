/**
 * Running the real `sahifa` command (bin/sahifa.js → dist/) in a temporary project.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './clients.js';
import { ROOT } from './seed.js';

/** The command's entry point. */
export const BIN = join(ROOT, 'bin', 'sahifa.js');

/** Result of {@link sahifa}. */
export interface RunResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `sahifa args…` in `cwd` and waits for it (no TTY: plain output).
 *
 * @param env extra environment variables (`CI` and `NO_COLOR` are cleared unless given)
 */
export function sahifa(args: readonly string[], cwd: string, env: Record<string, string> = {}): RunResult {
  const base = { ...process.env };
  delete base['CI'];
  delete base['NO_COLOR'];
  delete base['SOURCE_DATE_EPOCH'];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env }, timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * A temporary project folder holding the given files (path relative to the project → text).
 *
 * @returns the folder's absolute path
 */
export function project(files: Record<string, string>): string {
  const dir = tempDir('sahifa-ci-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A small valid brief with the given title and paragraph. */
export function brief(title: string, paragraph: string): string {
  return `---\ntitle: "${title}"\nlang: ar\ndate: "2025-03-01"\n---\n\n## مقدمة\n\n${paragraph}\n`;
}
