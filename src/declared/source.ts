/**
 * How a cluster's declaration joins the other sources of a target's level (rules/sources.ts), and
 * how status and `rules test` say when it was fetched. The entry's reason names the source but not
 * its age: an entry is rewritten when the declaration changes, not each time it is confirmed, so an
 * age written into it would go stale; status reads the age from the cache instead. Pure.
 */
import type { LevelSource } from '../rules/sources.js';
import { DECLARATION_SOURCE } from './configmap.js';
import type { DeclaredRecord, DeclaredSnapshot } from './record.js';

/** The source a declaration gives, when the target's cluster made one. */
export function declaredSource(
  snapshot: DeclaredSnapshot | undefined,
  id: string | undefined,
): LevelSource | undefined {
  const declared = id === undefined ? undefined : snapshot?.[id];
  if (declared === undefined) return undefined;
  return {
    kind: 'cluster-declared',
    level: declared.level,
    why: `declared ${declared.level} by the cluster (${DECLARATION_SOURCE})`,
  };
}

/**
 * A reason as people read it now: the cluster's reason gains its age,
 * `declared danger by the cluster (ConfigMap kube-public/kctx-guard, fetched 3 min ago)`.
 */
export function withAge(why: string, fetchedAt: string | null | undefined, now: Date): string {
  const plain = `(${DECLARATION_SOURCE})`;
  if (!fetchedAt || !why.endsWith(plain)) return why;
  return `${why.slice(0, -plain.length)}(${DECLARATION_SOURCE}, fetched ${ago(fetchedAt, now)})`;
}

/** `just now`, `3 min ago`, `2 h ago`, `4 days ago`. */
export function ago(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 60) return seconds < 5 ? 'just now' : `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/** What the last attempt's failure means, for people. */
export function describeFailure(failure: NonNullable<DeclaredRecord['failure']>): string {
  switch (failure.why) {
    case 'login':
      return `needs interactive login (${failure.detail}); log in with kubectl once, it is asked again later`;
    case 'forbidden':
      return `may not read ${DECLARATION_SOURCE} (403): the cluster's admins can allow it (docs/rules.md, "Levels a cluster declares")`;
    case 'changed':
      return 'the kubeconfig changed while the cluster was asked; asked again later';
    default:
      return `${failure.why}: ${failure.detail}`;
  }
}

/**
 * One line on the record: `danger (ConfigMap kube-public/kctx-guard, fetched 3 min ago)`,
 * `nothing declared (fetched 3 min ago)`, `not fetched yet`, then the last failure if any.
 */
export function describeRecord(record: DeclaredRecord | undefined, now: Date): string {
  if (record === undefined) return 'not fetched yet';
  const fetched = record.fetchedAt === null ? undefined : `fetched ${ago(record.fetchedAt, now)}`;
  const answer =
    record.declaration !== null
      ? `${record.declaration.level}${record.declaration.alias ? ` as ${record.declaration.alias}` : ''} (${DECLARATION_SOURCE}, ${fetched})`
      : fetched === undefined
        ? 'never answered'
        : `nothing declared (${fetched})`;
  if (record.failure === null) return answer;
  return `${answer}; last attempt ${ago(record.attemptedAt, now)} failed: ${describeFailure(record.failure)}`;
}
