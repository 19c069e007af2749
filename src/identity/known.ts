/**
 * Matching a target's identity against the identities the rules classified elsewhere (the identity
 * memory): the same server, tls-server-name and CA is the same cluster; a server on this machine
 * with a known cluster's CA and path is a tunnel to that cluster. A context never matches itself. Pure.
 */
import { LEVEL_RANK } from '../rules/types.js';
import type { ClusterIdentity } from './identity.js';

export type KnownLevel = 'danger' | 'warn' | 'safe';

/** One classified context somewhere in the user's kubeconfigs. */
export interface KnownContext {
  identity: ClusterIdentity;
  level: KnownLevel;
  context: string;
  file: string;
}

export interface IdentityMatch {
  known: KnownContext;
  /** `server`: the same API server and CA; `ca`: a local address with that cluster's CA (a tunnel). */
  via: 'server' | 'ca';
}

function via(target: ClusterIdentity, known: ClusterIdentity): IdentityMatch['via'] | undefined {
  if (known.id === target.id) return 'server';
  // A CA alone says little (Rancher or a public CA sign many clusters), but a loopback server with
  // it is a port-forward or SSH tunnel to one of them: the same path narrows it to the cluster.
  if (target.loopback && target.ca !== null && known.ca === target.ca && known.path === target.path) return 'ca';
  return undefined;
}

/** The most dangerous known context the target reaches, preferring a same-server match on a tie. */
export function matchIdentity(
  target: ClusterIdentity,
  self: { context: string; file: string },
  known: readonly KnownContext[],
): IdentityMatch | undefined {
  let best: IdentityMatch | undefined;
  for (const candidate of known) {
    if (candidate.context === self.context && candidate.file === self.file) continue;
    const how = via(target, candidate.identity);
    if (how === undefined) continue;
    if (
      best === undefined ||
      LEVEL_RANK[candidate.level] > LEVEL_RANK[best.known.level] ||
      (LEVEL_RANK[candidate.level] === LEVEL_RANK[best.known.level] && how === 'server' && best.via === 'ca')
    )
      best = { known: candidate, via: how };
  }
  return best;
}
