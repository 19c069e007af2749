/**
 * What `status` says of the level the target's cluster declares about itself: read from the
 * daemon's cache of answers (src/declared/file.ts), so the age and the last failure are those of
 * now, not of when the entry was written. Null when config.yaml does not turn fetching on.
 */
import type { EntryDetails } from '../cache/index.js';
import {
  DECLARATION_SOURCE,
  type DeclaredRecord,
  describeRecord,
  dueAt,
  readDeclaredCache,
} from '../declared/index.js';
import { stateDir, type Env } from '../locations.js';

export interface DeclaredReport {
  source: string;
  ttlMs: number;
  /** The cached answer and last attempt for the target's cluster; null: not asked yet. */
  record: DeclaredRecord | null;
  /** When the daemon asks again (ISO); null: as soon as it serves this shell. */
  nextAt: string | null;
  /** One line for people: `danger (ConfigMap kube-public/kctx-guard, fetched 3 min ago)`. */
  summary: string;
  /** Why the cache file was not used, when it exists and cannot be. */
  cacheProblem: string | null;
}

export function declaredReport(env: Env, details: EntryDetails, now = new Date()): DeclaredReport | null {
  if (!details.clusterLevels || !details.identity) return null;
  const { cache, problem } = readDeclaredCache(stateDir(env));
  const record = cache.clusters.find((candidate) => candidate.id === details.identity?.id);
  const ttlMs = details.clusterLevels.ttlMs;
  return {
    source: DECLARATION_SOURCE,
    ttlMs,
    record: record ?? null,
    nextAt: record ? new Date(dueAt(record, ttlMs)).toISOString() : null,
    summary: describeRecord(record, now),
    cacheProblem: problem ?? null,
  };
}
