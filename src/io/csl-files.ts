/**
 * The CSL styles and locales sahifa ships in `csl/` at the package root (the CSL project's files,
 * CC BY-SA 3.0, see `csl/README.md`), read for the citation engine (`parse/citeproc.ts`).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (two folders up from this module in `src/`, `dist/` and the bundle alike). */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Folder of the shipped CSL styles and locales. */
export const CSL_DIR = resolve(PACKAGE_ROOT, 'csl');

const cache = new Map<string, string>();

/** The text of a shipped CSL file (`ieee.csl`, `locales-ar.xml`), read once per process. */
export function shippedCsl(file: string): string {
  let text = cache.get(file);
  if (text === undefined) cache.set(file, (text = readFileSync(resolve(CSL_DIR, file), 'utf8')));
  return text;
}
