/**
 * Gathers what `kctx-guard status` reports: the cache entry when fresh, else a direct computation,
 * plus daemon state. The parser and the rules (status-compute.ts) are imported only when the entry
 * cannot be used or names an error, so the common case never loads them.
 */
import { existsSync } from 'node:fs';
import {
  type CacheWriteProblem,
  cacheWriteProblem,
  ensurePrivateDir,
  entryFileName,
  keyForEnv,
  readEntry,
  readHeartbeat,
  beatIsLive,
  type EntryDetails,
  type EntryState,
} from '../cache/index.js';
import { sendControl } from '../daemon/control.js';
import { cacheDir, type Env } from '../locations.js';
import { isOverlayPath } from '../overlay/paths.js';
import { readFallbackNote } from './fallback-note.js';
import { type DeclaredReport, declaredReport } from './status-declared.js';

export interface StatusReport extends EntryDetails {
  /**
   * `silent`: no answer, but a daemon's heartbeat names a process that runs: it is stopped (SIGSTOP)
   * or hung; `beatAgeS` is how old its last beat is.
   */
  daemon: { running: boolean; pid: number | null; silent?: { pid: number; beatAgeS: number } };
  cacheDir: string;
  cacheDirProblem: string | null;
  cache: { state: EntryState; file: string; usedForThisReport: boolean };
  /** Why the cache folder takes no write (a full disk, a read-only mount, permissions), with the fix. */
  cacheWriteProblem: CacheWriteProblem | null;
  /** The prompt's fallback could not leave a trusted entry in the last 15 minutes: why, and the fix. */
  fallback: { at: string; reason: string; fix: string } | null;
  /** In the error state: what to do about it. */
  fix: string | null;
  /**
   * This shell is pinned by `kctx-guard use`/`ns`: its overlay (read-only: kubectl's writes to it fail
   * on its `.lock`) and the user's own files, which a kubectl write can be pointed at instead.
   */
  pinned: { overlay: string; ownKubeconfig: string } | null;
  /** What the target's cluster declares about itself, with fetching on (config.yaml `cluster-levels`); else null. */
  clusterDeclared: DeclaredReport | null;
}

function pinnedBy(files: readonly string[]): StatusReport['pinned'] {
  const overlay = files.find(isOverlayPath);
  if (overlay === undefined) return null;
  return { overlay, ownKubeconfig: files.filter((file) => !isOverlayPath(file)).join(':') };
}

export async function gatherStatus(env: Env, cwd: string): Promise<StatusReport> {
  const dir = cacheDir(env);
  let cacheDirProblem: string | null = null;
  if (existsSync(dir)) {
    try {
      ensurePrivateDir(dir);
    } catch (error) {
      cacheDirProblem = (error as Error).message;
    }
  }
  // The daemon answers while this process reads the entry and probes the folder.
  const asked = sendControl(dir, { cmd: 'status' }, 1500) as Promise<{ pid?: number } | undefined>;
  // HOME and XDG_CONFIG_HOME are part of the key: a shell with another HOME never reads this one's entry.
  const key = keyForEnv(env, cwd);
  const cached = readEntry(dir, entryFileName(key), key);
  // An entry that is not fresh will be computed whatever the daemon says: load the code meanwhile.
  const computing = cached.state === 'fresh' && cacheDirProblem === null ? undefined : import('./status-compute.js');
  // Only a folder that exists and is ours is probed: writing into someone else's is what we refuse.
  const writeProblem = existsSync(dir) && cacheDirProblem === null ? cacheWriteProblem(dir) : undefined;
  const note = readFallbackNote(env, key);
  const reply = await asked;
  const useCache = cached.state === 'fresh' && reply !== undefined && cacheDirProblem === null;
  const compute = useCache ? undefined : await (computing ?? import('./status-compute.js'));
  const details = compute ? compute.computeDetails(env, cwd, key) : cached.entry!.details;
  return {
    ...details,
    daemon: { running: reply !== undefined, pid: reply?.pid ?? null, ...(reply ? {} : silentDaemon(dir)) },
    cacheDir: dir,
    cacheDirProblem,
    cache: { state: cached.state, file: cached.file, usedForThisReport: useCache },
    cacheWriteProblem: writeProblem ?? null,
    fallback: note ? { at: new Date(note.at).toISOString(), reason: note.reason, fix: note.fix } : null,
    fix: details.level === 'error' ? (compute ?? (await import('./status-compute.js'))).fixFor(details) : null,
    pinned: pinnedBy(details.kubeconfig),
    clusterDeclared: details.level === 'error' ? null : declaredReport(env, details),
  };
}

/** A daemon that does not answer but whose heartbeat names a process that still runs (stopped or hung). */
function silentDaemon(dir: string): { silent?: { pid: number; beatAgeS: number } } {
  const beat = readHeartbeat(dir);
  if (!beat || beatIsLive(beat.ageS)) return {};
  try {
    process.kill(beat.pid, 0);
  } catch {
    return {};
  }
  return { silent: { pid: beat.pid, beatAgeS: beat.ageS } };
}
