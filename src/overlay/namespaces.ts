/**
 * The namespaces a context's cluster has, asked of the cluster by the real kubectl (one request,
 * `GET /api/v1/namespaces`, with the user's own credentials), so `ns` can refuse a name that does not
 * exist. Undefined, with the reason, when the cluster cannot be asked: `ns` then pins and says so.
 */
import { spawnSync } from 'node:child_process';

export type NamespaceLookup = { names: string[] } | { problem: string };

export function clusterNamespaces(context: string, kubeconfig: string, env: NodeJS.ProcessEnv): NamespaceLookup {
  const result = spawnSync(
    'kubectl',
    ['--context', context, 'get', '--raw', '/api/v1/namespaces', '--request-timeout=3s'],
    { env: { ...env, KUBECONFIG: kubeconfig }, encoding: 'utf8', timeout: 10_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) return { problem: `cannot run kubectl: ${result.error.message}` };
  if (result.status !== 0) {
    const reason = result.stderr.trim().split('\n').at(-1) ?? `kubectl exited with ${result.status}`;
    return { problem: reason.replace(/^error: /, '') };
  }
  try {
    const list = JSON.parse(result.stdout) as { items?: { metadata?: { name?: unknown } }[] };
    const names = (list.items ?? [])
      .map((item) => item.metadata?.name)
      .filter((name): name is string => typeof name === 'string');
    return { names };
  } catch {
    return { problem: 'the cluster did not answer with a namespace list' };
  }
}
