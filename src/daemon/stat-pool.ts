/**
 * Stats the daemon's freshness paths (kubeconfig files, their folders, `.lock` sidecars, watched
 * folders) on threads of their own (stat-worker.ts), never on the daemon's thread: a stat on a hung
 * mount (NFS, sshfs, FUSE) blocks in the kernel, and there it would stop every entry and the
 * heartbeat. A path has at most one stat running, and a stat asked for while one runs starts after
 * it, so no caller gets a state from before its own request. A stat past its budget makes its path
 * (and every path below it) hung until it returns; its thread is stuck and cannot be ended, so
 * threads are capped.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

export type PathStat =
  | { kind: 'missing' }
  | {
      kind: 'present';
      dev: bigint;
      ino: bigint;
      size: bigint;
      mtimeNs: bigint;
      ctimeNs: bigint;
      directory: boolean;
      /** A folder's real path (symlinks resolved), when it could be read. */
      real: string | undefined;
    };

/** A stat's outcome: `hung` when it (or one it waited for) ran past the budget. */
export type StatResult = PathStat | 'hung';

/** Every path's stat, or the first path found hung. */
export type Probe = { hung: string } | { hung: undefined; stats: ReadonlyMap<string, PathStat> };

export interface StatRequest {
  id: number;
  path: string;
}

export interface StatReply {
  id: number;
  stat: PathStat;
}

export interface StatLimits {
  budgetMs: number;
  /** Threads busy for less than `slowMs`: while this many are, a stat waits for one of them. */
  maxWorkers: number;
  /** Threads beyond maxWorkers, started while others are slow or stuck. */
  maxStuck: number;
  slowMs: number;
  /** A thread beyond the first is ended after this long idle. */
  idleMs: number;
}

export interface StuckStat {
  entry: string;
  file: string;
  forMs: number;
  op: 'stat';
}

interface Call {
  id: number;
  path: string;
  /** The entries that asked, for `status`. */
  askers: Set<string>;
  waiters: Set<(result: StatResult) => void>;
  startedMs: number;
  timer: NodeJS.Timeout | undefined;
}

interface Thread {
  worker: Worker;
  call: Call | undefined;
  idle: NodeJS.Timeout | undefined;
  slow: NodeJS.Timeout | undefined;
}

/** Whether `path` is `folder` or lies below it. */
export function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

export class StatPool {
  private readonly threads = new Set<Thread>();
  private readonly stuck = new Map<Thread, Call>();
  private readonly running = new Map<string, Call>();
  /** Per path, the call that starts once the running one returns; everyone asking meanwhile shares it. */
  private readonly next = new Map<string, Call>();
  /** Calls whose path has none running, oldest first. */
  private readonly queue: Call[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    readonly limits: StatLimits,
    /** A stuck stat returned: what waits on `path` (or below it) can be looked at again. */
    private readonly onRecovered: (path: string) => void,
    private readonly onError: (message: string) => void,
  ) {
    // Started now, so the first stats (which come with the first entry) do not wait for a thread to start.
    this.spawn();
  }

  /** Stats `path` off this thread; never rejects. `asker` names the entry that needs it. */
  stat(path: string, asker = '(watched folder)'): Promise<StatResult> {
    return new Promise((resolve) => {
      if (this.closed || this.isHung(path)) return resolve('hung');
      let call = this.next.get(path);
      if (call === undefined) {
        call = { id: ++this.nextId, path, askers: new Set(), waiters: new Set(), startedMs: 0, timer: undefined };
        this.next.set(path, call);
        if (!this.running.has(path)) this.queue.push(call);
      }
      const waiters = call.waiters;
      call.askers.add(asker);
      // Waiting counts too: with every thread stuck, a stat that cannot start is as late as one that does not return.
      const timer = setTimeout(() => waiter('hung'), this.limits.budgetMs);
      const waiter = (result: StatResult): void => {
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(result);
      };
      waiters.add(waiter);
      this.dispatch();
    });
  }

  /** Stats every path; resolves as soon as one is hung, naming the first (in order) found so. */
  probe(paths: Iterable<string>, asker: string): Promise<Probe> {
    const unique = [...new Set(paths)];
    return new Promise((resolve) => {
      const stats = new Map<string, PathStat>();
      if (unique.length === 0) return resolve({ hung: undefined, stats });
      for (const path of unique)
        void this.stat(path, asker).then((result) => {
          if (result === 'hung') return resolve({ hung: path });
          stats.set(path, result);
          if (stats.size === unique.length) resolve({ hung: undefined, stats });
        });
    });
  }

  /** Stats past their budget that have not returned, one per stuck thread. */
  status(): StuckStat[] {
    const now = performance.now();
    return [...this.stuck.values()].map((call) => ({
      entry: [...call.askers].join(', '),
      file: call.path,
      forMs: Math.round(now - call.startedMs),
      op: 'stat',
    }));
  }

