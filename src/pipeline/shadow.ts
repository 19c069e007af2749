/**
 * Names kubectl's first-wins hides: a context or cluster defined again in a later file of the same
 * KUBECONFIG, reaching another cluster there. kubectl silently uses the first; someone who edited the
 * second (or a tool that wrote it) believes otherwise, so the prompt says so until it is
 * acknowledged. Reads CA files through the compute's reader; everything else is pure.
 */
import { basename } from 'node:path';
import { type AcknowledgedHidden, type HiddenDefinition, hiddenKey } from '../identity/index.js';
import type { ClusterDefinition, KubeconfigFile, LoadedFile, Target } from '../kubeconfig/index.js';
import { type CaReader, identityOfCluster } from './identities.js';

/** The target's own hidden definitions, as its entry shows them. */
export interface Shadowed {
  kind: 'context' | 'cluster';
  name: string;
  /** The file whose definition kubectl ignores. */
  file: string;
  /** The server the ignored definition reaches. */
  server: string;
  /** `kctx-guard ack` said it was seen: the prompt no longer marks it. */
  acknowledged: boolean;
}

interface Defined<T> {
  file: string;
  definition: T;
}

/** Every definition of each name, in KUBECONFIG order. */
function definitions<T>(
  parsed: { path: string; config: KubeconfigFile }[],
  pick: (config: KubeconfigFile) => Map<string, T>,
): Map<string, Defined<T>[]> {
  const out = new Map<string, Defined<T>[]>();
  for (const file of parsed)
    for (const [name, definition] of pick(file.config)) {
      const list = out.get(name);
      if (list === undefined) out.set(name, [{ file: file.path, definition }]);
      else list.push({ file: file.path, definition });
    }
  return out;
}

/**
 * Every context and cluster name of the files read whose later definition reaches another cluster
 * than the one kubectl uses. Only names defined more than once cost an identity.
 */
export function hiddenDefinitions(loaded: LoadedFile[], readCa: CaReader): HiddenDefinition[] {
  const parsed = loaded.flatMap((file) => (file.status === 'ok' ? [{ path: file.path, config: file.config }] : []));
  const clusters = definitions(parsed, (config) => config.clusters);
  const contexts = definitions(parsed, (config) => config.contexts);
  // The reader keeps each cluster's identity: observeContexts and the target's worked most out already.
  const idOf = (cluster: ClusterDefinition | undefined): string =>
    cluster === undefined ? '' : (identityOfCluster(cluster, readCa)?.id ?? cluster.server);
  // The cluster kubectl takes for a name: the first file's.
  const merged = (name: string): ClusterDefinition | undefined => clusters.get(name)?.[0]?.definition;
  const out: HiddenDefinition[] = [];
  for (const [name, defined] of contexts) {
    const [first, ...later] = defined;
    if (first === undefined || later.length === 0) continue;
    const used = merged(first.definition.cluster);
    const over = { file: first.file, server: used?.server ?? '', id: idOf(used) };
    for (const hidden of later) {
      // The hidden context's cluster is whatever kubectl would take for that name.
      const cluster = merged(hidden.definition.cluster);
      const id = idOf(cluster);
      if (id !== over.id)
        out.push({ kind: 'context', name, file: hidden.file, server: cluster?.server ?? '', id, over });
    }
  }
  for (const [name, defined] of clusters) {
    const [first, ...later] = defined;
    if (first === undefined || later.length === 0) continue;
    const over = { file: first.file, server: first.definition.server, id: idOf(first.definition) };
    for (const hidden of later) {
      const id = idOf(hidden.definition);
      if (id !== over.id)
        out.push({ kind: 'cluster', name, file: hidden.file, server: hidden.definition.server, id, over });
    }
  }
  return out;
}

/** Whether a hidden definition is of the target's own context or cluster. */
export function isTargets(item: HiddenDefinition, target: Pick<Target, 'context' | 'cluster'>): boolean {
  return item.kind === 'context' ? item.name === target.context : target.cluster !== '' && item.name === target.cluster;
}

/** The target's hidden definitions, each marked acknowledged or not. */
export function shadowedNames(
  hidden: readonly HiddenDefinition[],
  target: Pick<Target, 'context' | 'cluster'>,
  acknowledged: readonly AcknowledgedHidden[],
): Shadowed[] {
  const keys = new Set(acknowledged.map((item) => item.key));
  return hidden
    .filter((item) => isTargets(item, target))
    .map((item) => ({
      kind: item.kind,
      name: item.name,
      file: item.file,
      server: item.server,
      acknowledged: keys.has(hiddenKey(item)),
    }));
}

/**
 * For the prompt: `[context prod also in b.yaml, hidden by kubectl; kctx-guard ack]` for the target's
 * own, `[hidden: context prod in b.yaml, by a.yaml; kctx-guard ack]` for what other shells' files
 * hide. `short` names a file briefly (its base name; `~/.kube/config` for the default one).
 */
export function shadowNotes(
  own: readonly Shadowed[],
  elsewhere: readonly HiddenDefinition[],
  short: (file: string) => string = basename,
): string[] {
  const notes: string[] = [];
  const open = own.filter((item) => !item.acknowledged);
  const first = open[0];
  if (first !== undefined) {
    const more = open.length > 1 ? ` +${open.length - 1} more` : '';
    notes.push(`${first.kind} ${first.name} also in ${short(first.file)}, hidden by kubectl${more}; kctx-guard ack`);
  }
  const other = elsewhere[0];
  if (other !== undefined)
    notes.push(
      elsewhere.length === 1
        ? `hidden: ${other.kind} ${other.name} in ${short(other.file)}, by ${short(other.over.file)}; kctx-guard ack`
        : `hidden: ${elsewhere.length} definitions kubectl ignores (${[...new Set(elsewhere.map((item) => item.name))].join(', ')}); kctx-guard ack`,
    );
  return notes;
}
