/** Public surface of the identity folder: what makes two kubeconfig entries the same cluster. */
export { caFingerprint } from './ca.js';
export { acknowledge, describeDrift, nextDrift, type Drift, type DriftEnd } from './drift.js';
export { clusterIdentity, type ClusterIdentity, type IdentityInput } from './identity.js';
export { matchIdentity, type IdentityMatch, type KnownContext, type KnownLevel } from './known.js';
export { isLoopbackHost, normalizeServer, type NormalServer } from './server.js';
export {
  emptyMemory,
  entryMemory,
  type EntryMemory,
  pendingHidden,
  forget,
  knownContexts,
  knownSignature,
  learn,
  levelOf,
  MEMORY_LIMITS,
  type IdentityMemory,
  type ObservedContext,
  type RememberedIdentity,
  type SeenContext,
} from './memory.js';
export { IdentityMemoryError, memoryPath, readMemory, updateMemory, writeMemory } from './memory-file.js';
export {
  acknowledgeHidden,
  describeHidden,
  HIDDEN_LIMITS,
  hiddenKey,
  nextHidden,
  unacknowledgedHidden,
  type AcknowledgedHidden,
  type HiddenDefinition,
  type PendingHidden,
} from './hidden.js';
