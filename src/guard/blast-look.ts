/**
 * Asks the cluster what a destructive command would hit, all requests at once: a namespace's
 * running pods (and the newest one's age), PVCs, workloads and helm releases; whether named
 * objects exist; how many replicas of a workload are ready; what `apply --prune` would find; a helm
 * release's status and the objects it manages; the pods on a node. Metadata only (helm releases
 * from their Secrets' labels), except a workload's status for `scale`.
 */
import type { Connection } from './blast-connect.js';
import { exists, listMetadata, type Metadata, orForbidden, readyReplicas } from './blast-http.js';
import type { BlastQuery, ObjectRef } from './blast-request.js';
import { collectionPath, objectPath, resourceType, type ResourceType } from './blast-resources.js';
import { MAX_PRUNE_LISTS } from './blast-request.js';

/** null: the API would not tell this user (403). */
export type Count = number | null;

export interface NamespaceFacts {
  name: string;
  exists: boolean | null;
  runningPods: Count;
  /** Age in ms of the newest running pod. */
  newestPodAge: number | undefined;
  pvcs: Count;
  workloads: { deployments: Count; statefulsets: Count; daemonsets: Count };
  releases: Count;
}

export interface ReleaseFacts {
  name: string;
  /** Undefined when no release of that name is in the namespace. */
  status: string | undefined;
  revision: string | undefined;
  /** Objects carrying helm's release annotations, by resource; null when none could be listed. */
  resources: Record<string, number> | null;
}

export interface NodeFacts {
  name: string;
  exists: boolean | null;
  pods: Count;
  daemonSetPods: number;
  namespaces: number;
}

/** An object looked up: `exists` null when the API would not say (403). */
export interface ObjectFacts {
  resource: string;
  name: string;
  /** Set for namespaced resources. */
  namespace: string | undefined;
  exists: boolean | null;
}

export interface PruneFacts {
  kind: 'prune';
  selector: string;
  /** Objects the prune would delete today; undefined when they were not listed (and `why`). */
  candidates: ObjectFacts[] | undefined;
  why: string | undefined;
}

export type BlastFacts =
  | { kind: 'namespaces'; namespaces: NamespaceFacts[] }
  | {
      kind: 'objects';
      verb: 'deletes' | 'replaces';
      objects: ObjectFacts[];
      unknown: string[];
      more: number;
      unseen: string[];
    }
  | {
      kind: 'scale';
      replicas: string;
      /** `ready`: ready replicas now; undefined when the object is missing or could not be read. */
      objects: (ObjectFacts & { ready: Count | undefined })[];
      unknown: string[];
      more: number;
    }
  | PruneFacts
  | { kind: 'selected'; namespace: string; resource: string; selector: string; count: Count }
  | { kind: 'releases'; namespace: string; releases: ReleaseFacts[] }
  | { kind: 'drain'; nodes: NodeFacts[] };

const type = (name: string): ResourceType => resourceType(name)!;
/** The annotation `kubectl apply` leaves; prune considers only objects that carry it. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const HELM_RELEASE = 'owner=helm';
/** Kinds a chart usually creates; helm marks each object it manages with its release's name. */
const CHART_KINDS = [
  'deployments',
  'statefulsets',
  'daemonsets',
  'services',
  'configmaps',
  'secrets',
  'serviceaccounts',
  'persistentvolumeclaims',
  'ingresses',
  'jobs',
  'cronjobs',
];

