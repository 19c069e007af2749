/**
 * The guard's view of a target's level: the same decision the prompt's entry holds (pipeline
 * targetLevel), matched against every kubeconfig the user has (those just read, KUBECONFIG,
 * ~/.kube/config) and the daemon's identity memory, so a deploy tool's temporary kubeconfig naming
 * prod's API server after something harmless asks as prod does; and the target context's drift not
 * acknowledged yet. Reads CA files and the memory.
 */
import { join } from 'node:path';
import { describeDrift, knownContexts, readMemory } from '../identity/index.js';
import type { LoadedFile, Target } from '../kubeconfig/index.js';
import { homeDir, stateDir, type Env } from '../locations.js';
import {
  caFileReader,
  identityOfCluster,
  knownWith,
  observeContexts,
  showFileFor,
  targetLevel,
} from '../pipeline/index.js';
import type { LevelDecision, Rule } from '../rules/index.js';

export interface GuardLevel {
  decision: LevelDecision;
  /** The target context's drift not acknowledged yet, described. */
  drift: string[];
}

/** `sets`: each kubeconfig the user has, as kubectl merges it (the command's, KUBECONFIG, ~/.kube/config). */
export function guardLevel(target: Target, rules: Rule[], sets: LoadedFile[][], env: Env): GuardLevel {
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
  const decision = targetLevel({
    target,
    rules,
    identity: identityOfCluster(target.clusterDefinition, readCa),
    known: knownWith(knownContexts(memory), observed),
    // What the cluster declares about itself is not read here yet.
    declared: undefined,
    showFile,
  });
  const drift = (memory.drift ?? [])
    .filter((item) => item.context === target.context && item.file === target.source)
    .map((item) => describeDrift(item, showFile));
  return { decision, drift };
}
