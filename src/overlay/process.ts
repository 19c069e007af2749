/**
 * Whether the shell an overlay names still runs: its pid exists and, where /proc tells it, started
 * at the time the overlay's name records, so a pid reused by another process does not keep it.
 */
import { readFileSync } from 'node:fs';

/** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), or `0` where there is no /proc. */
export function processStartTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last `)`.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? '0';
  } catch {
    return '0';
  }
}

function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** True while the process runs and (with /proc) is the one that started at `start`. */
export function shellRuns(pid: number, start: string, hasProc: boolean): boolean {
  if (!pidRuns(pid)) return false;
  if (!hasProc || start === '0') return true;
  return processStartTime(pid) === start;
}
