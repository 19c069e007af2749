/**
 * What the API server double serves and how its URLs address it: the resource types as a 1.32
 * API server lists them (`kubectl api-resources`, trimmed to what the tests use), legacy discovery
 * (`/version`, `/api`, `/apis`, group versions) in the shapes kubectl reads, and the parsing of
 * `/api/v1/namespaces/prod/pods/p1` into resource, namespace and name.
 */

export interface ApiObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp: string;
    uid?: string;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string }[];
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  type?: string;
  data?: Record<string, string>;
}

export interface Resource {
  group: string;
  version: string;
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
}

const r = (
  group: string,
  name: string,
  singularName: string,
  kind: string,
  namespaced: boolean,
  ...shortNames: string[]
) =>
  ({
    group,
    version: 'v1',
    name,
    singularName,
    kind,
    namespaced,
    ...(shortNames.length > 0 ? { shortNames } : {}),
  }) satisfies Resource;

export const RESOURCES: Resource[] = [
  r('', 'namespaces', 'namespace', 'Namespace', false, 'ns'),
  r('', 'nodes', 'node', 'Node', false, 'no'),
  r('', 'pods', 'pod', 'Pod', true, 'po'),
  r('', 'persistentvolumeclaims', 'persistentvolumeclaim', 'PersistentVolumeClaim', true, 'pvc'),
  r('', 'secrets', 'secret', 'Secret', true),
  r('', 'services', 'service', 'Service', true, 'svc'),
  r('', 'configmaps', 'configmap', 'ConfigMap', true, 'cm'),
  r('', 'serviceaccounts', 'serviceaccount', 'ServiceAccount', true, 'sa'),
  r('apps', 'deployments', 'deployment', 'Deployment', true, 'deploy'),
  r('apps', 'statefulsets', 'statefulset', 'StatefulSet', true, 'sts'),
  r('apps', 'daemonsets', 'daemonset', 'DaemonSet', true, 'ds'),
  r('apps', 'replicasets', 'replicaset', 'ReplicaSet', true, 'rs'),
  r('batch', 'jobs', 'job', 'Job', true),
  r('batch', 'cronjobs', 'cronjob', 'CronJob', true, 'cj'),
  r('networking.k8s.io', 'ingresses', 'ingress', 'Ingress', true, 'ing'),
];

export const groupVersion = (r: Resource): string => (r.group ? `${r.group}/${r.version}` : r.version);

export function discovery(req: URL): unknown {
  const p = req.pathname.replace(/\/+$/, '');
  if (p === '/version') return { major: '1', minor: '32', gitVersion: 'v1.32.0-double', platform: 'linux/amd64' };
  if (p === '/api')
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: req.host }],
    };
  const groups = [...new Set(RESOURCES.filter((r) => r.group).map(groupVersion))];
  if (p === '/apis')
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map((gv) => {
        const [name = '', version = ''] = gv.split('/');
        return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
      }),
    };
  const gv = p === '/api/v1' ? 'v1' : p.startsWith('/apis/') ? p.slice('/apis/'.length) : undefined;
  if (gv === undefined || (gv !== 'v1' && !groups.includes(gv))) return undefined;
  const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: RESOURCES.filter((r) => groupVersion(r) === gv).map((r) => ({
      name: r.name,
      singularName: r.singularName,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    })),
  };
}

/** `/api/v1/namespaces/prod/pods/p1` → the resource, namespace and name it addresses. */
export function address(pathname: string): { resource: Resource; namespace?: string; name?: string } | undefined {
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.*)$/.exec(pathname);
  if (!m) return undefined;
  const gv = m[1] ?? `${m[2]}/${m[3]}`;
  let rest = m[4]!.split('/').filter(Boolean).map(decodeURIComponent);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) [, namespace, ...rest] = rest as [string, string, ...string[]];
  const resource = RESOURCES.find((r) => groupVersion(r) === gv && r.name === rest[0]);
  if (!resource || rest.length > 2) return undefined;
  return {
    resource,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(rest[1] !== undefined ? { name: rest[1] } : {}),
  };
}
