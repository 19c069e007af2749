/**
 * The identity memory's content and how it changes: per cluster identity, every context seen
 * reaching it (name, file, the level the rules gave it, first and last seen). What a file says
 * replaces what it said before; a file that is gone or broken keeps what it said (a deploy tool's
 * temporary kubeconfig is remembered after it is deleted) until the user forgets it. Never holds a
 * credential: identities are URLs without userinfo and CA fingerprints. Pure.
 */
import { LEVEL_RANK } from '../rules/types.js';
import { type Drift, nextDrift } from './drift.js';
import {
  type AcknowledgedHidden,
  type HiddenDefinition,
  hiddenKey,
  nextHidden,
  type PendingHidden,
  unacknowledgedHidden,
} from './hidden.js';
import type { ClusterIdentity } from './identity.js';
import type { KnownContext, KnownLevel } from './known.js';

export const MEMORY_VERSION = 1;

export interface SeenContext {
  context: string;
  cluster: string;
  file: string;
  /** What the rules and the file's extensions gave this context (`unclassified` too: a name seen). */
  level: string;
  origin: string;
  firstSeen: string;
  lastSeen: string;
}

export interface RememberedIdentity extends ClusterIdentity {
  firstSeen: string;
  lastSeen: string;
  seen: SeenContext[];
}

export interface IdentityMemory {
  version: typeof MEMORY_VERSION;
  identities: RememberedIdentity[];
  /** Context names that now reach another cluster, until acknowledged (drift.ts); absent in older files. */
  drift?: Drift[];
  /** Definitions kubectl's first-wins hides, not acknowledged, while the files say so (hidden.ts); absent in older files. */
  hidden?: PendingHidden[];
  /** Hidden definitions the user acknowledged (`kctx-guard ack`), by key. */
  hiddenAcknowledged?: AcknowledgedHidden[];
}

/** One context as a compute observed it (pipeline/identities.ts). */
export interface ObservedContext {
  context: string;
  cluster: string;
  file: string;
  identity: ClusterIdentity;
  level: string;
  origin: string;
}

/** Limits that keep the file small whatever the kubeconfigs hold; the least recently seen go first. */
export const MEMORY_LIMITS = { identities: 20_000, seenPerIdentity: 64 };
/** `lastSeen` moves only when it is older than this, so an unchanged kubeconfig never rewrites the file. */
const LAST_SEEN_STEP_MS = 60 * 60 * 1000;

/** A level's rank; a level this version does not know (a newer file) ranks as unclassified. */
const rank = (level: string): number =>
  Object.hasOwn(LEVEL_RANK, level) ? LEVEL_RANK[level as keyof typeof LEVEL_RANK] : 0;

export function emptyMemory(): IdentityMemory {
  return { version: MEMORY_VERSION, identities: [] };
}

/** The most dangerous level any context gave the identity; `unclassified` when none gave one. */
export function levelOf(identity: RememberedIdentity): string {
  let best = 'unclassified';
  for (const seen of identity.seen) if (rank(seen.level) > rank(best)) best = seen.level;
  return best;
}

/** The classified contexts, for matching targets against (known.ts). */
export function knownContexts(memory: IdentityMemory): KnownContext[] {
  const out: KnownContext[] = [];
  for (const remembered of memory.identities) {
    const { firstSeen: _f, lastSeen: _l, seen, ...identity } = remembered;
    for (const context of seen)
      if (rank(context.level) > 0)
        out.push({ identity, level: context.level as KnownLevel, context: context.context, file: context.file });
  }
  return out;
}

/** The hidden definitions every prompt marks: found by the daemon, not acknowledged. */
export function pendingHidden(memory: IdentityMemory): PendingHidden[] {
  return unacknowledgedHidden(memory.hidden ?? [], memory.hiddenAcknowledged ?? []);
}

/**
 * What a compute takes from the memory: the contexts to match against, the drift and hidden
 * definitions to show, and the acknowledgements that silence a target's own hidden definitions.
 */
export interface EntryMemory {
  known: KnownContext[];
  drift: Drift[];
  hidden: PendingHidden[];
  hiddenAcknowledged: AcknowledgedHidden[];
}

export function entryMemory(memory: IdentityMemory): EntryMemory {
  return {
    known: knownContexts(memory),
    drift: memory.drift ?? [],
    hidden: pendingHidden(memory),
    hiddenAcknowledged: memory.hiddenAcknowledged ?? [],
  };
}

/** A stable text of what entries depend on (matching, drift, hidden definitions): when it changes, entries must be recomputed. */
export function knownSignature(memory: IdentityMemory): string {
  const drift = (memory.drift ?? []).map((item) => `drift\u0000${item.file}\u0000${item.context}\u0000${item.to.id}`);
  const hidden = pendingHidden(memory).map((item) => `hidden\u0000${hiddenKey(item)}`);
  const acknowledged = (memory.hiddenAcknowledged ?? []).map((item) => `ack\u0000${item.key}`);
  return knownContexts(memory)
    .map((known) => `${known.identity.id}\u0000${known.level}\u0000${known.context}\u0000${known.file}`)
    .concat(drift, hidden, acknowledged)
    .sort()
    .join('\n');
}

