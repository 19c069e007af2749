/**
 * The daemon's heartbeat: `<cache>/heartbeat` holds the daemon's clock in whole seconds, a space, its
 * pid and a newline, rewritten in place every second. A shell counts the daemon alive while that time
 * is within `HEARTBEAT.staleS` of its own clock, either way, and (where a builtin can tell) that pid
 * runs (docs/protocol.md, "Liveness"). The pid alone says too little: a stopped (SIGSTOP) or hung
 * daemon still passes `kill -0`, and after a reboot a surviving pid may belong to another process;
 * the beat alone is slow to notice a kill. bash and zsh compare the content with their builtin clocks
 * and `kill -0` the pid; fish 3.5+ reads the file's mtime (`path mtime --relative`) and, with /proc,
 * looks for the pid there. No fork in any of them.
 */
import { closeSync, openSync, readFileSync, constants as fsConstants, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_FILES } from '../locations.js';

export const HEARTBEAT = {
  /** How often the daemon beats. */
  everyMs: 1000,
  /**
   * How far (in whole seconds, either way) a beat may be from a reader's clock and still count: a
   * few beats, so a busy machine's late timer is not a dead daemon, and a stopped one is seen soon.
   */
  staleS: 5,
} as const;

export function heartbeatPath(cacheDir: string): string {
  return join(cacheDir, CACHE_FILES.heartbeat);
}

/** What a beat says: the daemon's clock then in whole seconds (fixed width until the year 2286) and its pid. */
export function heartbeatText(nowMs: number, pid: number): string {
  return `${Math.floor(nowMs / 1000)} ${pid}\n`;
}

/**
 * How many seconds ago the beat in `text` was, by the clock `nowMs`; undefined when it is not a beat.
 * Negative when the beat is ahead (the clock was set back since).
 */
export function heartbeatAgeS(text: string, nowMs: number): number | undefined {
  const match = /^([0-9]{1,15}) [0-9]{1,10}\n$/.exec(text);
  if (!match) return undefined;
  return Math.floor(nowMs / 1000) - Number(match[1]);
}

/** Whether a beat that old means a live daemon: within `staleS` seconds either way. */
export function beatIsLive(ageS: number | undefined): boolean {
  return ageS !== undefined && Math.abs(ageS) <= HEARTBEAT.staleS;
}

/** The last beat: its age in seconds by the clock `nowMs`, and the pid that wrote it; undefined when there is none. */
export function readHeartbeat(cacheDir: string, nowMs = Date.now()): { ageS: number; pid: number } | undefined {
  try {
    const text = readFileSync(heartbeatPath(cacheDir), 'utf8');
    const ageS = heartbeatAgeS(text, nowMs);
    return ageS === undefined ? undefined : { ageS, pid: Number(text.split(' ')[1]) };
  } catch {
    return undefined;
  }
}

/** The heartbeat's age in seconds as a reader sees it now; undefined when there is none to read. */
export function readHeartbeatAgeS(cacheDir: string, nowMs = Date.now()): number | undefined {
  return readHeartbeat(cacheDir, nowMs)?.ageS;
}

/**
 * Writes one beat in place, never truncating: a reader sees the old beat or the new one, never an
 * empty file. Not following a symlink planted in its place.
 */
export function writeHeartbeat(cacheDir: string, nowMs = Date.now(), pid = process.pid): void {
  const fd = openSync(
    heartbeatPath(cacheDir),
    fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_NOFOLLOW,
    0o600,
  );
  try {
    writeSync(fd, heartbeatText(nowMs, pid), 0, 'utf8');
  } finally {
    closeSync(fd);
  }
}
