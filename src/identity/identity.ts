/**
 * A cluster's identity: its normalised API server URL, its `tls-server-name` and its CA fingerprint.
 * Two contexts with equal identities reach the same cluster, whatever they are called; the id is a
 * short hash of the three, for the identity memory and the CLI. Never holds a credential. Pure.
 */
import { createHash } from 'node:crypto';
import { normalizeServer } from './server.js';

export interface ClusterIdentity {
  /** 12 hex digits of sha256 over server, tls-server-name and CA. */
  id: string;
  /** Normalised: `https://host:port/path`. */
  server: string;
  /** Lower-cased; null when the cluster sets none. */
  tlsServerName: string | null;
  /** `sha256:<hex>` of the CA (caFingerprint); null when the cluster names none (system roots). */
  ca: string | null;
  /** The server is on this machine: with a known CA, a tunnel to that cluster. */
  loopback: boolean;
  /** The server URL's path (Rancher, GKE Connect, Teleport): a tunnel keeps it. */
  path: string;
}

export interface IdentityInput {
  server: string;
  tlsServerName: string;
  /** The CA's fingerprint, or undefined when none was given or it could not be read. */
  ca: string | undefined;
}

/** The identity of a cluster definition; undefined when its server is empty or not a URL. */
export function clusterIdentity(input: IdentityInput): ClusterIdentity | undefined {
  const normal = normalizeServer(input.server);
  if (normal === undefined) return undefined;
  const tlsServerName = input.tlsServerName.trim().toLowerCase().replace(/\.$/, '') || null;
  const ca = input.ca ?? null;
  const id = createHash('sha256')
    .update(`${normal.url}\n${tlsServerName ?? ''}\n${ca ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return { id, server: normal.url, tlsServerName, ca, loopback: normal.loopback, path: normal.path };
}
