/**
 * Atomic writes: a build killed with SIGKILL leaves the previous outputs byte-identical and no
 * partial file under an output's name; a temporary file cut short by the kill is hidden, named
 * after the dead process, and removed by the next build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { removeStaleTemporaries } from '../src/build.js';
import { BIN, project, sahifa } from './helpers/cli.js';
import { ROOT, SEED_MD } from './helpers/seed.js';

/** Every file under `dir`, hidden ones included (relative path → bytes). */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Temporary files (`*.tmp`) anywhere under `dir`. */
function temporaries(dir: string): string[] {
  return [...snapshot(dir).keys()].filter((p) => p.endsWith('.tmp'));
}

/** The seed brief with its body repeated `times` times (the seed is 2 pages: 30 times ≈ 60 pages). */
function bigBrief(times: number): string {
  const seed = readFileSync(SEED_MD, 'utf8');
  const end = seed.indexOf('\n---', 4) + 4;
  const body = seed.slice(end);
  return seed.slice(0, end) + Array.from({ length: times }, () => body).join('\n');
}

/** Waits for a child to exit; resolves to its exit code and signal. */
function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) ok({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => ok({ code, signal }));
  });
}

/**
 * Polls (every 2 ms) until `until()` holds or `ms` pass, or the child exits.
 *
 * @returns why it stopped
 */
async function poll(child: ChildProcess, ms: number, until: () => boolean): Promise<'condition' | 'time' | 'exited'> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    if (until()) return 'condition';
    await new Promise((r) => setTimeout(r, 2));
  }
  return 'time';
}

describe('killing a build', () => {
  it('SIGKILL mid-build leaves the previous outputs byte-identical and no partial or temporary file', async () => {
    const dir = project({ 'content/big.md': bigBrief(1) });
    const outDir = join(dir, 'output');
    const first = sahifa(['build'], dir);
    expect(first.code, first.err).toBe(0);
    const previous = snapshot(outDir);
    expect([...previous.keys()]).toEqual(expect.arrayContaining(['big.html', 'big.pdf', 'big.docx']));

    // The next build would change every output. Kill it once it runs, before it writes; if it
    // reached its writes (or finished) first, try again with a longer brief and an earlier kill.
    let times = 30;
    let killAfter = 800;
    let attempts = 0;
    let killedBeforeWriting = false;
    while (!killedBeforeWriting && attempts < 4) {
      attempts++;
      writeFileSync(join(dir, 'content', 'big.md'), bigBrief(times));
      const child = spawn(process.execPath, [BIN, 'build'], { cwd: dir, stdio: 'ignore' });
      const why = await poll(child, killAfter, () => temporaries(outDir).length > 0);
      child.kill('SIGKILL');
      const end = await exited(child);
      killedBeforeWriting = why === 'time' && end.signal === 'SIGKILL' && temporaries(outDir).length === 0;
      // Whatever happened, no output is ever partial: each file is the previous one or a complete new one.
      for (const [name, bytes] of snapshot(outDir)) {
        if (name.endsWith('.tmp') || previous.get(name)?.equals(bytes)) continue;
        if (name.endsWith('.pdf')) expect(bytes.subarray(-6).toString('latin1'), name).toMatch(/%%EOF\s*$/);
        if (name.endsWith('.docx')) expect(bytes.subarray(0, 2).toString('latin1'), name).toBe('PK');
      }
      if (!killedBeforeWriting) {
        // Too late (or finished): put the previous outputs back and retry with a longer brief, killed earlier.
        times *= 2;
        killAfter = Math.max(300, killAfter / 2);
        await removeStaleTemporaries(outDir);
        for (const [name, bytes] of previous) writeFileSync(join(outDir, name), bytes);
      }
    }
    expect(killedBeforeWriting, `the build was never caught before writing in ${attempts} attempts`).toBe(true);
    const after = snapshot(outDir);
    expect([...after.keys()].sort()).toEqual([...previous.keys()].sort());
    for (const [name, bytes] of previous) expect(after.get(name)!.equals(bytes), name).toBe(true);
    expect(temporaries(outDir)).toEqual([]);
  });

  it('SIGKILL during a write keeps the previous file whole; the next build removes the hidden temporary file', async () => {
    const dir = project({ 'content/brief.md': bigBrief(1) });
    const outDir = join(dir, 'output');
    expect(sahifa(['build', '--format', 'html'], dir).code).toBe(0);
    const target = join(outDir, 'brief.html');
    const before = readFileSync(target);

    // A process writing a large file through writeAtomic, killed once its temporary file has data.
    const buildJs = pathToFileURL(join(ROOT, 'dist', 'build.js')).href;
    const script = `import { writeAtomic } from ${JSON.stringify(buildJs)};\nawait writeAtomic(${JSON.stringify(target)}, new Uint8Array(768 * 2 ** 20).fill(65));\n`;
    let caught: string | undefined;
    for (let attempt = 0; attempt < 3 && !caught; attempt++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
      const why = await poll(child, 60_000, () => temporaries(outDir).some((t) => statSync(join(outDir, t)).size > 0));
      child.kill('SIGKILL');
      const end = await exited(child);
      if (why === 'condition' && end.signal === 'SIGKILL') {
        caught = temporaries(outDir)[0];
        expect(caught).toMatch(new RegExp(`^\\.brief\\.html\\.${child.pid}-[0-9a-f]{12}\\.tmp$`));
      }
      // Killed or not, the target is whole: the previous page, or (had the write finished) the new bytes.
      const now = readFileSync(target);
      if (!now.equals(before)) {
        expect(now.length).toBe(768 * 2 ** 20);
        writeFileSync(target, before);
      }
    }
    expect(caught, 'the write was never caught in progress').toBeDefined();
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(statSync(join(outDir, caught!)).size).toBeLessThan(768 * 2 ** 20);

    // The next build sweeps temporary files whose process is gone.
    const next = sahifa(['build', '--format', 'html'], dir);
    expect(next.code, next.err).toBe(0);
    expect(temporaries(outDir)).toEqual([]);
    expect(readFileSync(target).equals(before)).toBe(true);
  });
});
