/**
 * kubectl's merge of several kubeconfig files, reduced to the one target it would use:
 * first non-empty current-context wins, each context/cluster/user is taken whole from the
 * first file defining it, namespace defaults to `default`. Pure.
 */
import { KubeconfigError } from './errors.js';
import type { ClusterDefinition, KubeconfigFile, LoadedFile, Target } from './types.js';

export type Resolution =
  | { ok: true; target: Target; files: string[] }
  | { ok: false; error: KubeconfigError; files: string[]; context: string | undefined };

function firstDefinition<T>(
  files: { path: string; config: KubeconfigFile }[],
  pick: (config: KubeconfigFile) => T | undefined,
): { value: T; path: string } | undefined {
  for (const file of files) {
    const value = pick(file.config);
    if (value !== undefined) return { value, path: file.path };
  }
  return undefined;
}

/**
 * Resolves the target for files listed in KUBECONFIG order. Never throws: every problem
 * (a broken file, no current-context, a dangling reference) comes back as `ok: false`.
 */
/** Command-line overrides, as kubectl's --context, --cluster, --user and --namespace apply them. */
export interface TargetOverrides {
  context?: string | undefined;
  cluster?: string | undefined;
  user?: string | undefined;
  namespace?: string | undefined;
}

export function resolveTarget(loaded: LoadedFile[], overrides: TargetOverrides = {}): Resolution {
  const files = loaded.map((file) => file.path);
  const parsed: { path: string; config: KubeconfigFile }[] = [];
  let context: string | undefined;
  for (const file of loaded) {
    if (file.status === 'ok') {
      parsed.push({ path: file.path, config: file.config });
      context ??= file.config.currentContext || undefined;
    }
  }
  if (overrides.context) context = overrides.context;
  const broken = loaded.find((file) => file.status === 'error');
  if (broken && broken.status === 'error') return { ok: false, error: broken.error, files, context };
  const fail = (code: KubeconfigError['code'], message: string, file?: string): Resolution => ({
    ok: false,
    error: new KubeconfigError(code, message, file),
    files,
    context,
  });

  if (context === undefined) {
    const where = parsed.length === 0 ? 'no kubeconfig file exists' : 'no file sets current-context';
    return fail('no-current-context', `current-context is not set (${where})`);
  }
  const definition = firstDefinition(parsed, (config) => config.contexts.get(context));
  if (!definition) {
    const what = overrides.context ? `--context "${context}"` : `current-context "${context}"`;
    return fail('missing-context', `${what} names a context that no file defines`);
  }
  const cluster = overrides.cluster || definition.value.cluster;
  const user = overrides.user || definition.value.user;
  const namespace = overrides.namespace || definition.value.namespace;
  let server = '';
  let clusterDefinition: ClusterDefinition | undefined;
  if (cluster !== '') {
    const found = firstDefinition(parsed, (config) => config.clusters.get(cluster));
    if (!found)
      return fail(
        'missing-cluster',
        `context "${context}" names cluster "${cluster}", which no file defines`,
        definition.path,
      );
    server = found.value.server;
    clusterDefinition = found.value;
  }
  if (user !== '' && !firstDefinition(parsed, (config) => (config.users.has(user) ? true : undefined))) {
    return fail('missing-user', `context "${context}" names user "${user}", which no file defines`, definition.path);
  }
  return {
    ok: true,
    files,
    target: {
      context,
      cluster,
      user,
      server,
      namespace: namespace || 'default',
      source: definition.path,
      clusterDefinition,
      contextDeclared: definition.value.declared,
    },
  };
}
