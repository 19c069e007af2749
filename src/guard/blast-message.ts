/**
 * The blast radius as rows of the guard's summary: counts and ages, one row per namespace, release
 * or node, names sanitized (they come from the cluster and the command line), or one row saying
 * why it is not known. Pure.
 */
import { sanitizeName } from '../render/index.js';
import type {
  BlastFacts,
  Count,
  NamespaceFacts,
  NodeFacts,
  ObjectFacts,
  PruneFacts,
  ReleaseFacts,
} from './blast-look.js';
import { resourceType } from './blast-resources.js';
import type { BlastResult } from './blast-worker.js';
import { maskUrl } from './secrets.js';

const name = (text: string | undefined): string => sanitizeName(text ?? '', 64);

function plural(count: Count, one: string, many = `${one}s`): string {
  return `${count ?? '?'} ${count === 1 ? one : many}`;
}

/** kubectl's AGE column, coarsened: 45s, 12m, 5h, 3d. */
export function age(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

const row = (label: string, text: string): string => `  ${label.padEnd(11)}${text}`;
const forbidden = (counts: Count[]): string => (counts.includes(null) ? ' (? = not allowed to list)' : '');

function namespaceRow(ns: NamespaceFacts): string {
  if (ns.exists === false) return row('deletes', `namespace ${name(ns.name)}, which does not exist`);
  const newest = ns.newestPodAge === undefined ? '' : ` (newest ${age(ns.newestPodAge)} old)`;
  const { deployments, statefulsets, daemonsets } = ns.workloads;
  const counts = [ns.runningPods, ns.pvcs, deployments, statefulsets, daemonsets, ns.releases];
  const parts = [
    `${plural(ns.runningPods, 'running pod')}${newest}`,
    plural(ns.pvcs, 'PVC'),
    plural(deployments, 'deployment'),
    plural(statefulsets, 'statefulset'),
    plural(daemonsets, 'daemonset'),
    plural(ns.releases, 'helm release'),
  ];
  return row('deletes', `namespace ${name(ns.name)} holding ${parts.join(', ')}${forbidden(counts)}`);
}

function releaseRow(release: ReleaseFacts, namespace: string): string {
  if (release.status === undefined)
    return row('uninstalls', `release ${name(release.name)}: no such release in namespace ${name(namespace)}`);
  const kinds = Object.entries(release.resources ?? {});
  const total = kinds.reduce((sum, [, n]) => sum + n, 0);
  const made =
    release.resources === null
      ? 'its objects could not be listed'
      : `${plural(total, 'object')} labelled for it${kinds.length > 0 ? ` (${kinds.map(([kind, n]) => plural(n, resourceType(kind)?.singular ?? kind, kind)).join(', ')})` : ''}`;
  return row(
    'uninstalls',
    `release ${name(release.name)} (${name(release.status)}, revision ${name(release.revision ?? '?')}): ${made}`,
  );
}

function nodeRow(node: NodeFacts): string {
  if (node.exists === false) return row('drains', `node ${name(node.name)}, which does not exist`);
  const stay = node.daemonSetPods > 0 ? `; ${plural(node.daemonSetPods, 'DaemonSet pod')} stay` : '';
  const evicted = node.pods === null ? null : node.pods - node.daemonSetPods;
  return row(
    'drains',
    `node ${name(node.name)}: evicts ${plural(evicted, 'pod')} from ${plural(node.namespaces, 'namespace')}${stay}${forbidden([node.pods])}`,
  );
}

/** Names shown in one row at most; the rest are counted. */
const ROW_NAMES = 8;

const objectName = (o: ObjectFacts): string => `${name(o.resource)}/${name(o.name)}`;
const state = (found: boolean | null): string =>
  found === null ? 'not allowed to look' : found ? 'exists' : 'not found';
const notLookedUp = (unknown: string[], more: number): string[] => [
  ...unknown.map((kind) => `${name(kind)} (not looked up)`),
  ...(more > 0 ? [`${more} more not looked up`] : []),
];

function objectRows(facts: Extract<BlastFacts, { kind: 'objects' }>): string[] {
  const label = facts.verb === 'replaces' ? 'recreates' : 'deletes';
  const objects = facts.objects.map((o) => `${objectName(o)} (${state(o.exists)})`);
  const parts = [...objects, ...notLookedUp(facts.unknown, facts.more)];
  const rows = parts.length > 0 ? [row(label, parts.join(', '))] : [];
  const unseen = facts.unseen.map((source) => name(source)).join(', ');
  return unseen ? [...rows, row('blast', `not seen: ${unseen} (the guard cannot read it)`)] : rows;
}

function scaleRow(facts: Extract<BlastFacts, { kind: 'scale' }>): string {
  const objects = facts.objects.map((o) => {
    if (o.exists !== true || o.ready === undefined || o.ready === null) return `${objectName(o)} (${state(o.exists)})`;
    return `${objectName(o)} (${plural(o.ready, 'ready replica')} now)`;
  });
  const parts = [...objects, ...notLookedUp(facts.unknown, facts.more)];
  return row('scales', `to ${name(facts.replicas)}: ${parts.join(', ')}`);
}

function pruneRow(facts: PruneFacts): string {
  const unheld = `matching ${name(facts.selector)} that the manifests do not hold`;
  if (facts.candidates === undefined) return row('prunes', `may delete objects ${unheld} (not listed: ${facts.why})`);
  if (facts.candidates.length === 0) return row('prunes', `may delete objects ${unheld}: none today`);
  const names = facts.candidates.slice(0, ROW_NAMES).map(objectName);
  const rest = facts.candidates.length - names.length;
  const more = rest > 0 ? `, and ${rest} more` : '';
  return row('prunes', `may delete ${plural(facts.candidates.length, 'object')} ${unheld}: ${names.join(', ')}${more}`);
}

const FAILURES: Record<string, string> = {
  login: 'needs interactive login',
  timeout: 'the cluster did not answer in time',
  unreachable: 'the cluster cannot be reached',
  denied: 'the cluster refused your credentials',
  failed: 'could not ask the cluster',
};

/** Rows for the summary; `budgetMs` is named when the answer was too late. */
export function blastRows(result: BlastResult & { ms: number }, budgetMs: number): string[] {
  if (!result.ok) {
    const detail = sanitizeName(maskUrl(result.detail), 200);
    const where = result.server ? ` (${sanitizeName(maskUrl(result.server), 120)})` : '';
    const within = result.why === 'timeout' ? ` within ${budgetMs / 1000} s` : '';
    return [row('blast', `unknown: ${FAILURES[result.why]}${within}${where}: ${detail}; asking anyway`)];
  }
  const { facts } = result;
  switch (facts.kind) {
    case 'namespaces':
      return facts.namespaces.map(namespaceRow);
    case 'releases':
      return facts.releases.map((release) => releaseRow(release, facts.namespace));
    case 'drain':
      return facts.nodes.map(nodeRow);
    case 'selected':
      return [
        row(
          'deletes',
          `${plural(facts.count, 'object')} of ${name(facts.resource)} in namespace ${name(facts.namespace)} (${name(facts.selector)})${forbidden([facts.count])}`,
        ),
      ];
    case 'objects':
      return objectRows(facts);
    case 'scale':
      return [scaleRow(facts)];
    case 'prune':
      return [pruneRow(facts)];
  }
}
