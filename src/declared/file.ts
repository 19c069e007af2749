/**
 * The cache of cluster declarations on disk: `cluster-levels.json` in the state folder, mode 0600
 * in a 0700 folder, written atomically (temp file, rename) by the daemon, and by `identities
 * forget`, which drops the records of the identities it forgets; status, rules test, the guard and
 * the prompt's fallback only read it. It holds identity ids, server URLs without userinfo,
 * levels, aliases, times and failure reasons: never a credential. A file that cannot be read or
 * parsed counts as empty and says why.
 */
import { join } from 'node:path';
import { readStateJson, writeStateJson } from '../state-file.js';
import { type DeclaredCache, type DeclaredSnapshot, emptyCache, isCache, snapshotOf } from './record.js';

export const CACHE_FILE = 'cluster-levels.json';

export function declaredCachePath(stateDir: string): string {
  return join(stateDir, CACHE_FILE);
}

/** The cache, empty when there is none; `problem` says why a file that exists was not used. */
export function readDeclaredCache(stateDir: string): { cache: DeclaredCache; problem: string | undefined } {
  const { value, problem } = readStateJson(
    declaredCachePath(stateDir),
    isCache,
    emptyCache,
    'a kctx-guard cluster-levels cache',
  );
  return { cache: value, problem };
}

/** @throws Error when the file cannot be written (the temp file is removed). */
export function writeDeclaredCache(stateDir: string, cache: DeclaredCache): void {
  writeStateJson(declaredCachePath(stateDir), cache);
}

/** What the daemon's computes apply, as the CLI and the prompt's fallback read it (they never write). */
export function readDeclaredSnapshot(stateDir: string): DeclaredSnapshot {
  return snapshotOf(readDeclaredCache(stateDir).cache.clusters);
}

/**
 * Drops the records of these identities (`identities forget`); returns the ids it dropped. A file
 * that cannot be used is left alone. @throws Error when the file cannot be written.
 */
export function forgetDeclared(stateDir: string, ids: readonly string[]): string[] {
  const { cache, problem } = readDeclaredCache(stateDir);
  const gone = new Set(ids);
  const dropped = cache.clusters.filter((record) => gone.has(record.id)).map((record) => record.id);
  if (problem !== undefined || dropped.length === 0) return [];
  writeDeclaredCache(stateDir, { ...cache, clusters: cache.clusters.filter((record) => !gone.has(record.id)) });
  return dropped;
}
