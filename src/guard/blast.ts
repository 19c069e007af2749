/**
 * The blast radius within a hard time budget: computed on a worker thread (which loads the
 * connection code, runs credential plugins and asks the API) while the guard waits for it
 * synchronously, at most `budgetMs` from the moment the job is handed over, then stops it and any
 * plugin it started, whatever they were doing. Too late is an answer (`timeout`), never a reason to
 * wait longer. The worker can be started before the job is known (`BlastLook.start`), so its start
 * and imports overlap the guard's own reading of the kubeconfig and its decision.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { kill } from './blast-exec.js';
import type { BlastJob, BlastResult } from './blast-worker.js';

export const BLAST_BUDGET_MS = 1500;
/** The worker stops its own requests this much earlier, so it can still say which one was late. */
const WORKER_MARGIN_MS = 100;

const WORKER = `
const { workerData } = require('node:worker_threads');
const job = new Promise((resolve) => workerData.port.once('message', resolve));
(async () => {
  if (workerData.hooks) require('node:module').register(workerData.hooks);
  const { computeBlastRadius } = await import(workerData.module);
  return computeBlastRadius(await job, workerData.pids);
})()
  .catch((error) => ({ ok: false, why: 'failed', detail: String(error && error.message), server: '' }))
  .then((reply) => {
    workerData.port.postMessage(reply);
    Atomics.store(workerData.done, 0, 1);
    Atomics.notify(workerData.done, 0);
  });
`;

/** From the TypeScript sources (the tests) the worker needs the dev-only hooks that load .ts files. */
function workerModule(): { module: string; hooks: string | undefined } {
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    module: new URL(fromSource ? './blast-worker.ts' : './blast-worker.js', import.meta.url).href,
    hooks: fromSource ? new URL('../../test/helpers/ts-worker-hooks.mjs', import.meta.url).href : undefined,
  };
}

/** KCTX_GUARD_BLAST_MS: how long the look may take (0 turns it off); 1.5 s unless set, at most 10 s. */
export function blastBudget(env: Record<string, string | undefined>): number {
  const value = Number(env['KCTX_GUARD_BLAST_MS'] ?? BLAST_BUDGET_MS);
  return Number.isFinite(value) ? Math.min(Math.max(0, Math.round(value)), 10_000) : BLAST_BUDGET_MS;
}

export type TimedResult = BlastResult & { ms: number };

/** One look: a worker started now, given its job later (or never: `stop`). */
export class BlastLook {
  private readonly done = new Int32Array(new SharedArrayBuffer(4));
  private readonly pids = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private readonly worker: Worker | undefined;
  private readonly startError: string | undefined;
  private stopped = false;

  private constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    let worker: Worker | undefined;
    let startError: string | undefined;
    try {
      worker = new Worker(WORKER, {
        eval: true,
        workerData: { ...workerModule(), pids: this.pids, done: this.done, port: port2 },
        transferList: [port2],
        stdout: true,
        stderr: true,
      });
      // Never keeps the guard alive: a command that runs without a question exits at once.
      worker.unref();
    } catch (error) {
      startError = (error as Error).message;
    }
    this.worker = worker;
    this.startError = startError;
  }

  /** Starts the worker and its imports; never throws (a failure is the look's answer). */
  static start(): BlastLook {
    return new BlastLook();
  }

  /** What the command would hit, or why that is not known; returns within `budgetMs`, then stops. */
  result(job: Omit<BlastJob, 'deadline'>, budgetMs: number): TimedResult {
    const started = Date.now();
    try {
      if (this.worker === undefined || this.stopped)
        return { ok: false, why: 'failed', detail: this.startError ?? 'the look was stopped', server: '', ms: 0 };
      this.port.postMessage({ ...job, deadline: started + budgetMs - WORKER_MARGIN_MS });
      Atomics.wait(this.done, 0, 0, Math.max(0, started + budgetMs - Date.now()));
      const reply = receiveMessageOnPort(this.port)?.message as BlastResult | undefined;
      if (reply !== undefined) return { ...reply, ms: Date.now() - started };
      return {
        ok: false,
        why: 'timeout',
        detail: `no answer within ${budgetMs} ms`,
        server: '',
        ms: Date.now() - started,
      };
    } finally {
      this.stop();
    }
  }

  /** Ends the worker and any credential plugin it started. */
  stop(): void {
    this.stopped = true;
    this.port.close();
    void this.worker?.terminate();
    kill(Atomics.load(this.pids, 0) || undefined);
  }
}
