/**
 * The cache of what clusters declared, per cluster identity: the last answer (a declaration, or
 * none), when it was fetched, and how the last attempt went. An attempt that fails changes nothing
 * that was declared: an unreachable cluster or one that needs a login keeps its last answer, and
 * the failure is kept beside it for status. When a cluster is due to be asked again (its TTL after
 * the last attempt; sooner after a failure, except one that needs a login) is decided here. Pure.
 */
import { LEVELS } from '../rules/types.js';
import type { ClusterDeclaration } from './configmap.js';

export const CACHE_VERSION = 1;

/** Why an attempt gave no answer: `login` needs a person, `changed` the kubeconfig moved meanwhile. */
export type FetchFailure = 'login' | 'timeout' | 'unreachable' | 'denied' | 'forbidden' | 'changed' | 'failed';

export type FetchOutcome =
  /** `declaration` undefined: the cluster declares nothing usable (no ConfigMap, or `problems`). */
  | { ok: true; declaration: ClusterDeclaration | undefined; problems: string[] }
  | { ok: false; why: FetchFailure; detail: string };

export interface DeclaredRecord {
  /** The cluster's identity id (src/identity) and its normalised server, for people. */
  id: string;
  server: string;
  /** From the last answer; null: the cluster declares nothing. */
  declaration: ClusterDeclaration | null;
  /** What that answer held that was not understood. */
  problems: string[];
  /** The last answer (ISO time); null: never answered. */
  fetchedAt: string | null;
  attemptedAt: string;
  /** Why the last attempt failed; null when it was answered. */
  failure: { why: FetchFailure; detail: string } | null;
  /** Whose credentials were used: the context asked through. */
  context: string;
}

export interface DeclaredCache {
  version: typeof CACHE_VERSION;
  clusters: DeclaredRecord[];
}

/** What a compute needs of a cluster that declared a level, by identity id. */
export type DeclaredSnapshot = Record<string, { level: ClusterDeclaration['level']; alias: string | undefined }>;

/** After a failure (other than a login) the cluster is asked again this soon, if its TTL is longer. */
export const RETRY_MS = 5 * 60 * 1000;
/** The cache keeps this many clusters, the most recently asked. */
export const MAX_RECORDS = 1000;

export function emptyCache(): DeclaredCache {
  return { version: CACHE_VERSION, clusters: [] };
}

/** The record after one attempt. */
export function applyOutcome(
  previous: DeclaredRecord | undefined,
  asked: { id: string; server: string; context: string },
  outcome: FetchOutcome,
  now: Date,
): DeclaredRecord {
  const attemptedAt = now.toISOString();
  if (outcome.ok)
    return {
      ...asked,
      declaration: outcome.declaration ?? null,
      problems: outcome.problems,
      fetchedAt: attemptedAt,
      attemptedAt,
      failure: null,
    };
  return {
    ...asked,
    declaration: previous?.declaration ?? null,
    problems: previous?.problems ?? [],
    fetchedAt: previous?.fetchedAt ?? null,
    attemptedAt,
    failure: { why: outcome.why, detail: outcome.detail },
  };
}

/**
 * When (ms since the epoch) the cluster is due to be asked again. A plugin that needs a login would
 * fail the same way every few minutes, so it waits the whole TTL, as an answered cluster does.
 */
export function dueAt(record: DeclaredRecord | undefined, ttlMs: number): number {
  if (record === undefined) return 0;
  const wait = record.failure === null || record.failure.why === 'login' ? ttlMs : Math.min(ttlMs, RETRY_MS);
  return Date.parse(record.attemptedAt) + wait;
}

/** The declarations computes apply, by identity id. */
export function snapshotOf(records: Iterable<DeclaredRecord>): DeclaredSnapshot {
  const out: DeclaredSnapshot = {};
  for (const record of records)
    if (record.declaration !== null)
      out[record.id] = { level: record.declaration.level, alias: record.declaration.alias };
  return out;
}

/** What an entry shows of a record: when it changes, entries reaching that cluster are recomputed. */
export function declarationSignature(record: DeclaredRecord | undefined): string {
  const declared = record?.declaration;
  return declared ? `${declared.level}\u0000${declared.alias ?? ''}` : '';
}

/** The records to keep: at most MAX_RECORDS, the most recently asked. */
export function bounded(records: DeclaredRecord[]): DeclaredRecord[] {
  if (records.length <= MAX_RECORDS) return records;
  return [...records].sort((a, b) => b.attemptedAt.localeCompare(a.attemptedAt)).slice(0, MAX_RECORDS);
}

/** Whether `value` is a cache this version wrote (anything else is ignored, never trusted in part). */
export function isCache(value: unknown): value is DeclaredCache {
  if (typeof value !== 'object' || value === null) return false;
  const cache = value as { version?: unknown; clusters?: unknown };
  return (
    cache.version === CACHE_VERSION &&
    Array.isArray(cache.clusters) &&
    cache.clusters.every((item: unknown) => {
      const record = item as Partial<DeclaredRecord> | null;
      return (
        typeof record === 'object' &&
        record !== null &&
        typeof record.id === 'string' &&
        typeof record.server === 'string' &&
        typeof record.attemptedAt === 'string' &&
        Array.isArray(record.problems) &&
        (record.declaration === null || (LEVELS as readonly unknown[]).includes(record.declaration?.level))
      );
    })
  );
}
