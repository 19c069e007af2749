/**
 * Timed unlocks (`kctx-guard unlock <cluster> 10m` in a shell with the hook): one file per shell in
 * the private cache folder, `unlock/<shell pid>`, naming the cluster (name and API server), when it
 * expires, and the shell's process start (and boot), so a reused pid is not that shell. The guard
 * honours it only for the shell the wrappers name (`__KCTX_GUARD_SHELL`, never exported) and only
 * when that shell is an ancestor of the guard itself: another shell, a script (the PATH shim names
 * no shell) or a forged variable gets nothing. No environment variable says "unlocked"; the shell
 * keeps its own copy of the expiry only to draw the prompt marker. Never throws on a bad file: it
 * counts as no unlock.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../cache/index.js';
import { CACHE_FILES, cacheDir, type Env } from '../locations.js';

export interface Unlock {
  pid: number;
  /** The shell's process start (Linux: clock ticks after boot; elsewhere `ps -o lstart`). */
  start: string;
  boot: string;
  cluster: string;
  server: string;
  /** What the user typed and the prompt shows. */
  display: string;
  /** Milliseconds since the epoch. */
  expires: number;
}

/** The longest unlock: deliberate work, not a way of turning the guard off. */
export const MAX_UNLOCK_MS = 8 * 3600_000;

/** `90s`, `10m`, `1h`, `1h30m` → milliseconds; undefined for anything else, zero, or over MAX_UNLOCK_MS. */
export function parseDuration(text: string): number | undefined {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!match || text === '') return undefined;
  const ms = (Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0)) * 1000;
  return ms > 0 && ms <= MAX_UNLOCK_MS ? ms : undefined;
}

function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields restart after the last `)`.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function ps(field: string, pid: number): string | undefined {
  try {
    return execFileSync('ps', ['-o', `${field}=`, '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** When process `pid` started, in a form that differs for a later process with the same pid. */
export function processStart(pid: number): string | undefined {
  const fields = statFields(pid);
  if (fields) return fields[19];
  return process.platform === 'linux' ? undefined : ps('lstart', pid);
}

function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  const text = fields ? fields[1] : process.platform === 'linux' ? undefined : ps('ppid', pid);
  const parent = Number(text);
  return Number.isInteger(parent) && parent > 0 ? parent : undefined;
}

/** True when `pid` is this process's parent, grandparent, … */
export function isAncestor(pid: number): boolean {
  let current: number | undefined = process.ppid;
  for (let step = 0; step < 64 && current !== undefined && current > 1; step++) {
    if (current === pid) return true;
    current = parentOf(current);
  }
  return false;
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

/** The shell pid the wrappers or the `kctx-guard` function name, when it is an ancestor of this process. */
export function callingShell(env: Env): number | undefined {
  const text = env['__KCTX_GUARD_SHELL'];
  if (!text || !/^[1-9][0-9]*$/.test(text)) return undefined;
  const pid = Number(text);
  return isAncestor(pid) ? pid : undefined;
}

export function unlockFile(env: Env, pid: number): string {
  return join(cacheDir(env), CACHE_FILES.unlocks, String(pid));
}

/**
 * Writes the unlock of `pid`'s shell, its mtime set to the expiry (fish reads the time left with
 * `path mtime --relative`, no fork). @throws CacheDirError when the cache folder is not private.
 */
export function writeUnlock(env: Env, unlock: Omit<Unlock, 'start' | 'boot'>): { file: string; record: Unlock } {
  const start = processStart(unlock.pid);
  if (start === undefined) throw new Error(`cannot tell when process ${unlock.pid} started`);
  const record: Unlock = { ...unlock, start, boot: bootId() };
  ensurePrivateDir(cacheDir(env));
  const dir = join(cacheDir(env), CACHE_FILES.unlocks);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = unlockFile(env, unlock.pid);
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  utimesSync(temp, new Date(), new Date(unlock.expires));
  renameSync(temp, file);
  return { file, record };
}

/** The shell's unlock if it is still its own and in force (an expired or stale one is removed). */
export function readUnlock(env: Env, pid: number, now = Date.now()): Unlock | undefined {
  const file = unlockFile(env, pid);
  let record: Unlock;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as Unlock;
  } catch {
    return undefined;
  }
  const valid =
    record.pid === pid &&
    typeof record.expires === 'number' &&
    record.expires > now &&
    record.expires - now <= MAX_UNLOCK_MS &&
    record.start === processStart(pid) &&
    record.boot === bootId();
  if (valid) return record;
  removeUnlock(env, pid);
  return undefined;
}

/** The unlock that covers this target for the calling shell, if any. */
export function unlockFor(env: Env, target: { cluster: string; server: string }, now = Date.now()): Unlock | undefined {
  const pid = callingShell(env);
  if (pid === undefined) return undefined;
  const unlock = readUnlock(env, pid, now);
  return unlock && unlock.cluster === target.cluster && unlock.server === target.server ? unlock : undefined;
}

export function removeUnlock(env: Env, pid: number): boolean {
  try {
    rmSync(unlockFile(env, pid));
    return true;
  } catch {
    return false;
  }
}
