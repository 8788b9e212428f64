/**
 * Real reader clients used by tests (poppler, LibreOffice, Chromium, pandoc). A missing client
 * skips the test locally with a printed reason; under CI=true it fails instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** True when running in CI (`CI=true`), where every client must be present. */
export const IN_CI = process.env['CI'] === 'true';

/** Returns true when `command` runs (`command --version` or `-v` exits 0). */
export function hasCommand(command: string, args: string[] = ['-v']): boolean {
  const r = spawnSync(command, args, { stdio: 'ignore' });
  return r.error === undefined;
}

/**
 * Decides whether a test that needs `what` can run. Returns a skip reason when it cannot;
 * throws under CI so a missing client can never pass silently.
 */
export function needClient(what: string, present: boolean): string | undefined {
  if (present) return undefined;
  const reason = `${what} is not installed`;
  if (IN_CI) throw new Error(`${reason}, and CI=true requires it (.ci/run installs it)`);
  console.warn(`skipping: ${reason}`);
  return reason;
}

/** Path of Chromium, or undefined. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** A fresh temporary folder. */
export function tempDir(prefix = 'sahifa-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `pdftotext -enc UTF-8 [args] file -` → text. */
export function pdftotext(file: string, args: string[] = []): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/**
 * Converts a document to PDF with LibreOffice (headless) into `outDir`; returns the PDF path.
 * `filter` is LibreOffice's `--convert-to` argument (e.g. with the PDF export's options).
 */
export function sofficeToPdf(file: string, outDir: string, filter = 'pdf'): string {
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${outDir}/lo-profile`, '--convert-to', filter, '--outdir', outDir, file], {
    stdio: 'pipe',
    timeout: 180_000,
  });
  const base = file.split('/').pop()!.replace(/\.[^.]+$/, '');
  return join(outDir, `${base}.pdf`);
}
