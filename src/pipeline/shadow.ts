/**
 * Names kubectl's first-wins hides: the target's context or cluster defined again in a later file
 * of the same KUBECONFIG, reaching another cluster there. kubectl silently uses the first; someone
 * who edited the second (or a tool that wrote it) believes otherwise, so the prompt says so. Reads
 * CA files through the compute's reader; everything else is pure.
 */
import { basename } from 'node:path';
import type { ClusterDefinition, LoadedFile, Target } from '../kubeconfig/index.js';
import { type CaReader, identityOfCluster } from './identities.js';

export interface Shadowed {
  kind: 'context' | 'cluster';
  name: string;
  /** The file whose definition kubectl ignores. */
  file: string;
  /** The server the ignored definition reaches. */
  server: string;
}

/** The first file's definition of every cluster name, as kubectl merges them. */
function firstClusters(
  parsed: { config: { clusters: Map<string, ClusterDefinition> } }[],
): Map<string, ClusterDefinition> {
  const clusters = new Map<string, ClusterDefinition>();
  for (const { config } of parsed)
    for (const [name, cluster] of config.clusters) if (!clusters.has(name)) clusters.set(name, cluster);
  return clusters;
}

export function shadowedNames(loaded: LoadedFile[], target: Target, readCa: CaReader): Shadowed[] {
  const parsed = loaded.filter((file) => file.status === 'ok');
  const id = identityOfCluster(target.clusterDefinition, readCa)?.id ?? target.server;
  const idOf = (cluster: ClusterDefinition | undefined): string =>
    identityOfCluster(cluster, readCa)?.id ?? cluster?.server ?? '';
  const clusters = firstClusters(parsed);
  const out: Shadowed[] = [];
  let contextSeen = false;
  let clusterSeen = false;
  for (const file of parsed) {
    const context = file.config.contexts.get(target.context);
    if (context !== undefined) {
      // The hidden context's cluster is whatever kubectl would take for that name.
      const cluster = clusters.get(context.cluster);
      if (contextSeen && idOf(cluster) !== id)
        out.push({ kind: 'context', name: target.context, file: file.path, server: cluster?.server ?? '' });
      contextSeen = true;
    }
    const cluster = target.cluster === '' ? undefined : file.config.clusters.get(target.cluster);
    if (cluster !== undefined) {
      if (clusterSeen && idOf(cluster) !== id)
        out.push({ kind: 'cluster', name: target.cluster, file: file.path, server: cluster.server });
      clusterSeen = true;
    }
  }
  return out;
}

/** For the prompt: `[context prod also in b.yaml, hidden by kubectl]`. */
export function shadowNote(shadowed: readonly Shadowed[]): string | undefined {
  const first = shadowed[0];
  if (first === undefined) return undefined;
  const more = shadowed.length > 1 ? ` +${shadowed.length - 1} more` : '';
  return `${first.kind} ${first.name} also in ${basename(first.file)}, hidden by kubectl${more}`;
}
