/**
 * The blast radius within a hard time budget: computed on a worker thread (which loads
 * `@kubernetes/client-node`, runs credential plugins and asks the API) while the guard waits for
 * it synchronously, at most `budgetMs` from the call, then stops it and any plugin it started,
 * whatever they were doing. Too late is an answer (`timeout`), never a reason to wait longer.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { kill } from './blast-exec.js';
import type { BlastJob, BlastResult } from './blast-worker.js';

export const BLAST_BUDGET_MS = 1500;
/** The worker stops its own requests this much earlier, so it can still say which one was late. */
const WORKER_MARGIN_MS = 100;

const WORKER = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.hooks) require('node:module').register(workerData.hooks);
  const { computeBlastRadius } = await import(workerData.module);
  return computeBlastRadius(workerData.job, workerData.pids);
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

/** What the command would hit, or why that is not known; returns within `budgetMs`. Never throws. */
export function blastRadius(job: Omit<BlastJob, 'deadline'>, budgetMs = BLAST_BUDGET_MS): BlastResult & { ms: number } {
  const started = Date.now();
  const late = (): BlastResult & { ms: number } => ({
    ok: false,
    why: 'timeout',
    detail: `no answer within ${budgetMs} ms`,
    server: '',
    ms: Date.now() - started,
  });
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const pids = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker;
  try {
    worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        ...workerModule(),
        job: { ...job, deadline: started + budgetMs - WORKER_MARGIN_MS },
        pids,
        done,
        port: port2,
      },
      transferList: [port2],
      stdout: true,
      stderr: true,
    });
  } catch (error) {
    return { ok: false, why: 'failed', detail: (error as Error).message, server: '', ms: 0 };
  }
  try {
    Atomics.wait(done, 0, 0, Math.max(0, started + budgetMs - Date.now()));
    const reply = receiveMessageOnPort(port1)?.message as BlastResult | undefined;
    return reply === undefined ? late() : { ...reply, ms: Date.now() - started };
  } finally {
    port1.close();
    worker.unref();
    void worker.terminate();
    kill(Atomics.load(pids, 0) || undefined);
  }
}
