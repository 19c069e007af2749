/** Doctor checks of the kubeconfig files kubectl would read here: one line per file, then whether a target resolves. Read-only. */
import { homeDir, type Env } from '../locations.js';
import { kubeconfigFiles, listContexts, resolveTarget, type KubeconfigError, type LoadedFile } from '../kubeconfig/index.js';
import { loadKubeconfigFiles } from '../pipeline/index.js';
import type { Check } from './doctor.js';

function fixFor(error: KubeconfigError, path: string): string {
  if (error.code === 'too-large') return `leave '${path}' out of KUBECONFIG`;
  if (error.code === 'unreadable') {
    if (error.message.includes('permission denied')) return `chmod 600 '${path}'`;
    return `remove or replace '${path}', or leave it out of KUBECONFIG`;
  }
  return `repair '${path}' (kubectl config view --kubeconfig '${path}' shows kubectl's own complaint), or leave it out of KUBECONFIG`;
}

function fileCheck(file: LoadedFile, anyExists: boolean): Check {
  const name = 'kubeconfig';
  if (file.status === 'ok') {
    const count = file.config.contexts.size;
    return { name, status: 'ok', detail: `${file.path}: readable, ${count} context${count === 1 ? '' : 's'}`, fix: null };
  }
  if (file.status === 'error') return { name, status: 'fail', detail: `${file.path}: ${file.error.message}`, fix: fixFor(file.error, file.path) };
  if (anyExists) return { name, status: 'ok', detail: `${file.path}: absent, skipped as kubectl skips it`, fix: null };
  return {
    name,
    status: 'fail',
    detail: `${file.path}: absent, and no other kubeconfig file exists`,
    fix: `create ${file.path} (your cloud's get-credentials command, or: kind create cluster), or set KUBECONFIG to your kubeconfig file`,
  };
}

function targetCheck(loaded: LoadedFile[]): Check | undefined {
  if (loaded.some((file) => file.status === 'error') || !loaded.some((file) => file.status === 'ok')) return undefined;
  const resolution = resolveTarget(loaded);
  if (resolution.ok) {
    const { context, cluster, namespace } = resolution.target;
    return { name: 'current context', status: 'ok', detail: `${context} (cluster ${cluster}, namespace ${namespace})`, fix: null };
  }
  const names = listContexts(loaded).contexts.map((context) => context.name);
  const useContext = `kubectl config use-context ${names[0] ?? 'NAME'}${names.length > 1 ? `   (contexts: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})` : ''}`;
  const { code } = resolution.error;
  const fix =
    code === 'no-current-context' || code === 'missing-context'
      ? useContext
      : code === 'missing-cluster'
        ? `define the cluster (kubectl config set-cluster NAME --server=URL) or point the context at an existing one (kubectl config set-context ${resolution.context ?? 'CONTEXT'} --cluster=NAME)`
        : `define the user (kubectl config set-credentials NAME …) or point the context at an existing one (kubectl config set-context ${resolution.context ?? 'CONTEXT'} --user=NAME)`;
  return { name: 'current context', status: 'fail', detail: resolution.error.message, fix: names.length === 0 && code === 'no-current-context' ? 'add a context (kubectl config set-context NAME --cluster=CLUSTER --user=USER) and select it (kubectl config use-context NAME)' : fix };
}

export function checkKubeconfig(env: Env, cwd: string): Check[] {
  const loaded = loadKubeconfigFiles(kubeconfigFiles(env['KUBECONFIG'] || undefined, homeDir(env), cwd));
  const anyExists = loaded.some((file) => file.status !== 'missing');
  const checks = loaded.map((file) => fileCheck(file, anyExists));
  const target = targetCheck(loaded);
  return target ? [...checks, target] : checks;
}