  close(): void {
    this.closed = true;
    for (const call of [...this.queue.splice(0), ...this.next.values(), ...this.running.values()])
      this.settle(call, 'hung');
    // A thread stuck in a stat would hold terminate() until the stat returns: do not wait for it.
    for (const thread of [...this.threads, ...this.stuck.keys()]) {
      clearTimeout(thread.idle);
      clearTimeout(thread.slow);
      void thread.worker.terminate();
      thread.worker.unref();
    }
    this.threads.clear();
    this.stuck.clear();
  }

  private isHung(path: string): boolean {
    for (const call of this.stuck.values()) if (isUnder(path, call.path)) return true;
    return false;
  }

  private dispatch(): void {
    for (let i = 0; i < this.queue.length && !this.closed; ) {
      const call = this.queue[i] as Call;
      if (this.isHung(call.path)) {
        this.queue.splice(i, 1);
        this.next.delete(call.path);
        this.settle(call, 'hung');
        continue;
      }
      // A folder above it is being stat'ed, or is to be: on a hung mount this stat would hang as
      // well, so it waits for that one instead of taking a thread with it.
      if (this.folderAboveIsPending(call.path)) {
        i++;
        continue;
      }
      const thread = [...this.threads].find((candidate) => candidate.call === undefined) ?? this.spawn();
      if (thread === undefined) return;
      this.queue.splice(i, 1);
      this.start(thread, call);
    }
  }

  private folderAboveIsPending(path: string): boolean {
    for (const pending of [...this.running.keys(), ...this.next.keys()])
      if (pending !== path && isUnder(path, pending)) return true;
    return false;
  }

  private spawn(): Thread | undefined {
    const now = performance.now();
    const quick = [...this.threads].filter((thread) => now - (thread.call?.startedMs ?? now) < this.limits.slowMs);
    const { maxWorkers, maxStuck } = this.limits;
    if (quick.length >= maxWorkers || this.threads.size + this.stuck.size >= maxWorkers + maxStuck) return undefined;
    const thread: Thread = {
      worker: new Worker(new URL('./stat-worker.js', import.meta.url)),
      call: undefined,
      idle: undefined,
      slow: undefined,
    };
    thread.worker.on('message', (reply: StatReply) => this.onReply(thread, reply));
    thread.worker.on('error', (error) => this.onError(`a stat thread failed: ${error.stack ?? error.message}`));
    thread.worker.on('exit', () => this.onExit(thread));
    this.threads.add(thread);
    return thread;
  }

  private start(thread: Thread, call: Call): void {
    this.next.delete(call.path);
    this.running.set(call.path, call);
    clearTimeout(thread.idle);
    thread.call = call;
    call.startedMs = performance.now();
    call.timer = setTimeout(() => this.overBudget(thread, call), this.limits.budgetMs);
    // Still running then, it may never return: what waits behind it may get a thread of its own.
    thread.slow = setTimeout(() => this.dispatch(), this.limits.slowMs);
    thread.worker.postMessage({ id: call.id, path: call.path } satisfies StatRequest);
  }

  private onReply(thread: Thread, reply: StatReply): void {
    const call = thread.call;
    if (call === undefined || call.id !== reply.id) return;
    this.release(thread, call);
    this.settle(call, reply.stat);
    if (this.threads.size > 1) thread.idle = setTimeout(() => this.retire(thread), this.limits.idleMs);
    this.dispatch();
  }

  /** The thread is done with `call` (or gave up on it): the next stat of its path may start. */
  private release(thread: Thread, call: Call): void {
    clearTimeout(call.timer);
    clearTimeout(thread.slow);
    thread.call = undefined;
    this.running.delete(call.path);
    const next = this.next.get(call.path);
    if (next !== undefined) this.queue.push(next);
  }

  private retire(thread: Thread): void {
    if (thread.call !== undefined || !this.threads.delete(thread)) return;
    void thread.worker.terminate();
  }

  private overBudget(thread: Thread, call: Call): void {
    if (thread.call !== call) return;
    this.release(thread, call);
    this.threads.delete(thread);
    this.stuck.set(thread, call);
    const seconds = Math.round(this.limits.budgetMs / 1000);
    this.onError(
      `a stat of ${call.path} takes longer than ${seconds} s (a hung mount?); its thread is stuck until it returns`,
    );
    this.settle(call, 'hung');
    // Ends the thread once the stat returns; nothing ends it sooner.
    void thread.worker.terminate();
    this.dispatch();
  }

  private onExit(thread: Thread): void {
    clearTimeout(thread.idle);
    clearTimeout(thread.slow);
    const stuck = this.stuck.get(thread);
    this.stuck.delete(thread);
    this.threads.delete(thread);
    const call = thread.call;
    if (call !== undefined) {
      // Only a failed thread exits with a stat in hand: say so rather than guess.
      this.release(thread, call);
      this.settle(call, 'hung');
    }
    if (stuck !== undefined && !this.closed) this.onRecovered(stuck.path);
    this.dispatch();
  }

  private settle(call: Call, result: StatResult): void {
    for (const waiter of [...call.waiters]) waiter(result);
  }
}
