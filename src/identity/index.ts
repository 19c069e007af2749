/** Public surface of the identity folder: what makes two kubeconfig entries the same cluster. */
export { caFingerprint } from './ca.js';
export { clusterIdentity, type ClusterIdentity, type IdentityInput } from './identity.js';
export { matchIdentity, type IdentityMatch, type KnownContext, type KnownLevel } from './known.js';
export { isLoopbackHost, normalizeServer, type NormalServer } from './server.js';
