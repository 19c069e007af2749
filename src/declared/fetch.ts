/**
 * Asks one cluster for the level it declares (GET the ConfigMap kube-public/kctx-guard) with the
 * user's own credentials, found as kubectl finds them, the way the guard's blast radius connects:
 * exec plugins run without a terminal (`interactiveMode: Always` never runs: "needs interactive
 * login"), every request and plugin ended at the deadline. The cluster asked must still be the
 * identity the daemon asked about (a kubeconfig edited meanwhile is not asked in its place). Runs
 * on a worker thread (src/daemon/declared-worker.ts). Never throws; never keeps a credential.
 */
import { readFileSync } from 'node:fs';
import type { Cluster } from '@kubernetes/client-node';
import { findDefinitions } from '../cluster-api/index.js';
import { connect } from '../guard/blast-connect.js';
import type { PidSlot } from '../guard/blast-exec.js';
import { failure } from '../guard/blast-failure.js';
import { ApiStatusError, getJson } from '../guard/blast-http.js';
import { caFingerprint } from '../identity/ca.js';
import { clusterIdentity } from '../identity/identity.js';
import { DECLARATION_PATH, DECLARATION_SOURCE, readDeclaration } from './configmap.js';
import type { FetchOutcome } from './record.js';

export interface FetchJob {
  /** The kubeconfig files in kubectl's order, and the target's cluster, user and context in them. */
  files: string[];
  cluster: string;
  user: string;
  context: string;
  /** The identity id the answer is cached under. */
  id: string;
  /** Date.now() value by which everything must be over. */
  deadline: number;
}

function identityIdOf(cluster: Cluster): string | undefined {
  const ca = cluster.caData
    ? Buffer.from(cluster.caData, 'base64')
    : cluster.caFile
      ? readFileSync(cluster.caFile)
      : undefined;
  return clusterIdentity({
    server: cluster.server,
    tlsServerName: cluster.tlsServerName ?? '',
    ca: ca === undefined ? undefined : caFingerprint(ca),
  })?.id;
}

export async function fetchDeclaration(job: FetchJob, slot: PidSlot): Promise<FetchOutcome> {
  try {
    const { cluster } = findDefinitions(job.files, job.cluster, job.user);
    if (identityIdOf(cluster) !== job.id)
      return { ok: false, why: 'changed', detail: `cluster "${job.cluster}" is no longer the one asked about` };
    const connection = await connect(
      { files: job.files, cluster: job.cluster, user: job.user, impersonate: { user: undefined, groups: [] } },
      job.deadline,
      slot,
    );
    const body = await getJson(connection, DECLARATION_PATH, 'application/json', job.deadline);
    const { declaration, problems } = readDeclaration(body);
    return { ok: true, declaration, problems };
  } catch (error) {
    if (error instanceof ApiStatusError && error.status === 404)
      return { ok: true, declaration: undefined, problems: [] };
    if (error instanceof ApiStatusError && error.status === 403)
      return { ok: false, why: 'forbidden', detail: `user "${job.user}" may not get ${DECLARATION_SOURCE}` };
    return { ok: false, ...failure(error, job.user) };
  }
}
