/**
 * Runs entry computes on a few threads (compute-worker.ts), so one slow entry (a 30 MB kubeconfig,
 * a read on a hung mount) never holds up the others. Each compute has a time budget; past it the
 * entry is reported slow and its thread stuck. A thread blocked in a read cannot be ended, so at most
 * `maxStuck` are kept, no compute is sent to a file a stuck thread is reading, and a thread that holds
 * big parses is ended once idle, which gives their memory back.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { kubeconfigFilesOf, type ComputeRequest, type Computed } from '../pipeline/index.js';

export interface ComputeJob {
  id: number;
  request: ComputeRequest;
}

export type ComputeReply =
  | { type: 'started'; id: number; paths: string[] }
  | { type: 'reading'; id: number; path: string }
  | { type: 'read'; id: number; path: string }
  | { type: 'done'; id: number; computed: Computed; heldBytes: number }
  | { type: 'failed'; id: number; message: string };

export type ComputeOutcome =
  | { kind: 'done'; computed: Computed }
  | { kind: 'failed'; message: string }
  /** Over budget: `file` is the one being read (or waited for), `paths` the sources, when the thread said. */
  | { kind: 'slow'; file: string | undefined; paths: string[] | undefined };

export interface PoolLimits {
  budgetMs: number;
  maxWorkers: number;
  maxStuck: number;
  /** A thread holding parses of more text than this is ended after `bigIdleMs` idle. */
  bigBytes: number;
  bigIdleMs: number;
  /** A thread beyond the first is ended after this long idle. */
  idleMs: number;
}

interface Job extends ComputeJob {
  name: string;
  files: string[];
  startedMs: number;
  paths: string[] | undefined;
  reading: string | undefined;
  pending: Set<string>;
  timer: NodeJS.Timeout;
  settle: (outcome: ComputeOutcome) => void;
}

interface Thread {
  worker: Worker;
  job: Job | undefined;
  queue: Job[];
  cached: Set<string>;
  heldBytes: number;
  idle: NodeJS.Timeout | undefined;
  spare: NodeJS.Timeout | undefined;
}

export interface StuckRead {
  entry: string;
  file: string | undefined;
  forMs: number;
}

