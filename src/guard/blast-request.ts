/**
 * What the blast radius of a destructive command line is made of: the namespaces a
 * `kubectl delete ns` removes, the objects a `kubectl delete` names or selects, the releases a
 * `helm uninstall` removes, the nodes a `kubectl drain` empties. Undefined for commands it cannot
 * describe (`-f`, `--all` namespaces, other verbs); a `skip` when looking would use other
 * credentials or another server than the user's kubeconfig. Pure.
 */
import { type CommandLine, flagOn, flagValues } from './argv.js';
import { namespaceDeletion } from './namespaces.js';
import { resourceType } from './blast-resources.js';

/** How many names one command may make us look up: the budget is for one short round. */
export const MAX_LOOKUPS = 8;

export type BlastQuery =
  | { kind: 'namespaces'; names: string[] }
  | { kind: 'objects'; items: { resource: string; name: string }[]; unknown: string[] }
  | { kind: 'selected'; resource: string; labelSelector: string | undefined; fieldSelector: string | undefined }
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

export function blastPlan(line: CommandLine): BlastPlan {
  const query = line.tool === 'helm' ? helmQuery(line) : kubectlQuery(line);
  if (query === undefined) return undefined;
  const own = OWN_CONNECTION.filter((flag) => line.flags.has(flag)).map((flag) => `--${flag}`);
  own.push(...line.target.fromEnv.filter((name) => name === 'HELM_KUBEAPISERVER' || name === 'HELM_KUBETOKEN'));
  if (own.length > 0) return { skip: `it sets its own server or credentials (${own.join(', ')})` };
  return { query };
}

function helmQuery(line: CommandLine): BlastQuery | undefined {
  if (line.path[0] !== 'uninstall') return undefined;
  const names = line.words.slice(line.path.length).slice(0, MAX_LOOKUPS);
  return names.length > 0 ? { kind: 'releases', names } : undefined;
}

function kubectlQuery(line: CommandLine): BlastQuery | undefined {
  const args = [...line.words.slice(line.path.length), ...line.afterDash];
  if (line.path[0] === 'drain')
    return args.length > 0 ? { kind: 'drain', nodes: args.slice(0, MAX_LOOKUPS) } : undefined;
  if (line.path[0] !== 'delete' || flagValues(line, 'filename').length > 0 || line.flags.has('kustomize'))
    return undefined;
  const deletion = namespaceDeletion(line);
  if (deletion.selectedBy !== undefined) return undefined;
  if (deletion.names.length > 0 && deletion.names.length === namedObjects(args).length)
    return { kind: 'namespaces', names: deletion.names.slice(0, MAX_LOOKUPS) };
  const [first] = args;
  if (first === undefined) return undefined;
  const labelSelector = flagValues(line, 'selector')[0];
  const fieldSelector = flagValues(line, 'field-selector')[0];
  if (!first.includes('/') && args.length === 1 && !first.includes(',')) {
    const type = resourceType(first);
    if (type === undefined || (labelSelector === undefined && fieldSelector === undefined && !flagOn(line, 'all')))
      return undefined;
    return { kind: 'selected', resource: type.plural, labelSelector, fieldSelector };
  }
  const items: { resource: string; name: string }[] = [];
  const unknown: string[] = [];
  for (const { kind, name } of namedObjects(args)) {
    const type = resourceType(kind);
    if (type === undefined) unknown.push(kind);
    else items.push({ resource: type.plural, name });
  }
  return { kind: 'objects', items: items.slice(0, MAX_LOOKUPS), unknown: [...new Set(unknown)] };
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
