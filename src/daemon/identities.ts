/**
 * The daemon's side of the identity memory: the snapshot every compute matches its target against,
 * and what each compute observed, merged into the file. When what matching depends on changes (a
 * context is classified anew, renamed, forgotten), the entries are recomputed with the new snapshot.
 */
import {
  describeDrift,
  type Drift,
  type IdentityMemory,
  type KnownContext,
  knownContexts,
  knownSignature,
  learn,
  readMemory,
  updateMemory,
} from '../identity/index.js';
import type { Computed } from '../pipeline/index.js';
import type { Logger } from './log.js';

/** The daemon waits this long at most for a CLI holding the memory's lock, then learns next time. */
const LOCK_WAIT_MS = 200;

export class DaemonIdentities {
  private memory: IdentityMemory;
  private known: KnownContext[] = [];
  /** Replaced (never changed in place) when it changes, so a compute can tell whether its copy is current. */
  private pending: Drift[] = [];
  private signature = '';

  constructor(
    private readonly stateDir: string,
    private readonly log: Logger,
  ) {
    this.memory = this.read();
    this.remember(this.memory);
  }

  /** What computes match against now. */
  snapshot(): KnownContext[] {
    return this.known;
  }

  /** Context names that reach another cluster than before, not acknowledged yet: every entry shows them. */
  drift(): Drift[] {
    return this.pending;
  }

  /** Reads the file again (after `identities forget`, SIGHUP); true when matching changed. */
  reload(): boolean {
    return this.remember(this.read());
  }

  /** Merges a compute's observations; true when matching changed, so every entry must be recomputed. */
  learn(observed: Computed['observed']): boolean {
    try {
      const memory = updateMemory(
        this.stateDir,
        (current) => {
          const next = learn(current, observed, new Date());
          return { memory: next.changed ? next.memory : undefined, result: next.memory };
        },
        LOCK_WAIT_MS,
      );
      return this.remember(memory);
    } catch (error) {
      this.log.error(`identity memory: ${(error as Error).message}; learning again at the next change`);
      return false;
    }
  }

  private read(): IdentityMemory {
    const { memory, problem } = readMemory(this.stateDir);
    if (problem !== undefined) this.log.error(`identity memory: ${problem}`);
    return memory;
  }

  private remember(memory: IdentityMemory): boolean {
    const said = new Set(this.pending.map((item) => `${item.file}\u0000${item.context}\u0000${item.to.id}`));
    for (const item of memory.drift ?? [])
      if (!said.has(`${item.file}\u0000${item.context}\u0000${item.to.id}`))
        this.log.error(`drift: ${describeDrift(item)}; every prompt says so until: kctx-guard ack`);
    this.memory = memory;
    const signature = knownSignature(memory);
    if (signature === this.signature) return false;
    this.signature = signature;
    this.known = knownContexts(memory);
    this.pending = memory.drift ?? [];
    return true;
  }
}
