/** Public surface of the pipeline: read kubeconfig files and config.yaml from disk, build a cache entry. */
export { computeEntry, kubeconfigFilesOf, sourcePaths, type ComputeRequest, type Computed } from './compute.js';
export { buildEntry, type BuildInput } from './build.js';
export { redactServer } from './redact.js';
export { declaredWhenOn, knownWith, showFileFor, targetLevel, type TargetLevelInput } from './level.js';
export { freshnessPaths, pathState, stateOf, type PathStamp, type PathState } from './freshness.js';
export { hangIfTestSaysSo } from './stat-hang.js';
export { loadKubeconfigFile, loadKubeconfigFiles, MAX_KUBECONFIG_BYTES } from './load.js';
export { ParseCache } from './parse-cache.js';
export { isPerProcessText } from './read-file.js';
export { hiddenDefinitions, isTargets } from './shadow.js';
export {
  caFileReader,
  clusterRules,
  identityOfCluster,
  observeContexts,
  type Observation,
} from './identities.js';
export { readRuleFile, type RuleFile } from './rule-file.js';