const stepped = (previous: string, nowIso: string): string =>
  Date.parse(nowIso) - Date.parse(previous) >= LAST_SEEN_STEP_MS ? nowIso : previous;

/**
 * What `files` say now replaces what they said before. Returns a new memory and whether it differs
 * from the old one (only then is it worth writing).
 */
export function learn(
  memory: IdentityMemory,
  observed: {
    files: readonly string[];
    contexts: readonly ObservedContext[];
    /**
     * Definitions kubectl hides among `files` (in KUBECONFIG order, only those that held a context or
     * a cluster: one read mid-write says nothing); absent: none looked for, nothing changes.
     */
    hidden?: { files: readonly string[]; found: readonly HiddenDefinition[] };
  },
  now: Date,
): { memory: IdentityMemory; changed: boolean } {
  const nowIso = now.toISOString();
  // A file read with no context in it at all (caught between a writer's truncation and its write,
  // or emptied for a moment) forgets nothing: otherwise the context's next target would not be drift.
  const holding = new Set(observed.contexts.map((seen) => seen.file));
  const files = new Set(observed.files.filter((file) => holding.has(file)));
  const byId = new Map<string, RememberedIdentity>();
  const before = new Map<string, SeenContext>();
  // What each context of the files read reached last time, for drift.
  const reached = new Map<string, ClusterIdentity>();
  for (const remembered of memory.identities) {
    const kept = remembered.seen.filter((seen) => {
      if (files.has(seen.file)) {
        before.set(`${remembered.id}\u0000${seen.file}\u0000${seen.context}`, seen);
        reached.set(`${seen.file}\u0000${seen.context}`, remembered);
      }
      return !files.has(seen.file);
    });
    byId.set(remembered.id, { ...remembered, seen: kept });
  }
  let changed = false;
  for (const observation of observed.contexts) {
    const key = `${observation.identity.id}\u0000${observation.file}\u0000${observation.context}`;
    const old = before.get(key);
    before.delete(key);
    const same =
      old !== undefined &&
      old.level === observation.level &&
      old.origin === observation.origin &&
      old.cluster === observation.cluster;
    const lastSeen = old === undefined ? nowIso : stepped(old.lastSeen, nowIso);
    if (!same || lastSeen !== old.lastSeen) changed = true;
    const seen: SeenContext = {
      context: observation.context,
      cluster: observation.cluster,
      file: observation.file,
      level: observation.level,
      origin: observation.origin,
      firstSeen: old?.firstSeen ?? nowIso,
      lastSeen,
    };
    const remembered = byId.get(observation.identity.id) ?? {
      ...observation.identity,
      firstSeen: nowIso,
      lastSeen: nowIso,
      seen: [],
    };
    remembered.seen.push(seen);
    if (lastSeen > remembered.lastSeen) remembered.lastSeen = lastSeen;
    byId.set(observation.identity.id, remembered);
  }
  // A context a file no longer has (or that now reaches another cluster) is forgotten for that file.
  if (before.size > 0) changed = true;
  const identities = [...byId.values()].filter((remembered) => remembered.seen.length > 0);
  if (identities.length !== memory.identities.length) changed = true;
  const drift = nextDrift(memory.drift ?? [], reached, observed.contexts, nowIso);
  if (JSON.stringify(drift) !== JSON.stringify(memory.drift ?? [])) changed = true;
  const hidden =
    observed.hidden === undefined
      ? (memory.hidden ?? [])
      : nextHidden(
          memory.hidden ?? [],
          observed.hidden.files,
          observed.hidden.found,
          nowIso,
          memory.hiddenAcknowledged ?? [],
        );
  if (JSON.stringify(hidden) !== JSON.stringify(memory.hidden ?? [])) changed = true;
  return {
    memory: {
      version: MEMORY_VERSION,
      identities: bounded(identities),
      drift,
      hidden,
      hiddenAcknowledged: memory.hiddenAcknowledged ?? [],
    },
    changed,
  };
}

function bounded(identities: RememberedIdentity[]): RememberedIdentity[] {
  const recent = (a: { lastSeen: string }, b: { lastSeen: string }): number => b.lastSeen.localeCompare(a.lastSeen);
  for (const remembered of identities)
    if (remembered.seen.length > MEMORY_LIMITS.seenPerIdentity)
      remembered.seen = [...remembered.seen].sort(recent).slice(0, MEMORY_LIMITS.seenPerIdentity);
  if (identities.length <= MEMORY_LIMITS.identities) return identities;
  return [...identities].sort(recent).slice(0, MEMORY_LIMITS.identities);
}

/**
 * Removes the identity with this id (or a unique id prefix of 4 or more digits), or every identity a
 * context of this name was seen reaching. Returns what was removed.
 */
export function forget(
  memory: IdentityMemory,
  what: string,
): { memory: IdentityMemory; removed: RememberedIdentity[] } {
  const byPrefix = /^[0-9a-f]{4,12}$/.test(what)
    ? memory.identities.filter((remembered) => remembered.id.startsWith(what))
    : [];
  const removed =
    byPrefix.length === 1
      ? byPrefix
      : memory.identities.filter((remembered) => remembered.seen.some((seen) => seen.context === what));
  const gone = new Set(removed);
  return {
    memory: { ...memory, identities: memory.identities.filter((remembered) => !gone.has(remembered)) },
    removed,
  };
}