export function lookAt(
  connection: Connection,
  query: BlastQuery,
  namespace: string,
  deadline: number,
): Promise<BlastFacts> {
  const list = (resource: string, ns: string | undefined, labelSelector?: string, fieldSelector?: string) =>
    listMetadata(connection, collectionPath(type(resource), ns), { labelSelector, fieldSelector }, deadline);
  const count = async (work: Promise<Metadata[]>): Promise<Count> => (await orForbidden(work))?.length ?? null;

  const namespaceFacts = async (name: string): Promise<NamespaceFacts> => {
    const now = Date.now();
    const [found, pods, pvcs, deployments, statefulsets, daemonsets, releases] = await Promise.all([
      exists(connection, objectPath(type('namespaces'), undefined, name), deadline),
      orForbidden(list('pods', name, undefined, 'status.phase=Running')),
      count(list('persistentvolumeclaims', name)),
      count(list('deployments', name)),
      count(list('statefulsets', name)),
      count(list('daemonsets', name)),
      orForbidden(list('secrets', name, HELM_RELEASE)),
    ]);
    const created = (pods ?? [])
      .map((pod) => Date.parse(pod.creationTimestamp ?? ''))
      .filter((at) => !Number.isNaN(at));
    return {
      name,
      exists: found,
      runningPods: pods?.length ?? null,
      newestPodAge: created.length > 0 ? Math.max(0, now - Math.max(...created)) : undefined,
      pvcs,
      workloads: { deployments, statefulsets, daemonsets },
      releases: releases === null ? null : new Set(releases.map((secret) => secret.labels?.['name'])).size,
    };
  };

  const releaseFacts = async (name: string): Promise<ReleaseFacts> => {
    const [versions, ...managed] = await Promise.all([
      list('secrets', namespace, `${HELM_RELEASE},name=${name}`),
      ...CHART_KINDS.map((resource) => orForbidden(list(resource, namespace, 'app.kubernetes.io/managed-by=Helm'))),
    ]);
    const latest = versions.sort((a, b) => Number(b.labels?.['version'] ?? 0) - Number(a.labels?.['version'] ?? 0))[0];
    const resources: Record<string, number> = {};
    managed.forEach((objects, i) => {
      const mine = (objects ?? []).filter(
        (object) =>
          object.annotations?.['meta.helm.sh/release-name'] === name &&
          (object.annotations?.['meta.helm.sh/release-namespace'] ?? namespace) === namespace,
      );
      if (mine.length > 0) resources[CHART_KINDS[i]!] = mine.length;
    });
    return {
      name,
      status: latest?.labels?.['status'] ?? (latest ? 'unknown' : undefined),
      revision: latest?.labels?.['version'],
      resources: managed.every((objects) => objects === null) ? null : resources,
    };
  };

  const nodeFacts = async (name: string): Promise<NodeFacts> => {
    const [found, pods] = await Promise.all([
      exists(connection, objectPath(type('nodes'), undefined, name), deadline),
      orForbidden(list('pods', undefined, undefined, `spec.nodeName=${name}`)),
    ]);
    const stays = (pod: Metadata): boolean => (pod.ownerReferences ?? []).some((owner) => owner.kind === 'DaemonSet');
    return {
      name,
      exists: found,
      pods: pods?.length ?? null,
      daemonSetPods: (pods ?? []).filter(stays).length,
      namespaces: new Set((pods ?? []).map((pod) => pod.namespace)).size,
    };
  };

  const place = (item: ObjectRef): string | undefined =>
    type(item.resource).namespaced ? (item.namespace ?? namespace) : undefined;
  const objectFacts = async (item: ObjectRef): Promise<ObjectFacts> => {
    const ns = place(item);
    return {
      resource: item.resource,
      name: item.name,
      namespace: ns,
      exists: await exists(connection, objectPath(type(item.resource), ns, item.name), deadline),
    };
  };
  const scaleFacts = async (item: ObjectRef) => {
    const ns = place(item);
    const ready = await readyReplicas(connection, objectPath(type(item.resource), ns, item.name), deadline);
    return { resource: item.resource, name: item.name, namespace: ns, exists: ready.exists, ready: ready.ready };
  };

  switch (query.kind) {
    case 'scale': {
      const { replicas, unknown, more } = query;
      return Promise.all(query.items.map(scaleFacts)).then((objects) => ({
        kind: 'scale',
        replicas,
        objects,
        unknown,
        more,
      }));
    }
    case 'prune':
      return pruneFacts(query, list, place, namespace);
    case 'namespaces':
      return Promise.all(query.names.map(namespaceFacts)).then((namespaces) => ({ kind: 'namespaces', namespaces }));
    case 'releases':
      return Promise.all(query.names.map(releaseFacts)).then((releases) => ({ kind: 'releases', namespace, releases }));
    case 'drain':
      return Promise.all(query.nodes.map(nodeFacts)).then((nodes) => ({ kind: 'drain', nodes }));
    case 'selected': {
      const selector = [
        query.labelSelector && `-l ${query.labelSelector}`,
        query.fieldSelector && `--field-selector ${query.fieldSelector}`,
      ]
        .filter(Boolean)
        .join(' ');
      return count(list(query.resource, namespace, query.labelSelector, query.fieldSelector)).then((found) => ({
        kind: 'selected',
        namespace,
        resource: query.resource,
        selector: selector || '--all',
        count: found,
      }));
    }
    case 'objects': {
      const { verb, unknown, more, unseen } = query;
      return Promise.all(query.items.map(objectFacts)).then((objects) => ({
        kind: 'objects',
        verb,
        objects,
        unknown,
        more,
        unseen,
      }));
    }
  }
}

/**
 * What `apply --prune` would delete now: objects of the prune kinds in the namespaces the
 * manifests use that match the selector, carry kubectl's last-applied annotation, and are not in
 * the manifests. Listed only when the manifests could all be read and the lists are few.
 */
async function pruneFacts(
  query: Extract<BlastQuery, { kind: 'prune' }>,
  list: (resource: string, ns: string | undefined, labelSelector?: string) => Promise<Metadata[]>,
  place: (item: ObjectRef) => string | undefined,
  namespace: string,
): Promise<PruneFacts> {
  const selector = query.labelSelector === undefined ? '--all' : `-l ${query.labelSelector}`;
  const namespaces = [...new Set(query.namespaces.map((ns) => ns ?? namespace))];
  const lists = query.resources.flatMap((resource): { resource: string; namespace: string | undefined }[] =>
    type(resource).namespaced
      ? namespaces.map((ns) => ({ resource, namespace: ns }))
      : [{ resource, namespace: undefined }],
  );
  const why =
    query.keep === undefined
      ? 'the manifests cannot all be seen'
      : lists.length > MAX_PRUNE_LISTS
        ? `it would take ${lists.length} lists`
        : undefined;
  if (why !== undefined || query.keep === undefined) return { kind: 'prune', selector, candidates: undefined, why };
  const key = (o: { resource: string; namespace: string | undefined; name: string }): string =>
    `${o.resource}/${o.namespace ?? ''}/${o.name}`;
  const kept = new Set(query.keep.map((item) => key({ ...item, namespace: place(item) })));
  const found = await Promise.all(
    lists.map(async ({ resource, namespace: ns }) => {
      const items = (await orForbidden(list(resource, ns, query.labelSelector))) ?? [];
      return items
        .filter((item) => item.annotations?.[LAST_APPLIED] !== undefined)
        .map((item) => ({ resource, name: item.name ?? '', namespace: ns, exists: true }));
    }),
  );
  return { kind: 'prune', selector, candidates: found.flat().filter((o) => !kept.has(key(o))), why: undefined };
}
