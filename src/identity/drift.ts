/**
 * Drift: a context name that now reaches another cluster than the identity memory last saw it reach
 * in the same file (`prod-eu` now points at https://new… — was https://old…). Kept in the memory
 * until the user acknowledges it (`kctx-guard ack`), so every shell's prompt says so meanwhile. A
 * name that returns to the cluster it reached is no drift any more. Pure.
 */
import type { ClusterIdentity } from './identity.js';

export interface DriftEnd {
  id: string;
  server: string;
  ca: string | null;
}

export interface Drift {
  context: string;
  file: string;
  /** What the name reached when last acknowledged (or first seen). */
  from: DriftEnd;
  /** What it reaches now. */
  to: DriftEnd;
  /** When the name was first seen pointing away, ISO. */
  at: string;
}

const end = (identity: { id: string; server: string; ca: string | null }): DriftEnd => ({
  id: identity.id,
  server: identity.server,
  ca: identity.ca,
});

/**
 * The drift after `files` were read again: `before` is what the memory held for those files (per
 * file and context, the identity), `now` what they hold now.
 */
export function nextDrift(
  drift: readonly Drift[],
  before: ReadonlyMap<string, ClusterIdentity>,
  now: readonly { context: string; file: string; identity: ClusterIdentity }[],
  nowIso: string,
): Drift[] {
  const key = (file: string, context: string): string => `${file}\u0000${context}`;
  const open = new Map(drift.map((item) => [key(item.file, item.context), item]));
  for (const { context, file, identity } of now) {
    const k = key(file, context);
    const old = before.get(k);
    const pending = open.get(k);
    if (pending !== undefined) {
      // Back where it was: resolved; elsewhere again: still the same drift, now to there.
      if (pending.from.id === identity.id) open.delete(k);
      else if (pending.to.id !== identity.id) open.set(k, { ...pending, to: end(identity) });
    } else if (old !== undefined && old.id !== identity.id) {
      open.set(k, { context, file, from: end(old), to: end(identity), at: nowIso });
    }
  }
  return [...open.values()];
}

/** Removes the drift of contexts named `what` (every drift without it); returns what was acknowledged. */
export function acknowledge(drift: readonly Drift[], what?: string): { drift: Drift[]; acknowledged: Drift[] } {
  const acknowledged = drift.filter((item) => what === undefined || item.context === what);
  return { drift: drift.filter((item) => !acknowledged.includes(item)), acknowledged };
}

/** One line for the prompt's note, the log and status: what changed, and how to say it was seen. */
export function describeDrift(item: Drift, showFile: (file: string) => string = (file) => file): string {
  const was =
    item.from.server === item.to.server
      ? `${item.to.server} with another CA`
      : `${item.to.server} (was ${item.from.server})`;
  return `${item.context} in ${showFile(item.file)} now points at ${was}`;
}
