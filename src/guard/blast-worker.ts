/**
 * The blast radius as the worker thread computes it: connect with the user's credentials, look, and
 * turn every failure into one of a few plain reasons. Never throws. Loaded only inside the worker,
 * with `@kubernetes/client-node`, so the guard's own thread never pays for either.
 */
import { connect, type ConnectTarget } from './blast-connect.js';
import { type BlastFailure, failure } from './blast-failure.js';
import { type BlastFacts, lookAt } from './blast-look.js';
import type { BlastQuery } from './blast-request.js';

export interface BlastJob {
  target: ConnectTarget;
  namespace: string;
  query: BlastQuery;
  /** Date.now() value by which everything must be over. */
  deadline: number;
}

export type BlastResult =
  | { ok: true; facts: BlastFacts; server: string }
  | { ok: false; why: BlastFailure; detail: string; server: string };

/** Writes the pid of a running credentials plugin into slot 0, so the guard can end it if it gives up. */
export async function computeBlastRadius(job: BlastJob, pids: Int32Array): Promise<BlastResult> {
  let server = '';
  try {
    const connection = await connect(job.target, job.deadline, (pid) => Atomics.store(pids, 0, pid ?? 0));
    server = connection.server;
    return { ok: true, facts: await lookAt(connection, job.query, job.namespace, job.deadline), server };
  } catch (error) {
    return { ok: false, ...failure(error, job.target.user), server };
  }
}
