/** Public surface of the kubeconfig folder: kubectl-exact file list, parsing and resolution. */
export { KubeconfigError, type KubeconfigErrorCode } from './errors.js';
export { kubeconfigEntries, kubeconfigFiles, dependsOnDirectory } from './paths.js';
export { parseKubeconfig } from './parse.js';
export { decodeGoYamlBytes } from './go-yaml-stream.js';
export { listContexts, type ContextList, type ContextListing } from './contexts.js';
export { resolveTarget, type Resolution, type TargetOverrides } from './resolve.js';
export type { Target, LoadedFile, KubeconfigFile, ContextDefinition, ClusterDefinition } from './types.js';
