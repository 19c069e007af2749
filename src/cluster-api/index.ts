/** Public surface of the cluster-api folder: reaching a target's API server with the user's own kubeconfig credentials. */
export { DefinitionError, type Definitions, findDefinitions } from './definitions.js';
export { type ApiRequestOptions, requestOptions } from './request-options.js';
export { proxyFromEnvironment } from './proxy.js';
