/**
 * The built-in resource types the blast radius can look up without asking the cluster's discovery
 * (which would cost a round trip of the 1.5 s budget): their API paths and every name kubectl
 * accepts for them (plural, singular, kind, short names, `plural.group`), case-insensitively. Pure.
 */

export interface ResourceType {
  plural: string;
  singular: string;
  /** '' for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  short: string[];
}

const t = (plural: string, singular: string, group: string, version: string, namespaced: boolean, ...short: string[]) =>
  ({ plural, singular, group, version, namespaced, short }) satisfies ResourceType;

/** As `kubectl api-resources` lists them on a 1.32 cluster. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  t('pods', 'pod', '', 'v1', true, 'po'),
  t('services', 'service', '', 'v1', true, 'svc'),
  t('configmaps', 'configmap', '', 'v1', true, 'cm'),
  t('secrets', 'secret', '', 'v1', true),
  t('persistentvolumeclaims', 'persistentvolumeclaim', '', 'v1', true, 'pvc'),
  t('serviceaccounts', 'serviceaccount', '', 'v1', true, 'sa'),
  t('endpoints', 'endpoints', '', 'v1', true, 'ep'),
  t('replicationcontrollers', 'replicationcontroller', '', 'v1', true, 'rc'),
  t('resourcequotas', 'resourcequota', '', 'v1', true, 'quota'),
  t('limitranges', 'limitrange', '', 'v1', true, 'limits'),
  t('namespaces', 'namespace', '', 'v1', false, 'ns'),
  t('nodes', 'node', '', 'v1', false, 'no'),
  t('persistentvolumes', 'persistentvolume', '', 'v1', false, 'pv'),
  t('deployments', 'deployment', 'apps', 'v1', true, 'deploy'),
  t('statefulsets', 'statefulset', 'apps', 'v1', true, 'sts'),
  t('daemonsets', 'daemonset', 'apps', 'v1', true, 'ds'),
  t('replicasets', 'replicaset', 'apps', 'v1', true, 'rs'),
  t('jobs', 'job', 'batch', 'v1', true),
  t('cronjobs', 'cronjob', 'batch', 'v1', true, 'cj'),
  t('ingresses', 'ingress', 'networking.k8s.io', 'v1', true, 'ing'),
  t('networkpolicies', 'networkpolicy', 'networking.k8s.io', 'v1', true, 'netpol'),
  t('horizontalpodautoscalers', 'horizontalpodautoscaler', 'autoscaling', 'v2', true, 'hpa'),
  t('poddisruptionbudgets', 'poddisruptionbudget', 'policy', 'v1', true, 'pdb'),
  t('roles', 'role', 'rbac.authorization.k8s.io', 'v1', true),
  t('rolebindings', 'rolebinding', 'rbac.authorization.k8s.io', 'v1', true),
  t('clusterroles', 'clusterrole', 'rbac.authorization.k8s.io', 'v1', false),
  t('clusterrolebindings', 'clusterrolebinding', 'rbac.authorization.k8s.io', 'v1', false),
  t('storageclasses', 'storageclass', 'storage.k8s.io', 'v1', false, 'sc'),
  t('customresourcedefinitions', 'customresourcedefinition', 'apiextensions.k8s.io', 'v1', false, 'crd', 'crds'),
];

/** The type kubectl would pick for `word` (`Deployments`, `deploy`, `deployments.apps`, `deployments.v1.apps`). */
export function resourceType(word: string): ResourceType | undefined {
  const [name = '', ...rest] = word.toLowerCase().split('.');
  const group = rest.length === 0 ? undefined : rest.join('.');
  return RESOURCE_TYPES.find(
    (type) =>
      [type.plural, type.singular, ...type.short].includes(name) &&
      (group === undefined || group === type.group || group === `${type.version}.${type.group}`),
  );
}

/** The collection's path: `/api/v1/namespaces/prod/pods`, `/apis/apps/v1/deployments` (every namespace). */
export function collectionPath(type: ResourceType, namespace: string | undefined): string {
  const base = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const scope = type.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${scope}/${type.plural}`;
}

export function objectPath(type: ResourceType, namespace: string | undefined, name: string): string {
  return `${collectionPath(type, namespace)}/${encodeURIComponent(name)}`;
}

/** The type of a manifest's object (`apps/v1` + `Deployment`); undefined for a kind or group this table does not hold. */
export function manifestType(apiVersion: string, kind: string): ResourceType | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const type = resourceType(kind);
  return type !== undefined && type.group === group ? type : undefined;
}

/** `--prune-allowlist` entries (`core/v1/ConfigMap`, `apps/v1/Deployment`) as types. */
export function allowlistType(entry: string): ResourceType | undefined {
  const [group = '', version = '', kind = ''] = entry.split('/');
  return manifestType(group === 'core' ? version : `${group}/${version}`, kind);
}

/** What `kubectl apply --prune` considers without --prune-allowlist (kubectl 1.32's prune.go defaults). */
export const DEFAULT_PRUNE = [
  'configmaps',
  'endpoints',
  'persistentvolumeclaims',
  'pods',
  'replicationcontrollers',
  'secrets',
  'services',
  'jobs',
  'cronjobs',
  'ingresses',
  'daemonsets',
  'deployments',
  'replicasets',
  'statefulsets',
  'namespaces',
  'persistentvolumes',
];

/** Kinds whose replicas `kubectl scale` sets and whose status says how many are ready. */
export const SCALABLE = ['deployments', 'statefulsets', 'replicasets', 'replicationcontrollers'];
