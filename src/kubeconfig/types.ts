/** The parts of a kubeconfig that kctx-guard reads. Secrets (tokens, keys, exec args) are never copied here. */

export interface ContextDefinition {
  cluster: string;
  user: string;
  namespace: string;
}

export interface ClusterDefinition {
  server: string;
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
}
