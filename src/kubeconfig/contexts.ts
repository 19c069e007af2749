/**
 * Every context of a merged kubeconfig with the cluster, server, namespace and user kubectl
 * would use for it: contexts in first-seen file order, each definition taken whole from the
 * first file that defines it, as kubectl merges them. Pure.
 */
import type { KubeconfigFile, LoadedFile } from './types.js';

export interface ContextListing {
  name: string;
  cluster: string;
  /** Empty when the context names no cluster or a cluster no file defines (`clusterMissing`). */
  server: string;
  /** `default` when the context sets none, as kubectl does. */
  namespace: string;
  user: string;
  /** The file whose definition of the context won. */
  source: string;
  clusterMissing: boolean;
  /** True for the merged current-context (the first non-empty one). */
  current: boolean;
}

export interface ContextList {
  contexts: ContextListing[];
  /** The merged current-context, or undefined when no file sets one. */
  currentContext: string | undefined;
  /** Files that exist but cannot be read or parsed; kubectl refuses to run while one exists. */
  broken: { path: string; message: string }[];
}

/** Lists the contexts of the readable files; broken files are listed apart and contribute nothing. Never throws. */
export function listContexts(loaded: LoadedFile[]): ContextList {
  const parsed: { path: string; config: KubeconfigFile }[] = [];
  const broken: ContextList['broken'] = [];
  let currentContext: string | undefined;
  for (const file of loaded) {
    if (file.status === 'ok') {
      parsed.push({ path: file.path, config: file.config });
      currentContext ??= file.config.currentContext || undefined;
    } else if (file.status === 'error') broken.push({ path: file.path, message: file.error.message });
  }
  const servers = new Map<string, string>();
  for (const { config } of parsed) {
    for (const [name, cluster] of config.clusters) if (!servers.has(name)) servers.set(name, cluster.server);
  }
  const contexts = new Map<string, ContextListing>();
  for (const { path, config } of parsed) {
    for (const [name, definition] of config.contexts) {
      if (contexts.has(name)) continue;
      const server = servers.get(definition.cluster);
      contexts.set(name, {
        name,
        cluster: definition.cluster,
        server: server ?? '',
        namespace: definition.namespace || 'default',
        user: definition.user,
        source: path,
        clusterMissing: definition.cluster !== '' && server === undefined,
        current: name === currentContext,
      });
    }
  }
  return { contexts: [...contexts.values()], currentContext, broken };
}
