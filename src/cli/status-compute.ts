/**
 * The part of `status` that needs the kubeconfig parser and the rules: the target computed
 * directly (when the cache entry cannot be used) and the fix for an error. status.ts imports this
 * file only then, so a report from a fresh entry never loads them (see scripts/bundle.mjs).
 */
import type { EntryDetails } from '../cache/index.js';
import { KubeconfigError, type KubeconfigErrorCode } from '../kubeconfig/index.js';
import { entryMemory, readMemory } from '../identity/index.js';
import { readDeclaredSnapshot } from '../declared/index.js';
import { configFile, homeDir, stateDir, type Env } from '../locations.js';
import { computeEntry, loadKubeconfigFiles } from '../pipeline/index.js';
import { fixForProblem } from './kubeconfig-fixes.js';

/** What the daemon would have written for this shell, computed here and now. */
export function computeDetails(env: Env, cwd: string, key: string): EntryDetails {
  return computeEntry({
    key,
    kubeconfig: env['KUBECONFIG'] || undefined,
    cwd,
    home: homeDir(env),
    configFile: configFile(env),
    ...entryMemory(readMemory(stateDir(env)).memory),
    declared: readDeclaredSnapshot(stateDir(env)),
  }).entry.details;
}

/** In the error state: what to do about it; otherwise null. */
export function fixFor(details: EntryDetails): string | null {
  if (details.level !== 'error' || details.errorCode === null) return null;
  const error = new KubeconfigError(
    details.errorCode as KubeconfigErrorCode,
    details.error ?? '',
    details.errorFile ?? undefined,
  );
  return fixForProblem(error, loadKubeconfigFiles(details.kubeconfig), details.context ?? undefined);
}
