/**
 * Definitions kubectl hides: a context or cluster name defined again in a later KUBECONFIG file and
 * reaching another cluster there. kubectl takes the first; someone who edited the later one (or a tool
 * that wrote it) believes otherwise. The identity memory keeps those found by the daemon until the
 * files no longer say so, and the user's acknowledgements, so every shell's prompt says so until
 * `kctx-guard ack`. Pure.
 */

export interface HiddenDefinition {
  kind: 'context' | 'cluster';
  name: string;
  /** The file whose definition kubectl ignores, and the server it names there. */
  file: string;
  server: string;
  /** The identity id that definition reaches (the server when it has none). */
  id: string;
  /** The definition kubectl uses: the first file defining the name, and what it reaches. */
  over: { file: string; server: string; id: string };
}

/** A hidden definition the memory keeps, not acknowledged: since when the files say so. */
export interface PendingHidden extends HiddenDefinition {
  at: string;
}

/** An acknowledged hidden definition: its key, and when. */
export interface AcknowledgedHidden {
  key: string;
  at: string;
}

/** Kept at most: a KUBECONFIG full of duplicates must not grow the memory without bound. */
export const HIDDEN_LIMITS = { pending: 200, acknowledged: 1000 };

/** What an acknowledgement is of: the same two definitions; either one reaching elsewhere is new. */
export function hiddenKey(item: HiddenDefinition): string {
  return [item.kind, item.name, item.file, item.id, item.over.file, item.over.id].join('\u0000');
}

const hiddenOnly = (item: HiddenDefinition): HiddenDefinition => ({
  kind: item.kind,
  name: item.name,
  file: item.file,
  server: item.server,
  id: item.id,
  over: { file: item.over.file, server: item.over.server, id: item.over.id },
});

/**
 * The pending hidden definitions after a compute read `files` (in KUBECONFIG order; only files that
 * held a context or a cluster: one read mid-write says nothing) and found `found` among them. A
 * pending one whose two files were both read, in that order, and not found again is gone; one found
 * anew is added unless acknowledged. Once the list is full, new findings wait for room: the list
 * stays the same from one compute to the next, so entries are not recomputed for nothing.
 */
export function nextHidden(
  pending: readonly PendingHidden[],
  files: readonly string[],
  found: readonly HiddenDefinition[],
  nowIso: string,
  acknowledged: readonly AcknowledgedHidden[] = [],
): PendingHidden[] {
  const position = new Map(files.map((file, index) => [file, index]));
  const foundKeys = new Set(found.map(hiddenKey));
  const seen = new Set(acknowledged.map((item) => item.key));
  const checked = (item: HiddenDefinition): boolean => {
    const over = position.get(item.over.file);
    const hidden = position.get(item.file);
    return over !== undefined && hidden !== undefined && over < hidden;
  };
  const kept = pending.filter(
    (item) => !seen.has(hiddenKey(item)) && (!checked(item) || foundKeys.has(hiddenKey(item))),
  );
  const keys = new Set(kept.map(hiddenKey));
  for (const item of found) {
    if (kept.length >= HIDDEN_LIMITS.pending) break;
    const key = hiddenKey(item);
    if (keys.has(key) || seen.has(key)) continue;
    keys.add(key);
    kept.push({ ...hiddenOnly(item), at: nowIso });
  }
  return kept;
}

/** The hidden definitions not acknowledged. */
export function unacknowledgedHidden<T extends HiddenDefinition>(
  items: readonly T[],
  acknowledged: readonly AcknowledgedHidden[],
): T[] {
  const keys = new Set(acknowledged.map((item) => item.key));
  return items.filter((item) => !keys.has(hiddenKey(item)));
}

/**
 * Acknowledges the hidden definitions of `items` named `what` (all without it): returns the new
 * acknowledgements list and what was acknowledged now.
 */
export function acknowledgeHidden<T extends HiddenDefinition>(
  acknowledged: readonly AcknowledgedHidden[],
  items: readonly T[],
  what: string | undefined,
  nowIso: string,
): { acknowledged: AcknowledgedHidden[]; now: T[] } {
  const open = unacknowledgedHidden(items, acknowledged).filter((item) => what === undefined || item.name === what);
  const seen = new Set<string>();
  const now = open.filter((item) => {
    const key = hiddenKey(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const next = [...acknowledged, ...now.map((item) => ({ key: hiddenKey(item), at: nowIso }))];
  return {
    acknowledged:
      next.length <= HIDDEN_LIMITS.acknowledged ? next : next.slice(next.length - HIDDEN_LIMITS.acknowledged),
    now,
  };
}

/** One line for the log, status and doctor. */
export function describeHidden(item: HiddenDefinition, showFile: (file: string) => string = (file) => file): string {
  return `${item.kind} ${item.name} in ${showFile(item.file)} (${item.server}) is hidden by ${showFile(item.over.file)}'s (${item.over.server}); kubectl uses the first`;
}
