/**
 * A resolved target's level from every source (rules, kubeconfig extensions, what the cluster
 * declares about itself, the clusters known elsewhere by identity): the one decision the daemon, the shells' fallback, `status` and the guard
 * share, so the prompt and the guard can never disagree on how dangerous a cluster is. Pure.
 */
import { type DeclaredSnapshot, declaredSource } from '../declared/index.js';
import { matchIdentity, type ClusterIdentity, type KnownContext } from '../identity/index.js';
import type { Target } from '../kubeconfig/index.js';
import { classify, decideLevel, type LevelDecision, type Rule, type RuleSet } from '../rules/index.js';
import { asKnown, type Observation } from './identities.js';
import { redactServer } from './redact.js';

export interface TargetLevelInput {
  target: Target;
  rules: Rule[];
  /** The target cluster's identity, when it has a server. */
  identity: ClusterIdentity | undefined;
  /** Contexts elsewhere that the rules classify (knownWith). */
  known: readonly KnownContext[];
  /** What clusters declared about themselves, by identity id: `declaredWhenOn`'s, so none unless fetching is on. */
  declared: DeclaredSnapshot | undefined;
  /** How a file is shown in the reason: `~/.kube/config` for the default one. */
  showFile: (file: string) => string;
}

export function targetLevel(input: TargetLevelInput): LevelDecision {
  const { target, identity } = input;
  return decideLevel({
    // Rules see the server as the cache shows it: a `user:password@` is a secret, never matched on.
    classification: classify({ ...target, server: redactServer(target.server) }, input.rules),
    context: { name: target.context, declared: target.contextDeclared },
    cluster: { name: target.cluster, declared: target.clusterDefinition?.declared },
    identity:
      identity === undefined
        ? undefined
        : matchIdentity(identity, { context: target.context, file: target.source }, input.known),
    targetFile: target.source,
    declaredByCluster: declaredSource(input.declared, identity?.id),
    showFile: input.showFile,
  });
}

/** The declarations that apply: none unless config.yaml's `cluster-levels.fetch` is on. */
export function declaredWhenOn(ruleSet: RuleSet, snapshot: DeclaredSnapshot | undefined): DeclaredSnapshot | undefined {
  return ruleSet.clusterLevels?.fetch ? snapshot : undefined;
}

/**
 * What a target is matched against: the files read now say what they hold now; the identity memory
 * speaks for every other file (one the daemon served earlier, a deleted deploy-tool kubeconfig).
 */
export function knownWith(
  memory: readonly KnownContext[],
  observed: { files: readonly string[]; contexts: readonly Observation[] },
): KnownContext[] {
  const read = new Set(observed.files);
  return [...memory.filter((known) => !read.has(known.file)), ...asKnown(observed.contexts)];
}

/** `~/.kube/config` for the default kubeconfig, every other file by its path. */
export function showFileFor(defaultKubeconfig: string): (file: string) => string {
  return (file) => (file === defaultKubeconfig ? '~/.kube/config' : file);
}
