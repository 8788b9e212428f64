/** Process checks shared by the atomic writer's and the code cache's leftover-file sweeps. */

/**
 * True when a process with this id runs, or exists under another user (`kill(pid, 0)` fails
 * with EPERM): a temporary file named after it may still be in use.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
