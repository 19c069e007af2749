/**
 * Reads a kubectl or helm command line the way those tools parse it: where the verb is, which
 * flags move the target (context, kubeconfig, cluster, user, namespace) and which objects are
 * named. Global flags may come before or after the verb. Pure.
 */

export type Tool = 'kubectl' | 'helm';

export interface TargetFlags {
  context: string | undefined;
  kubeconfig: string | undefined;
  cluster: string | undefined;
  user: string | undefined;
  namespace: string | undefined;
  server: string | undefined;
  allNamespaces: boolean;
}

export interface CommandLine {
  tool: Tool;
  /** Positional words: the verb, sub-verbs and the objects named, in order. */
  words: string[];
  /** Every flag seen, by long name without dashes (short names mapped), last value wins; `true` for booleans. */
  flags: Map<string, string | true>;
  target: TargetFlags;
}

// Flags whose value may be the next word. A flag not listed is read as a boolean, like pflag does
// for `--flag` without `=`; listing a value flag here matters only for finding positional words.
const KUBECTL_VALUE_FLAGS = new Set([
  'context',
  'kubeconfig',
  'cluster',
  'user',
  'namespace',
  'server',
  'token',
  'as',
  'as-group',
  'as-uid',
  'request-timeout',
  'v',
  'cache-dir',
  'certificate-authority',
  'client-certificate',
  'client-key',
  'tls-server-name',
  'password',
  'username',
  'profile',
  'profile-output',
  'log-file',
  'vmodule',
  'filename',
  'selector',
  'output',
  'container',
  'field-selector',
  'label-columns',
  'grace-period',
  'timeout',
  'replicas',
  'current-replicas',
  'resource-version',
  'kustomize',
  'prune-allowlist',
  'type',
  'patch',
  'from-file',
  'from-literal',
  'image',
  'port',
  'sort-by',
  'template',
  'subresource',
  'field-manager',
  'for',
  'raw',
  'since',
  'tail',
  'pod-running-timeout',
  'min',
  'max',
  'cpu-percent',
  'chunk-size',
  'delete-emptydir-data-timeout',
  'skip-wait-for-delete-timeout',
  'pod-selector',
  'local-port',
]);
const KUBECTL_SHORT: Record<string, string> = {
  n: 'namespace',
  s: 'server',
  f: 'filename',
  l: 'selector',
  o: 'output',
  c: 'container',
  L: 'label-columns',
  k: 'kustomize',
  p: 'patch',
  A: 'all-namespaces',
  v: 'v',
  i: 'stdin',
  t: 'tty',
  R: 'recursive',
  w: 'watch',
};
const HELM_VALUE_FLAGS = new Set([
  'kube-context',
  'kubeconfig',
  'namespace',
  'kube-apiserver',
  'kube-token',
  'kube-as-user',
  'kube-as-group',
  'kube-ca-file',
  'kube-tls-server-name',
  'registry-config',
  'repository-config',
  'repository-cache',
  'burst-limit',
  'qps',
  'timeout',
  'values',
  'set',
  'set-string',
  'set-file',
  'set-json',
  'version',
  'output',
  'description',
  'post-renderer',
  'post-renderer-args',
  'history-max',
  'max',
  'cascade',
  'repo',
  'username',
  'password',
]);
const HELM_SHORT: Record<string, string> = { n: 'namespace', f: 'values', o: 'output', A: 'all-namespaces' };

function flagInfo(tool: Tool): { values: Set<string>; short: Record<string, string> } {
  return tool === 'kubectl'
    ? { values: KUBECTL_VALUE_FLAGS, short: KUBECTL_SHORT }
    : { values: HELM_VALUE_FLAGS, short: HELM_SHORT };
}

/** Parses argv (without the program name). Never throws. */
export function parseCommandLine(tool: Tool, argv: string[]): CommandLine {
  const { values, short } = flagInfo(tool);
  const words: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // What follows `--` belongs to the command kubectl runs (exec, run), not to kubectl.
    if (arg === '--') break;
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      if (eq !== -1) flags.set(name, arg.slice(eq + 1));
      else if (values.has(name) && i + 1 < argv.length) flags.set(name, argv[++i]!);
      else flags.set(name, true);
    } else if (arg.startsWith('-') && arg.length > 1) {
      const letter = arg[1]!;
      const name = short[letter] ?? letter;
      const rest = arg.slice(2);
      if (values.has(name)) {
        if (rest !== '') flags.set(name, rest.startsWith('=') ? rest.slice(1) : rest);
        else if (i + 1 < argv.length) flags.set(name, argv[++i]!);
        else flags.set(name, true);
      } else {
        // Bundled booleans such as -it.
        for (const ch of arg.slice(1)) flags.set(short[ch] ?? ch, true);
      }
    } else {
      words.push(arg);
    }
  }
  const text = (name: string): string | undefined => {
    const value = flags.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const target: TargetFlags =
    tool === 'kubectl'
      ? {
          context: text('context'),
          kubeconfig: text('kubeconfig'),
          cluster: text('cluster'),
          user: text('user'),
          namespace: text('namespace'),
          server: text('server'),
          allNamespaces: flags.has('all-namespaces'),
        }
      : {
          context: text('kube-context'),
          kubeconfig: text('kubeconfig'),
          cluster: undefined,
          user: undefined,
          namespace: text('namespace'),
          server: text('kube-apiserver'),
          allNamespaces: flags.has('all-namespaces'),
        };
  return { tool, words, flags, target };
}

const NAMESPACE_KINDS = new Set(['namespace', 'namespaces', 'ns']);

/** Namespaces a `kubectl delete` removes: `delete ns a b`, `delete namespace/a`, `delete ns,pod a`. */
export function deletedNamespaces(line: CommandLine): string[] {
  if (line.tool !== 'kubectl' || line.words[0] !== 'delete') return [];
  const [, kind, ...names] = line.words;
  if (kind === undefined) return [];
  const out: string[] = [];
  if (kind.split(',').some((k) => NAMESPACE_KINDS.has(k.split('.')[0]!)))
    out.push(...names.filter((name) => !name.includes('/')));
  for (const word of line.words.slice(1)) {
    const [k, name] = word.split('/');
    if (name !== undefined && NAMESPACE_KINDS.has(k!.split('.')[0]!)) out.push(name);
  }
  return out;
}
