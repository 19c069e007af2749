/**
 * Runs fetches of cluster declarations off the daemon's thread: one worker thread per fetch
 * (declared-worker.ts), a few at a time, each ended at its budget with any credentials plugin it
 * started, whatever it was doing. Too late is an answer (`timeout`): a cluster that accepts
 * connections and never answers costs a waiting thread, never the daemon's time. A thread blocked
 * in a read (a kubeconfig on a hung mount) cannot be ended; at most `maxStuck` are kept, and no
 * fetch starts while that many are.
 */
import { Worker } from 'node:worker_threads';
import type { FetchJob } from '../declared/fetch.js';
import type { FetchOutcome } from '../declared/index.js';
import { kill } from '../guard/blast-exec.js';

export interface FetchLimits {
  budgetMs: number;
  maxRunning: number;
  maxStuck: number;
}

/** The worker stops its own requests this much earlier, so it can still say which one was late. */
const WORKER_MARGIN_MS = 200;

interface Waiting {
  job: Omit<FetchJob, 'deadline'>;
  settle: (outcome: FetchOutcome) => void;
}

export class FetchPool {
  private running = 0;
  private stuck = 0;
  private readonly waiting: Waiting[] = [];
  private readonly workers = new Set<Worker>();
  private closed = false;

  constructor(
    private readonly limits: FetchLimits,
    private readonly onError: (message: string) => void,
  ) {}

  /** Asks the cluster; never rejects. */
  fetch(job: Omit<FetchJob, 'deadline'>): Promise<FetchOutcome> {
    return new Promise((settle) => {
      this.waiting.push({ job, settle });
      this.drain();
    });
  }

  close(): void {
    this.closed = true;
    for (const { settle } of this.waiting.splice(0))
      settle({ ok: false, why: 'failed', detail: 'the daemon is stopping' });
    for (const worker of this.workers) {
      void worker.terminate();
      worker.unref();
    }
  }

  private drain(): void {
    while (
      !this.closed &&
      this.waiting.length > 0 &&
      this.running < this.limits.maxRunning &&
      this.stuck < this.limits.maxStuck
    )
      this.start(this.waiting.shift() as Waiting);
  }

  private start({ job, settle }: Waiting): void {
    const pids = new Int32Array(new SharedArrayBuffer(4));
    let worker: Worker;
    try {
      worker = new Worker(new URL('./declared-worker.js', import.meta.url), { workerData: { pids } });
    } catch (error) {
      settle({ ok: false, why: 'failed', detail: `cannot start a thread: ${(error as Error).message}` });
      return;
    }
    this.running++;
    this.workers.add(worker);
    let settled = false;
    let late = false;
    const done = (outcome: FetchOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.running--;
      settle(outcome);
      this.drain();
    };
    const timer = setTimeout(() => {
      late = true;
      this.stuck++;
      kill(Atomics.load(pids, 0) || undefined);
      void worker.terminate();
      done({ ok: false, why: 'timeout', detail: `no answer within ${Math.round(this.limits.budgetMs / 1000)} s` });
    }, this.limits.budgetMs);
    worker.on('message', (outcome: FetchOutcome) => {
      done(outcome);
      void worker.terminate();
    });
    worker.on('error', (error) => {
      this.onError(`a cluster-levels thread failed: ${error.stack ?? error.message}`);
      done({ ok: false, why: 'failed', detail: error.message });
    });
    worker.on('exit', () => {
      this.workers.delete(worker);
      // A plugin the thread started and did not wait for is not left behind.
      kill(Atomics.load(pids, 0) || undefined);
      if (late) {
        this.stuck--;
        this.drain();
      }
      done({ ok: false, why: 'failed', detail: 'its thread exited without an answer' });
    });
    worker.postMessage({ ...job, deadline: Date.now() + this.limits.budgetMs - WORKER_MARGIN_MS });
  }
}
