/**
 * The guard's view of a target's level: the same decision the prompt's entry holds (pipeline
 * targetLevel), matched against every kubeconfig the user has (those just read, KUBECONFIG,
 * ~/.kube/config) and the daemon's identity memory, so a deploy tool's temporary kubeconfig naming
 * prod's API server after something harmless asks as prod does; what the target's cluster declares
 * about itself (with `cluster-levels.fetch` on, from the daemon's cache of answers, as the prompt has
 * it); and what is not acknowledged yet about the target: its context's drift, and a later file's
 * definition of its name that kubectl hides. Reads CA files, the memory and that cache.
 */
import { join } from 'node:path';
import { readDeclaredSnapshot } from '../declared/index.js';
import { describeDrift, describeHidden, knownContexts, readMemory, unacknowledgedHidden } from '../identity/index.js';
import type { LoadedFile, Target } from '../kubeconfig/index.js';
import { homeDir, stateDir, type Env } from '../locations.js';
import {
  caFileReader,
  hiddenDefinitions,
  identityOfCluster,
  isTargets,
  knownWith,
  observeContexts,
  showFileFor,
  targetLevel,
} from '../pipeline/index.js';
import type { LevelDecision, RuleSet } from '../rules/index.js';

export interface GuardLevel {
  decision: LevelDecision;
  /** What is not acknowledged yet about the target (its context's drift, its hidden definitions), described. */
  unacknowledged: string[];
  /** The display name the target's cluster declares about itself (the prompt shows it), if any. */
  clusterAlias: string | undefined;
}

/** `sets`: each kubeconfig the user has, as kubectl merges it (the command's, KUBECONFIG, ~/.kube/config). */
export function guardLevel(target: Target, ruleSet: RuleSet, sets: LoadedFile[][], env: Env): GuardLevel {
  const { rules } = ruleSet;
  const readCa = caFileReader();
  // A memory that cannot be read is no memory: the files in sight still count.
  const memory = readMemory(stateDir(env)).memory;
  const showFile = showFileFor(join(homeDir(env), '.kube', 'config'));
  const observed = {
    files: [
      ...new Set(
        sets
          .flat()
          .filter((file) => file.status === 'ok')
          .map((file) => file.path),
      ),
    ],
    contexts: sets.flatMap((set) => observeContexts(set, rules, readCa)),
  };
  const identity = identityOfCluster(target.clusterDefinition, readCa);
  // As the prompt: what clusters declared counts only with fetching on, so the cache is read only then.
  const declared = ruleSet.clusterLevels?.fetch ? readDeclaredSnapshot(stateDir(env)) : undefined;
  const decision = targetLevel({
    target,
    rules,
    identity,
    known: knownWith(knownContexts(memory), observed),
    declared,
    showFile,
  });
  const drift = (memory.drift ?? [])
    .filter((item) => item.context === target.context && item.file === target.source)
    .map((item) => describeDrift(item, showFile));
  // The set the target comes from: there the name may be defined again, for another cluster.
  const own = sets.find((set) => set.some((file) => file.path === target.source)) ?? [];
  const hidden = unacknowledgedHidden(
    hiddenDefinitions(own, readCa).filter((item) => isTargets(item, target)),
    memory.hiddenAcknowledged ?? [],
  ).map((item) => describeHidden(item, showFile));
  const clusterAlias = identity === undefined ? undefined : declared?.[identity.id]?.alias;
  return { decision, unacknowledged: [...drift, ...hidden], clusterAlias };
}
