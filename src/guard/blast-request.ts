/**
 * What the blast radius of a destructive command line is made of: the namespaces a
 * `kubectl delete ns` removes, the objects a `kubectl delete` names, selects or reads from `-f`
 * files, the objects `replace --force` deletes and recreates, the workloads `scale` stops, what
 * `apply --prune` may delete, the releases a `helm uninstall` removes, the nodes a `kubectl drain`
 * empties. Undefined for commands it cannot describe (`--all` namespaces, other verbs); a `skip`
 * when looking would use other credentials or another server than the user's kubeconfig, or when
 * the objects cannot be seen (`-k`, `-f -`). Pure.
 */
import { type CommandLine, flagOn, flagValues } from './argv.js';
import type { Manifests } from './decide.js';
import { goInteger } from './go-int.js';
import { namespaceDeletion } from './namespaces.js';
import { allowlistType, DEFAULT_PRUNE, manifestType, resourceType, SCALABLE } from './blast-resources.js';

/** How many names one command may make us look up: the budget is for one short round. */
export const MAX_LOOKUPS = 8;
/** How many lists `apply --prune` may cost (kinds × namespaces) before it is described, not listed. */
export const MAX_PRUNE_LISTS = 40;

/** An object to look up; `namespace` only when a manifest names one (else the command's). */
export interface ObjectRef {
  resource: string;
  name: string;
  namespace?: string | undefined;
}

/** Named objects: looked up (`items`), of kinds the guard does not know (`unknown`), past the cap (`more`). */
export interface Named {
  items: ObjectRef[];
  unknown: string[];
  more: number;
}

export type BlastQuery =
  | { kind: 'namespaces'; names: string[] }
  | ({ kind: 'objects'; verb: 'deletes' | 'replaces'; unseen: string[] } & Named)
  | { kind: 'selected'; resource: string; labelSelector: string | undefined; fieldSelector: string | undefined }
  | ({ kind: 'scale'; replicas: string } & Named)
  | {
      kind: 'prune';
      /** Undefined with `--all`. */
      labelSelector: string | undefined;
      resources: string[];
      /** null: the command's namespace. */
      namespaces: (string | null)[];
      /** What the manifests hold (never pruned); undefined when they cannot all be seen. */
      keep: ObjectRef[] | undefined;
    }
  | { kind: 'releases'; names: string[] }
  | { kind: 'drain'; nodes: string[] };

export type BlastPlan = { query: BlastQuery } | { skip: string } | undefined;

/** Flags that make the command talk to a server, or as someone, the kubeconfig does not say. */
const OWN_CONNECTION = [
  'server',
  'token',
  'username',
  'password',
  'client-certificate',
  'client-key',
  'certificate-authority',
  'insecure-skip-tls-verify',
  'tls-server-name',
  'kube-apiserver',
  'kube-token',
  'kube-ca-file',
  'kube-insecure-skip-tls-verify',
  'kube-tls-server-name',
];

/** Verbs the blast radius may describe: the guard starts its look early for these (run.ts). */
export function mayLook(line: CommandLine): boolean {
  const verb = line.path[0];
  if (line.tool === 'helm') return verb === 'uninstall';
  return verb === 'delete' || verb === 'drain' || verb === 'scale' || verb === 'replace' || verb === 'apply';
}

/** `manifests`: what the `-f` files hold (manifests.ts), for the verbs that read them. */
export function blastPlan(line: CommandLine, manifests?: Manifests): BlastPlan {
  const plan = line.tool === 'helm' ? helmQuery(line) : kubectlQuery(line, manifests);
  if (plan === undefined || 'skip' in plan) return plan;
  const own = OWN_CONNECTION.filter((flag) => line.flags.has(flag)).map((flag) => `--${flag}`);
  own.push(...line.target.fromEnv.filter((name) => name === 'HELM_KUBEAPISERVER' || name === 'HELM_KUBETOKEN'));
  if (own.length > 0) return { skip: `it sets its own server or credentials (${own.join(', ')})` };
  return plan;
}

function helmQuery(line: CommandLine): BlastPlan {
  if (line.path[0] !== 'uninstall') return undefined;
  const names = line.words.slice(line.path.length).slice(0, MAX_LOOKUPS);
  return names.length > 0 ? { query: { kind: 'releases', names } } : undefined;
}

function kubectlQuery(line: CommandLine, manifests: Manifests | undefined): BlastPlan {
  const args = [...line.words.slice(line.path.length), ...line.afterDash];
  const fromFiles = flagValues(line, 'filename').length > 0 || line.flags.has('kustomize');
  switch (line.path[0]) {
    case 'drain':
      return args.length > 0 ? { query: { kind: 'drain', nodes: args.slice(0, MAX_LOOKUPS) } } : undefined;
    case 'delete':
      return fromFiles ? fileObjects('deletes', manifests) : deleteQuery(line, args);
    case 'replace':
      return flagOn(line, 'force') && fromFiles ? fileObjects('replaces', manifests) : undefined;
    case 'scale':
      return scaleQuery(line, args, fromFiles ? manifests : undefined);
    case 'apply':
      return flagOn(line, 'prune') ? pruneQuery(line, manifests) : undefined;
    default:
      return undefined;
  }
}