export class ComputePool {
  private readonly healthy = new Set<Thread>();
  private readonly stuck = new Map<Thread, StuckRead & { sinceMs: number }>();
  private readonly waiting: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly limits: PoolLimits,
    /** A stuck thread ended (its read returned): entries refused for `file` can be computed again. */
    private readonly onRecovered: (file: string | undefined) => void,
    private readonly onError: (message: string) => void,
  ) {}

  /** Computes one entry off this thread; never rejects. */
  compute(name: string, request: ComputeRequest): Promise<ComputeOutcome> {
    return new Promise((settle) => {
      const job: Job = {
        id: ++this.nextId,
        request,
        name,
        files: kubeconfigFilesOf(request),
        startedMs: performance.now(),
        paths: undefined,
        reading: undefined,
        pending: new Set(),
        timer: setTimeout(() => this.overBudget(job), this.limits.budgetMs),
        settle: (outcome) => {
          clearTimeout(job.timer);
          settle(outcome);
        },
      };
      this.dispatch(job);
    });
  }

  /** A watcher event named `path`: no thread may reuse its parse. */
  forget(path: string): void {
    for (const thread of this.healthy)
      if (thread.cached.delete(path)) thread.worker.postMessage({ type: 'forget', path });
  }

  /** Entries being computed now, and reads past their budget that have not returned. */
  status(): { computing: StuckRead[]; stuck: StuckRead[] } {
    const now = performance.now();
    const computing = [...this.healthy]
      .flatMap((thread) => (thread.job ? [thread.job] : []))
      .map((job) => ({ entry: job.name, file: job.reading, forMs: Math.round(now - job.startedMs) }));
    const stuck = [...this.stuck.values()].map(({ entry, file, sinceMs }) => ({
      entry,
      file,
      forMs: Math.round(now - sinceMs),
    }));
    return { computing, stuck };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.settle({ kind: 'failed', message: 'the daemon is stopping' });
    const threads = [...this.healthy, ...this.stuck.keys()];
    this.healthy.clear();
    this.stuck.clear();
    // A thread stuck in a read would hold terminate() until the read returns: do not wait for it.
    for (const thread of threads) {
      clearTimeout(thread.idle);
      clearTimeout(thread.spare);
      void thread.worker.terminate();
      thread.worker.unref();
    }
  }

  private stuckFiles(): Set<string | undefined> {
    return new Set([...this.stuck.values()].map((read) => read.file));
  }

  private dispatch(job: Job): void {
    if (this.closed) return void job.settle({ kind: 'failed', message: 'the daemon is stopping' });
    const hung = job.files.find((file) => this.stuckFiles().has(file));
    if (hung !== undefined) return void job.settle({ kind: 'slow', file: hung, paths: undefined });
    // A file another thread is about to read or reading now is read once: wait for that thread.
    for (const thread of this.healthy) {
      if (thread.job && job.files.some((file) => thread.job?.pending.has(file))) return void thread.queue.push(job);
    }
    const idle = [...this.healthy].filter((thread) => thread.job === undefined);
    const thread =
      idle.find((candidate) => job.files.some((file) => candidate.cached.has(file))) ?? idle[0] ?? this.spawn();
    if (thread === undefined) return void this.waiting.push(job);
    this.start(thread, job);
  }

  private spawn(): Thread | undefined {
    // Threads are bounded whatever hangs: a stuck one is replaced only while fewer than maxStuck are.
    const threads = this.healthy.size + this.stuck.size;
    if (this.healthy.size >= this.limits.maxWorkers || threads >= this.limits.maxWorkers + this.limits.maxStuck)
      return undefined;
    const worker = new Worker(new URL('./compute-worker.js', import.meta.url));
    const thread: Thread = {
      worker,
      job: undefined,
      queue: [],
      cached: new Set(),
      heldBytes: 0,
      idle: undefined,
      spare: undefined,
    };
    worker.on('message', (reply: ComputeReply) => this.onReply(thread, reply));
    worker.on('error', (error) => this.onError(`a compute thread failed: ${error.stack ?? error.message}`));
    worker.on('exit', () => this.onExit(thread));
    this.healthy.add(thread);
    return thread;
  }

  private start(thread: Thread, job: Job): void {
    clearTimeout(thread.idle);
    thread.idle = undefined;
    thread.job = job;
    job.pending = new Set(job.files.filter((file) => !thread.cached.has(file)));
    thread.worker.postMessage({ type: 'job', job: { id: job.id, request: job.request } });
    // A compute still running after 50 ms may run for seconds: a spare thread started now spares the
    // next entry a thread's start-up (~50 ms). Short computes, the usual ones, start none.
    clearTimeout(thread.spare);
    thread.spare = setTimeout(() => {
      if (thread.job === job && ![...this.healthy].some((candidate) => candidate.job === undefined)) this.spawn();
    }, 50);
  }

  private onReply(thread: Thread, reply: ComputeReply): void {
    const job = thread.job;
    if (job === undefined || job.id !== reply.id) return;
    if (reply.type === 'started') job.paths = reply.paths;
    else if (reply.type === 'reading') job.reading = reply.path;
    else if (reply.type === 'read') {
      job.reading = undefined;
      job.pending.delete(reply.path);
      thread.cached.add(reply.path);
    } else {
      thread.job = undefined;
      if (reply.type === 'done') {
        thread.heldBytes = reply.heldBytes;
        job.settle({ kind: 'done', computed: reply.computed });
      } else job.settle({ kind: 'failed', message: reply.message });
      this.next(thread);
    }
  }

  /** Gives a thread that just finished its next job: one waiting for it, else the oldest waiting. */
  private next(thread: Thread): void {
    const job = thread.queue.shift() ?? this.waiting.shift();
    if (job !== undefined) return void this.start(thread, job);
    const big = thread.heldBytes > this.limits.bigBytes;
    if (!big && this.healthy.size <= 1) return;
    thread.idle = setTimeout(() => this.retire(thread), big ? this.limits.bigIdleMs : this.limits.idleMs);
  }

  /** Ends an idle thread: its heap (the parses it held) goes back to the system. */
  private retire(thread: Thread): void {
    if (thread.job !== undefined || !this.healthy.delete(thread)) return;
    void thread.worker.terminate();
  }

  private overBudget(job: Job): void {
    const queued = [this.waiting, ...[...this.healthy].map((thread) => thread.queue)].find((queue) =>
      queue.includes(job),
    );
    if (queued !== undefined) {
      queued.splice(queued.indexOf(job), 1);
      const busy = [...this.healthy].find((thread) => job.files.some((file) => thread.job?.pending.has(file)));
      return void job.settle({ kind: 'slow', file: busy?.job?.reading ?? job.files[0], paths: undefined });
    }
    const thread = [...this.healthy].find((candidate) => candidate.job === job);
    if (thread === undefined) return;
    // Over budget: the thread may be parsing (terminate ends it) or blocked in a read (it ends only
    // when the read returns). Either way it is stuck until it exits.
    this.healthy.delete(thread);
    clearTimeout(thread.idle);
    this.stuck.set(thread, { entry: job.name, file: job.reading, forMs: 0, sinceMs: job.startedMs });
    thread.job = undefined;
    job.settle({ kind: 'slow', file: job.reading ?? job.files[0], paths: job.paths });
    void thread.worker.terminate();
    for (const queued of thread.queue.splice(0)) this.dispatch(queued);
    this.drain();
  }

  private onExit(thread: Thread): void {
    clearTimeout(thread.idle);
    clearTimeout(thread.spare);
    const stuck = this.stuck.get(thread);
    this.healthy.delete(thread);
    this.stuck.delete(thread);
    const job = thread.job;
    thread.job = undefined;
    if (job !== undefined) job.settle({ kind: 'failed', message: 'its compute thread exited' });
    for (const queued of thread.queue.splice(0)) this.dispatch(queued);
    if (stuck !== undefined && !this.closed) this.onRecovered(stuck.file);
    this.drain();
  }

  private drain(): void {
    while (this.waiting.length > 0 && !this.closed) {
      const thread = [...this.healthy].find((candidate) => candidate.job === undefined) ?? this.spawn();
      if (thread === undefined) return;
      this.start(thread, this.waiting.shift() as Job);
    }
  }
}
