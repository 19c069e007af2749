/**
 * A thread that asks one cluster for its declared level (src/declared/fetch.ts) and exits: the
 * kubeconfig reads, credential plugins and HTTPS requests never run on the daemon's thread, and
 * the daemon can end it, whatever it is doing, at the deadline. Writes the pid of a running
 * credentials plugin into the shared slot, so the daemon can end the plugin too.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type FetchJob, fetchDeclaration } from '../declared/fetch.js';

if (!parentPort) throw new Error('declared-worker.js runs as a worker thread');
const port = parentPort;
const pids = (workerData as { pids: Int32Array }).pids;

port.once('message', (job: FetchJob) => {
  void fetchDeclaration(job, (pid) => Atomics.store(pids, 0, pid ?? 0))
    .catch((error: unknown) => ({ ok: false as const, why: 'failed' as const, detail: String(error) }))
    .then((outcome) => port.postMessage(outcome));
});
