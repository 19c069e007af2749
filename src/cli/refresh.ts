/**
 * The shells' synchronous fallback (`kctx-guard __refresh <name> <key>`): computes one entry and
 * writes it to the cache exactly as the daemon would, for when the daemon is down or slow.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  decodeEntryKey,
  ensurePrivateDir,
  isEntryFileName,
  serializeEntry,
  writeEntryAtomically,
} from '../cache/index.js';
import { cacheDir, configFileFor, type Env } from '../locations.js';
import { computeEntry } from '../pipeline/index.js';

/** @throws Error for a malformed name or key, or an unsafe cache folder. */
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
  });
  writeEntryAtomically(dir, name, serializeEntry(entry), state.newestNs);
}
