/**
 * Makes a cache folder that survives reboots (`~/.cache/kctx-guard`, the folder on macOS, which has no
 * XDG_RUNTIME_DIR) start each boot as empty as a tmpfs would: the daemon that takes the lock removes
 * the entries, registrations, pid file, heartbeat, temp files and socket files an earlier boot left.
 * An entry of an earlier boot was kept true by a daemon that is gone, and a pid file of an earlier
 * boot can name a process that has nothing to do with kctx-guard. The user's `prompt-off` switch and
 * the hooks' `wait.fifo` stay. Files written in this boot are left alone: on Linux with
 * XDG_RUNTIME_DIR, too, they outlive a daemon restart.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { uptime } from 'node:os';
import { join } from 'node:path';
import { isEntryFileName } from '../cache/index.js';
import { CACHE_FILES } from '../locations.js';
import { processRuns } from '../process-runs.js';

/** Names the daemon or the shells write anew in every boot (besides entries and registrations). */
const PER_BOOT = new Set<string>([CACHE_FILES.pidFile, CACHE_FILES.heartbeat]);
const PER_BOOT_PATTERN = /^(\.tmp-.*|daemon-\d+\.sock|daemon\.sock)$/;

/**
 * When this boot began, on the wall clock (ms). Tests only (NODE_ENV=test too):
 * `KCTX_GUARD_TEST_BOOT_TIME_MS` stands in for it, since a test cannot reboot.
 */
export function bootTimeMs(env: NodeJS.ProcessEnv = process.env): number {
  const override = Number(env['KCTX_GUARD_TEST_BOOT_TIME_MS']);
  if (env['NODE_ENV'] === 'test' && override > 0) return override;
  return Date.now() - uptime() * 1000;
}

/**
 * A file's inode change time cannot be set back by `touch` or `utimes` (the daemon dates every entry
 * after its sources), so a change time before the boot means the file was last written in an earlier
 * boot. A clock set forward after boot can make a file of this boot look older: it is removed too,
 * which costs one recompute (and a shell registers again when its entry is missing), never wrong data.
 */
function fromEarlierBoot(path: string, bootMs: number): boolean {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  return stat !== undefined && !stat.isDirectory() && stat.ctimeMs < bootMs;
}

/**
 * Removes what an earlier boot left in `cacheDir` and its `reg/`; call it only while holding the
 * daemon's lock. Returns the paths removed. Never throws: a file it cannot remove stays, as before.
 */
export function removeEarlierBootLeftovers(cacheDir: string, bootMs = bootTimeMs()): string[] {
  const removed: string[] = [];
  const sweep = (dir: string, belongs: (name: string) => boolean): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (!belongs(name) || !fromEarlierBoot(path, bootMs)) continue;
      try {
        rmSync(path, { force: true });
        removed.push(path);
      } catch {
        // Not ours to remove after all (a read-only folder): leave it.
      }
    }
  };
  sweep(cacheDir, (name) => isEntryFileName(name) || PER_BOOT.has(name) || PER_BOOT_PATTERN.test(name));
  sweep(join(cacheDir, CACHE_FILES.registrations), isEntryFileName);
  return removed;
}

/** `.tmp-<pid>-<n>` (an entry being written) and `.tmp-probe-<pid>` (a writability probe). */
const TEMP_WRITER = /^\.tmp-(?:probe-)?(\d+)(?:-\d+)?$/;

/** A temp file older than this is left over whoever's pid it names (a pid may be reused). */
const TEMP_ABANDONED_MS = 60_000;

/**
 * Removes the temp files of writers that are gone. A shell's fallback (`__refresh`) may be writing
 * its entry while a daemon starts: removing its temp file would fail its rename, and the prompt
 * would show `unknown`. So a temp file is left while the pid in its name runs, for up to a minute.
 * Returns the paths removed; never throws.
 */
export function removeDeadWritersTemps(cacheDir: string, nowMs = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith('.tmp-')) continue;
    const path = join(cacheDir, name);
    const writer = TEMP_WRITER.exec(name)?.[1];
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat === undefined || stat.isDirectory()) continue;
    const live = writer !== undefined && Number(writer) !== process.pid && processRuns(Number(writer));
    // The change time, not the mtime: a writer dates its temp file after the entry's sources.
    if (live && nowMs - stat.ctimeMs < TEMP_ABANDONED_MS) continue;
    try {
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // Not ours to remove after all: leave it.
    }
  }
  return removed;
}
