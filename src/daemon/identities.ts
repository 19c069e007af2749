/**
 * The daemon's side of the identity memory: the snapshot every compute matches its target against,
 * and what each compute observed, merged into the file. When what matching depends on changes (a
 * context is classified anew, renamed, forgotten), the entries are recomputed with the new snapshot.
 */
import {
  describeDrift,
  describeHidden,
  emptyMemory,
  type EntryMemory,
  entryMemory,
  hiddenKey,
  type IdentityMemory,
  pendingHidden,
  knownSignature,
  learn,
  readMemory,
  updateMemory,
} from '../identity/index.js';
import type { Computed } from '../pipeline/index.js';
import type { Logger } from './log.js';

/** The daemon waits this long at most for a CLI holding the memory's lock, then learns next time. */
const LOCK_WAIT_MS = 200;
/** Unchanged observations are learned again after this, so `lastSeen` keeps moving (memory.ts steps it hourly). */
const RELEARN_MS = 10 * 60 * 1000;

export class DaemonIdentities {
  /**
   * What computes take from the memory (matching, drift, hidden definitions), replaced whole (never
   * changed in place) when it changes, so a compute can tell whether its copy is current.
   */
  private current: EntryMemory = entryMemory(emptyMemory());
  /** Per set of files, what was last learned from them and when. */
  private readonly learned = new Map<string, { signature: string; at: number }>();
  private signature = '';

  constructor(
    private readonly stateDir: string,
    private readonly log: Logger,
  ) {
    this.remember(this.read());
  }

  /** What computes take from the memory now: a new object only when it changed. */
  snapshot(): EntryMemory {
    return this.current;
  }

  /** Reads the file again (after `identities forget`, SIGHUP); true when matching changed. */
  reload(): boolean {
    this.learned.clear();
    return this.remember(this.read());
  }

  /**
   * Merges a compute's observations; true when matching changed, so every entry must be recomputed.
   * Observations equal to the last ones learned from the same files are skipped for a while: reading,
   * merging and writing a memory of thousands of identities costs the daemon's thread tens of ms.
   */
  learn(observed: Computed['observed']): boolean {
    const files = observed.files.join('\u0000');
    const signature = observed.contexts
      .map(
        (seen) =>
          `${seen.file}\u0000${seen.context}\u0000${seen.cluster}\u0000${seen.identity.id}\u0000${seen.level}\u0000${seen.origin}`,
      )
      .concat(observed.hidden.files.join('\u0000'), observed.hidden.found.map(hiddenKey))
      .join('\n');
    const last = this.learned.get(files);
    if (last !== undefined && last.signature === signature && Date.now() - last.at < RELEARN_MS) return false;
    try {
      const memory = updateMemory(
        this.stateDir,
        (current) => {
          const next = learn(current, observed, new Date());
          return { memory: next.changed ? next.memory : undefined, result: next.memory };
        },
        LOCK_WAIT_MS,
      );
      this.learned.set(files, { signature, at: Date.now() });
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
    const said = new Set(this.current.drift.map((item) => `${item.file}\u0000${item.context}\u0000${item.to.id}`));
    for (const item of memory.drift ?? [])
      if (!said.has(`${item.file}\u0000${item.context}\u0000${item.to.id}`))
        this.log.error(`drift: ${describeDrift(item)}; every prompt says so until: kctx-guard ack`);
    const told = new Set(this.current.hidden.map(hiddenKey));
    for (const item of pendingHidden(memory))
      if (!told.has(hiddenKey(item)))
        this.log.error(`hidden: ${describeHidden(item)}; every prompt says so until: kctx-guard ack`);
    const signature = knownSignature(memory);
    if (signature === this.signature) return false;
    this.signature = signature;
    this.current = entryMemory(memory);
    return true;
  }
}
