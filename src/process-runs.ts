/**
 * Whether a process still runs, on Linux and macOS alike: for the daemon's start and stop paths and
 * its clean-up, never for a prompt (without /proc it may run `ps`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { hasProcFs } from './platform.js';

/** /proc is there and ours to read (not on macOS, nor on the macOS path the tests force). */
const procFs = (): boolean => hasProcFs() && existsSync('/proc/self');

/**
 * Whether `pid` still runs. A zombie nobody reaps (PID 1 in some containers) passes `kill -0` and
 * counts as gone: with /proc it has no cwd link; without, `ps` says its state is Z (only on the
 * start and stop paths, never at a prompt).
 */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (procFs()) return existsSync(`/proc/${pid}/cwd`);
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 })
      .trim()
      .startsWith('Z');
  } catch (error) {
    // No ps at all: kill -0 is all there is. Else ps says nothing of a pid that is gone by now.
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** The command line of `pid`, or '' when it cannot be read. */
export function commandLine(pid: number): string {
  try {
    if (procFs()) return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
  } catch {
    return '';
  }
}
