/** The parts of a kubeconfig that kctx-guard reads. Secrets (tokens, keys, exec args) are never copied here. */
import type { CaSource, DeclaredExtension } from './declared.js';

export interface ContextDefinition {
  cluster: string;
  user: string;
  namespace: string;
  /** The context's `kctx-guard` extension, when it has one. */
  declared?: DeclaredExtension | undefined;
}

export interface ClusterDefinition {
  server: string;
  /** Empty when unset. Part of the cluster's identity: one host can serve many clusters by name. */
  tlsServerName?: string;
  /** The CA the cluster is verified with, for its identity (a fingerprint, never the certificate). */
  ca?: CaSource;
  /** The cluster's `kctx-guard` extension, when it has one. */
  declared?: DeclaredExtension | undefined;
}

/** One parsed kubeconfig file. Map order is file order. */
export interface KubeconfigFile {
  currentContext: string;
  contexts: Map<string, ContextDefinition>;
  clusters: Map<string, ClusterDefinition>;
  users: Set<string>;
}

/** A file named by KUBECONFIG after reading: absent (skipped like kubectl does), broken, or parsed. */
export type LoadedFile =
  | { path: string; status: 'missing' }
  | { path: string; status: 'error'; error: import('./errors.js').KubeconfigError }
  | { path: string; status: 'ok'; config: KubeconfigFile };

/** What kubectl would use right now. */
export interface Target {
  context: string;
  cluster: string;
  /** `default` when the context sets none, as kubectl does. */
  namespace: string;
  user: string;
  server: string;
  /** The file whose definition of the context won. */
  source: string;
  /** The winning definition of the target's cluster (identity parts, declarations); absent without one. */
  clusterDefinition?: ClusterDefinition | undefined;
  /** The context's own `kctx-guard` extension. */
  contextDeclared?: DeclaredExtension | undefined;
}