/** Unseen sources (`-k`, `-f -`, URLs) with nothing seen beside them: nothing to look up, say why. */
function unseenOnly(manifests: Manifests | undefined): BlastPlan | undefined {
  if (manifests === undefined || (manifests.objects ?? []).length > 0) return undefined;
  if (manifests.unseen.length === 0) return undefined;
  return { skip: `the guard cannot see what ${manifests.unseen.join(', ')} holds` };
}

function fileObjects(verb: 'deletes' | 'replaces', manifests: Manifests | undefined): BlastPlan {
  const skip = unseenOnly(manifests);
  if (skip !== undefined || manifests === undefined) return skip;
  const named = capped(typedManifests(manifests));
  return { query: { kind: 'objects', verb, ...named, unseen: manifests.unseen } };
}

/** What the `-f` files hold, each with its resource type (undefined: a kind the guard does not know). */
const typedManifests = (manifests: Manifests) =>
  (manifests.objects ?? []).map((o) => ({ type: manifestType(o.apiVersion, o.kind), ...o }));

/** The objects named on the command line, each with its resource type. */
const typedNames = (args: string[]) =>
  namedObjects(args).map(({ kind, name }) => ({ type: resourceType(kind), kind, name }));

function capped(
  objects: { type: { plural: string } | undefined; kind: string; name: string; namespace?: string | undefined }[],
  accepts: (resource: string) => boolean = () => true,
): Named {
  const items: ObjectRef[] = [];
  const unknown: string[] = [];
  for (const { type, kind, name, namespace } of objects) {
    if (type === undefined || !accepts(type.plural)) unknown.push(kind);
    else items.push({ resource: type.plural, name, ...(namespace !== undefined ? { namespace } : {}) });
  }
  return {
    items: items.slice(0, MAX_LOOKUPS),
    unknown: [...new Set(unknown)],
    more: Math.max(0, items.length - MAX_LOOKUPS),
  };
}

function deleteQuery(line: CommandLine, args: string[]): BlastPlan {
  const deletion = namespaceDeletion(line);
  if (deletion.selectedBy !== undefined) return undefined;
  if (deletion.names.length > 0 && deletion.names.length === namedObjects(args).length)
    return { query: { kind: 'namespaces', names: deletion.names.slice(0, MAX_LOOKUPS) } };
  const [first] = args;
  if (first === undefined) return undefined;
  const labelSelector = flagValues(line, 'selector')[0];
  const fieldSelector = flagValues(line, 'field-selector')[0];
  if (!first.includes('/') && args.length === 1 && !first.includes(',')) {
    const type = resourceType(first);
    if (type === undefined || (labelSelector === undefined && fieldSelector === undefined && !flagOn(line, 'all')))
      return undefined;
    return { query: { kind: 'selected', resource: type.plural, labelSelector, fieldSelector } };
  }
  const named = capped(typedNames(args));
  return { query: { kind: 'objects', verb: 'deletes', ...named, unseen: [] } };
}

function scaleQuery(line: CommandLine, args: string[], manifests: Manifests | undefined): BlastPlan {
  const replicas = flagValues(line, 'replicas')[0];
  if (replicas === undefined) return undefined;
  const shown = String(goInteger(replicas) ?? replicas);
  const skip = unseenOnly(manifests);
  if (skip !== undefined) return skip;
  const objects = manifests !== undefined ? typedManifests(manifests) : typedNames(args);
  if (objects.length === 0) return undefined;
  const named = capped(objects, (resource) => SCALABLE.includes(resource));
  return { query: { kind: 'scale', replicas: shown, ...named } };
}

function pruneQuery(line: CommandLine, manifests: Manifests | undefined): BlastPlan {
  if (line.flags.has('applyset'))
    return { skip: 'with --applyset, kubectl prunes what the ApplySet lists, which the guard does not read' };
  const labelSelector = flagValues(line, 'selector')[0];
  if (labelSelector === undefined && !flagOn(line, 'all')) return undefined;
  const allowlist = [...flagValues(line, 'prune-allowlist'), ...flagValues(line, 'prune-whitelist')];
  const resources =
    allowlist.length > 0 ? allowlist.flatMap((entry) => allowlistType(entry)?.plural ?? []) : DEFAULT_PRUNE;
  const objects = manifests?.objects ?? [];
  const namespaced = objects.filter((o) => manifestType(o.apiVersion, o.kind)?.namespaced !== false);
  const namespaces = [...new Set(namespaced.map((o) => o.namespace ?? null))];
  const known = objects.flatMap((o) => {
    const type = manifestType(o.apiVersion, o.kind);
    return type ? [{ resource: type.plural, name: o.name, namespace: o.namespace }] : [];
  });
  return {
    query: {
      kind: 'prune',
      labelSelector,
      resources,
      namespaces: namespaces.length > 0 ? namespaces : [null],
      keep: manifests === undefined || manifests.unseen.length > 0 ? undefined : known,
    },
  };
}

/** `kind a b`, `kind1,kind2 a`, `kind/a other/b`: kubectl's two forms, which cannot be mixed. */
function namedObjects(args: string[]): { kind: string; name: string }[] {
  const [first, ...rest] = args;
  if (first === undefined) return [];
  if (first.includes('/'))
    return args.flatMap((word) => {
      const slash = word.indexOf('/');
      return slash === -1 ? [] : [{ kind: word.slice(0, slash), name: word.slice(slash + 1) }];
    });
  return first.split(',').flatMap((kind) => rest.map((name) => ({ kind, name })));
}
