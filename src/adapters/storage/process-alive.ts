import { readFileSync } from 'node:fs';

/**
 * Whether a process with this pid exists on this machine and can still run. Signal 0 checks existence without
 * delivering anything; on Linux a zombie (state Z: killed, not yet reaped by its parent) or a dead task (X) also
 * answers signal 0, so /proc/<pid>/stat is read too and such a process counts as dead. Its locks and files are gone
 * with it, and a restart right after SIGKILL must not wait for the parent to reap.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = linuxProcessState(pid);
  return state !== 'Z' && state !== 'X';
}

/** The one-letter state from /proc/<pid>/stat (`R`, `S`, `D`, `Z`…), or null where there is no /proc or no such pid. */
export function linuxProcessState(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // `pid (comm) state …`: comm may itself contain spaces and parentheses, so the state follows the last `)`.
  const close = stat.lastIndexOf(')');
  return close < 0 ? null : stat.slice(close + 2, close + 3) || null;
}
