/**
 * Public surface of the declared folder: the level a cluster declares about itself (the ConfigMap,
 * the cache of answers, how a declaration joins a target's sources). The fetch itself (fetch.ts)
 * is left out: it loads the connection code, and only the daemon's fetch thread imports it.
 */
export {
  type ClusterDeclaration,
  DECLARATION_NAME,
  DECLARATION_NAMESPACE,
  DECLARATION_PATH,
  DECLARATION_SOURCE,
  readDeclaration,
} from './configmap.js';
export {
  declaredCachePath,
  forgetDeclared,
  readDeclaredCache,
  readDeclaredSnapshot,
  writeDeclaredCache,
} from './file.js';
export {
  applyOutcome,
  bounded,
  CACHE_VERSION,
  type DeclaredCache,
  type DeclaredRecord,
  type DeclaredSnapshot,
  declarationSignature,
  dueAt,
  type FetchFailure,
  type FetchOutcome,
  snapshotOf,
} from './record.js';
export { ago, declaredSource, describeFailure, describeRecord, withAge } from './source.js';
