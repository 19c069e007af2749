/**
 * The identities of the clusters kubeconfig files name: the target's, and every context's with the
 * level the rules (and the file's own extensions) give it, for the identity memory. Reads CA files
 * (`certificate-authority: ca.crt`), each at most once per compute; everything else is pure.
 */
import {
  clusterIdentity,
  type ClusterIdentity,
  type KnownContext,
  type KnownLevel,
  MEMORY_LIMITS,
} from '../identity/index.js';
import { caFingerprint } from '../identity/ca.js';
import type { ClusterDefinition, KubeconfigFile, LoadedFile } from '../kubeconfig/index.js';
import { redactServer } from './redact.js';
import { classify, decideLevel, type Level, type Rule } from '../rules/index.js';
import { readRegularBytes } from './read-file.js';

/** A CA bundle larger than this is not a CA bundle. */
const MAX_CA_BYTES = 1024 * 1024;

/** One context of one file as the rules see it, never a credential. */
export interface Observation {
  context: string;
  cluster: string;
  file: string;
  identity: ClusterIdentity;
  level: Level;
  /** The rule or declaration that decided. */
  origin: string;
}

/**
 * One compute's reader of CA files (path to fingerprint). The readers caFileReader makes also keep
 * the identities worked out through them, so a cluster named by many contexts, by the target and by
 * the look for hidden definitions costs one identity per compute.
 */
export type CaReader = ((path: string) => string | undefined) & {
  identities?: WeakMap<ClusterDefinition, ClusterIdentity | undefined>;
};

/** Reads CA files for one compute: a file named by many clusters is read once. */
export function caFileReader(): CaReader {
  const seen = new Map<string, string | undefined>();
  const read = (path: string): string | undefined => {
    if (!seen.has(path)) {
      let fingerprint: string | undefined;
      try {
        fingerprint = caFingerprint(readRegularBytes(path, MAX_CA_BYTES));
      } catch {
        // kubectl fails on it too; the cluster's identity is then its server alone.
        fingerprint = undefined;
      }
      seen.set(path, fingerprint);
    }
    return seen.get(path);
  };
  return Object.assign(read, { identities: new WeakMap<ClusterDefinition, ClusterIdentity | undefined>() });
}

export function identityOfCluster(
  cluster: ClusterDefinition | undefined,
  readCa: CaReader,
): ClusterIdentity | undefined {
  if (cluster === undefined) return undefined;
  const known = readCa.identities;
  if (known?.has(cluster)) return known.get(cluster);
  const ca =
    cluster.ca === undefined
      ? undefined
      : cluster.ca.kind === 'data'
        ? cluster.ca.fingerprint
        : readCa(cluster.ca.path);
  const identity = clusterIdentity({ server: cluster.server, tlsServerName: cluster.tlsServerName ?? '', ca });
  known?.set(cluster, identity);
  return identity;
}

/**
 * Rules that speak of the cluster, not of one target on it: a rule that matches a namespace or a
 * user classifies what is done there, so it says nothing about every other context of that cluster.
 */
export function clusterRules(rules: Rule[]): Rule[] {
  return rules.filter((rule) => rule.match.namespace === undefined && rule.match.user === undefined);
}

/**
 * Every context of the files that were read (each name and each cluster taken from the first file
 * defining it, as kubectl merges them) with its identity and level. Files that are missing or broken
 * contribute nothing.
 */
export function observeContexts(loaded: LoadedFile[], rules: Rule[], readCa: CaReader): Observation[] {
  const parsed = loaded.filter(
    (file): file is { path: string; status: 'ok'; config: KubeconfigFile } => file.status === 'ok',
  );
  const clusters = new Map<string, ClusterDefinition>();
  for (const { config } of parsed)
    for (const [name, cluster] of config.clusters) if (!clusters.has(name)) clusters.set(name, cluster);
  const forCluster = clusterRules(rules);
  const seen = new Set<string>();
  const out: Observation[] = [];
  // What the memory keeps is bounded (MEMORY_LIMITS); so is what a compute sends it, or a file of
  // 300,000 contexts would cross to the daemon's thread whole and hold its memory up. Each identity
  // keeps its first contexts, and always one of every level, which is what matching needs.
  const perIdentity = new Map<string, number>();
  const levels = new Set<string>();
  for (const { path, config } of parsed) {
    for (const [name, context] of config.contexts) {
      if (seen.has(name)) continue;
      seen.add(name);
      const cluster = clusters.get(context.cluster);
      const identity = identityOfCluster(cluster, readCa);
      if (cluster === undefined || identity === undefined) continue;
      const fields = {
        context: name,
        cluster: context.cluster,
        server: redactServer(cluster.server),
        namespace: context.namespace || 'default',
        user: context.user,
      };
      const decision = decideLevel({
        classification: classify(fields, forCluster),
        context: { name, declared: context.declared },
        cluster: { name: context.cluster, declared: cluster.declared },
        identity: undefined,
        showFile: (file) => file,
      });
      const count = perIdentity.get(identity.id) ?? 0;
      const level = `${identity.id}\u0000${decision.level}`;
      if (count >= MEMORY_LIMITS.seenPerIdentity && levels.has(level)) continue;
      if (count === 0 && perIdentity.size >= MEMORY_LIMITS.identities) continue;
      perIdentity.set(identity.id, count + 1);
      levels.add(level);
      out.push({
        context: name,
        cluster: context.cluster,
        file: path,
        identity,
        level: decision.level,
        origin: decision.rule,
      });
    }
  }
  return out;
}

/** The classified observations, as contexts a target can match. */
export function asKnown(observations: readonly Observation[]): KnownContext[] {
  return observations
    .filter((observation) => observation.level !== 'unclassified')
    .map((observation) => ({
      identity: observation.identity,
      level: observation.level as KnownLevel,
      context: observation.context,
      file: observation.file,
    }));
}
