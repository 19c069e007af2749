/** Gathers what `kctx-guard status` reports: the cache entry when fresh, else a direct computation, plus daemon state. */
import { existsSync } from 'node:fs';
import {
  type CacheWriteProblem,
  cacheWriteProblem,
  ensurePrivateDir,
  entryFileName,
  keyForEnv,
  readEntry,
  type EntryDetails,
  type EntryState,
} from '../cache/index.js';
import { sendControl } from '../daemon/control.js';
import { cacheDir, configFile, homeDir, type Env } from '../locations.js';
import { KubeconfigError, type KubeconfigErrorCode } from '../kubeconfig/index.js';
import { computeEntry, loadKubeconfigFiles } from '../pipeline/index.js';
import { readFallbackNote } from './fallback-note.js';
import { fixForProblem } from './kubeconfig-fixes.js';

export interface StatusReport extends EntryDetails {
  daemon: { running: boolean; pid: number | null };
  cacheDir: string;
  cacheDirProblem: string | null;
  cache: { state: EntryState; file: string; usedForThisReport: boolean };
  /** Why the cache folder takes no write (a full disk, a read-only mount, permissions), with the fix. */
  cacheWriteProblem: CacheWriteProblem | null;
  /** The prompt's fallback could not leave a trusted entry in the last 15 minutes: why, and the fix. */
  fallback: { at: string; reason: string; fix: string } | null;
  /** In the error state: what to do about it. */
  fix: string | null;
}

function fixFor(details: EntryDetails): string | null {
  if (details.level !== 'error' || details.errorCode === null) return null;
  const error = new KubeconfigError(
    details.errorCode as KubeconfigErrorCode,
    details.error ?? '',
    details.errorFile ?? undefined,
  );
  return fixForProblem(error, loadKubeconfigFiles(details.kubeconfig), details.context ?? undefined);
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
  const reply = (await sendControl(dir, { cmd: 'status' }, 1500)) as { pid?: number } | undefined;
  // HOME and XDG_CONFIG_HOME are part of the key: a shell with another HOME never reads this one's entry.
  const key = keyForEnv(env, cwd);
  const cached = readEntry(dir, entryFileName(key), key);
  const useCache = cached.state === 'fresh' && reply !== undefined && cacheDirProblem === null;
  const details = useCache
    ? cached.entry!.details
    : computeEntry({
        key,
        kubeconfig: env['KUBECONFIG'] || undefined,
        cwd,
        home: homeDir(env),
        configFile: configFile(env),
      }).entry.details;
  // Only a folder that exists and is ours is probed: writing into someone else's is what we refuse.
  const writeProblem = existsSync(dir) && cacheDirProblem === null ? cacheWriteProblem(dir) : undefined;
  const note = readFallbackNote(env, key);
  return {
    ...details,
    daemon: { running: reply !== undefined, pid: reply?.pid ?? null },
    cacheDir: dir,
    cacheDirProblem,
    cache: { state: cached.state, file: cached.file, usedForThisReport: useCache },
    cacheWriteProblem: writeProblem ?? null,
    fallback: note ? { at: new Date(note.at).toISOString(), reason: note.reason, fix: note.fix } : null,
    fix: fixFor(details),
  };
}
