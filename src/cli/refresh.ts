/**
 * The shells' synchronous fallback (`kctx-guard __refresh <name> <key>`): computes one entry and
 * writes it to the cache exactly as the daemon would, for when the daemon is down or slow.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  decodeEntryKey,
  describeWriteFailure,
  ensurePrivateDir,
  isEntryFileName,
  readEntry,
  serializeEntry,
  writeEntryAtomically,
} from '../cache/index.js';
import { entryMemory, readMemory } from '../identity/index.js';
import { readDeclaredSnapshot } from '../declared/index.js';
import { cacheDir, configFileFor, stateDir, type Env } from '../locations.js';
import { computeEntry } from '../pipeline/index.js';
import { clearFallbackNote, explainStaleEntry, recordFallbackNote } from './fallback-note.js';

/**
 * @throws Error for a malformed name or key, an unsafe cache folder, a failed write, or an entry
 *   the shell would not trust (both of the last two are also noted for `status` and `doctor`).
 */
export function refreshEntry(env: Env, cwd: string, name: string, key: string): void {
  if (!isEntryFileName(name)) throw new Error(`not an entry name: ${JSON.stringify(name)}`);
  const decoded = decodeEntryKey(key);
  const dir = cacheDir(env);
  ensurePrivateDir(dir);
  // The key says which HOME and config.yaml the shell has: computed with those, as the daemon would.
  const config = configFileFor(decoded.home, decoded.configHome);
  // An existing config folder is a quiet freshness path; a missing one would make its busy
  // ancestor (often $HOME) one, and every file created there would stale the cache.
  mkdirSync(dirname(config), { recursive: true, mode: 0o700 });
  const { entry, state } = computeEntry({
    key,
    kubeconfig: decoded.kubeconfig,
    cwd: decoded.cwd ?? cwd,
    home: decoded.home,
    configFile: config,
    // As the daemon would: levels follow the clusters it has learned (read only; the daemon learns).
    ...entryMemory(readMemory(stateDir(env)).memory),
    declared: readDeclaredSnapshot(stateDir(env)),
  });
  try {
    writeEntryAtomically(dir, name, serializeEntry(entry), state.newestNs);
  } catch (error) {
    const problem = describeWriteFailure(dir, error as NodeJS.ErrnoException);
    recordFallbackNote(env, { at: Date.now(), key, reason: problem.message, fix: problem.fix });
    throw new Error(`${problem.message}; fix: ${problem.fix}`, { cause: error });
  }
  // The shell trusts the entry only if it is newer than every path it lists: check as it will.
  if (readEntry(dir, name, key).state === 'fresh') {
    clearFallbackNote(env, key);
    return;
  }
  const { reason, fix } = explainStaleEntry(dir, join(dir, name));
  recordFallbackNote(env, { at: Date.now(), key, reason, fix });
  throw new Error(`the entry just written is not trusted: ${reason}; fix: ${fix}`);
}
