/**
 * The daemon's side of cluster-declared levels: which clusters its entries reach (with fetching
 * on), when each is due to be asked again, the answers cached on disk, and the snapshot every
 * compute applies. Asking happens off this thread (declared-fetches.ts) and never delays an entry:
 * an entry is computed with what is known now, and recomputed when an answer changes what a
 * cluster declares.
 */
import type { Entry } from '../cache/index.js';
import {
  applyOutcome,
  bounded,
  CACHE_VERSION,
  DECLARATION_SOURCE,
  declarationSignature,
  type DeclaredRecord,
  type DeclaredSnapshot,
  describeFailure,
  dueAt,
  readDeclaredCache,
  snapshotOf,
  writeDeclaredCache,
} from '../declared/index.js';
import type { FetchJob } from '../declared/fetch.js';
import type { FetchPool } from './declared-fetches.js';
import type { Logger } from './log.js';

/** What one served entry wants asked: its target's cluster, through its context's credentials. */
export interface FetchWant extends Omit<FetchJob, 'deadline'> {
  /** The cluster's normalised server, for the record. */
  server: string;
  ttlMs: number;
}

/** The fetch an entry asks for: none when fetching is off, or the entry has no cluster to ask. */
export function wantOf(entry: Entry): FetchWant | undefined {
  const { details } = entry;
  if (!details.clusterLevels || !details.identity || details.level === 'error') return undefined;
  if (details.cluster === null || details.context === null) return undefined;
  return {
    id: details.identity.id,
    server: details.identity.server,
    files: details.kubeconfig,
    cluster: details.cluster,
    user: details.user ?? '',
    context: details.context,
    ttlMs: details.clusterLevels.ttlMs,
  };
}

export class DaemonDeclared {
  private readonly records = new Map<string, DeclaredRecord>();
  private current: DeclaredSnapshot;
  /** By served entry name. */
  private readonly wants = new Map<string, FetchWant>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<string>();
  private stopped = false;

  constructor(
    private readonly stateDir: string,
    private readonly log: Logger,
    private readonly pool: FetchPool,
    /** A cluster's declaration changed: entries reaching it must be recomputed. */
    private readonly onChange: (id: string) => void,
    private readonly isServed: (name: string) => boolean,
  ) {
    const { cache, problem } = readDeclaredCache(stateDir);
    if (problem !== undefined) log.error(`cluster levels: ${problem}`);
    for (const record of cache.clusters) this.records.set(record.id, record);
    this.current = snapshotOf(this.records.values());
  }

  /**
   * Forgets the clusters whose records the file no longer holds (`identities forget` dropped them),
   * then asks every wanted cluster again (SIGHUP, `reload`). A forgotten cluster that an entry still
   * reaches is asked at once, as if never asked before: a failure then keeps no old declaration.
   */
  reload(): void {
    const { cache, problem } = readDeclaredCache(this.stateDir);
    if (problem !== undefined) this.log.error(`cluster levels: ${problem}; keeping what the daemon knew`);
    else {
      const kept = new Set(cache.clusters.map((record) => record.id));
      let dropped = false;
      for (const id of this.records.keys())
        if (!kept.has(id)) {
          this.records.delete(id);
          dropped = true;
        }
      if (dropped) this.current = snapshotOf(this.records.values());
    }
    this.refetchAll();
  }

  /** What computes apply now; a new object only when a declaration changed. */
  snapshot(): DeclaredSnapshot {
    return this.current;
  }

  /** After each compute of the entry `name`: what it wants asked (undefined: nothing). */
  want(name: string, want: FetchWant | undefined): void {
    const before = this.wants.get(name);
    if (want === undefined) this.wants.delete(name);
    else this.wants.set(name, want);
    if (before !== undefined && before.id !== want?.id) this.plan(before.id);
    if (want !== undefined) this.plan(want.id);
  }

  /** Asks every wanted cluster again now (SIGHUP, `reload`). */
  private refetchAll(): void {
    for (const id of new Set([...this.wants.values()].map((want) => want.id))) {
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
      if (!this.inFlight.has(id)) void this.run(id);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** The want to ask `id` through (the shortest TTL among the live entries reaching it). */
  private wantFor(id: string): FetchWant | undefined {
    let best: FetchWant | undefined;
    for (const [name, want] of this.wants) {
      if (!this.isServed(name)) {
        this.wants.delete(name);
        continue;
      }
      if (want.id === id && (best === undefined || want.ttlMs < best.ttlMs)) best = want;
    }
    return best;
  }

  /** Sets the timer for `id`'s next fetch; clears it when no entry reaches that cluster any more. */
  private plan(id: string): void {
    if (this.stopped || this.inFlight.has(id)) return;
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    const want = this.wantFor(id);
    if (want === undefined) return;
    const delayMs = Math.max(0, dueAt(this.records.get(id), want.ttlMs) - Date.now());
    this.timers.set(
      id,
      setTimeout(() => void this.run(id), delayMs),
    );
  }

  private async run(id: string): Promise<void> {
    this.timers.delete(id);
    const want = this.wantFor(id);
    if (want === undefined || this.stopped) return;
    this.inFlight.add(id);
    const { server: _server, ttlMs: _ttlMs, ...job } = want;
    const outcome = await this.pool.fetch(job);
    this.inFlight.delete(id);
    if (this.stopped) return;
    const before = this.records.get(id);
    const record = applyOutcome(before, { id, server: want.server, context: want.context }, outcome, new Date());
    this.records.set(id, record);
    this.report(before, record);
    this.persist();
    if (declarationSignature(before) !== declarationSignature(record)) {
      this.current = snapshotOf(this.records.values());
      this.onChange(id);
    }
    this.plan(id);
  }

  /** Logs what changed: a new declaration, a new kind of failure (not the same one every few minutes). */
  private report(before: DeclaredRecord | undefined, record: DeclaredRecord): void {
    const where = `cluster ${record.server} (${record.id}, asked as context ${record.context})`;
    if (declarationSignature(before) !== declarationSignature(record))
      this.log.info(
        record.declaration
          ? `${where} declares ${record.declaration.level} (${DECLARATION_SOURCE})`
          : `${where} declares no level`,
      );
    if (record.failure !== null && before?.failure?.detail !== record.failure.detail)
      this.log.error(`${where}: cannot read its declared level: ${describeFailure(record.failure)}`);
    const problems = record.problems.join('; ');
    if (problems !== '' && problems !== before?.problems.join('; ')) this.log.error(`${where}: ${problems}`);
  }

  private persist(): void {
    const clusters = bounded([...this.records.values()]);
    if (clusters.length < this.records.size) {
      this.records.clear();
      for (const record of clusters) this.records.set(record.id, record);
    }
    try {
      writeDeclaredCache(this.stateDir, { version: CACHE_VERSION, clusters });
    } catch (error) {
      this.log.error(`cluster levels: cannot write the cache: ${(error as Error).message}`);
    }
  }
}
