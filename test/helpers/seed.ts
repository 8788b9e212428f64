/**
 * Builds the seed brief once per test file into a temporary output folder with the real API.
 */
import { join, resolve } from 'node:path';
import { build } from '../../src/build.js';
import type { Format } from '../../src/writers/index.js';
import { tempDir } from './clients.js';

/** Repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The seed brief's Markdown. */
export const SEED_MD = join(ROOT, 'content', 'kazakhstan-abraham-accords.md');

/**
 * Builds `content/kazakhstan-abraham-accords.md` in the given formats.
 *
 * @returns the output folder
 * @throws {Error} when the build reports an error
 */
export async function buildSeed(formats: Format[]): Promise<string> {
  const out = tempDir();
  const result = await build({ root: ROOT, paths: [SEED_MD], outDir: out, formats });
  const failed = result.briefs.find((b) => b.error);
  if (failed?.error) throw failed.error;
  return out;
}
