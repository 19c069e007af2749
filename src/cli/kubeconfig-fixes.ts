/** The fix to suggest for a kubeconfig problem: shared by `status` (on stderr) and `doctor`. */
import { listContexts, type KubeconfigError, type LoadedFile } from '../kubeconfig/index.js';

/** A fix for one broken file. */
export function fixForFile(error: KubeconfigError, path: string): string {
  if (error.code === 'too-large') return `leave '${path}' out of KUBECONFIG`;
  if (error.code === 'unreadable') {
    if (error.message.includes('permission denied')) return `chmod 600 '${path}'`;
    // A pipe or descriptor (KUBECONFIG=<(vault …)) is read by kubectl once, but kctx-guard reads on every change.
    if (error.message.includes('not a regular file') || error.message.includes('different file in every process'))
      return `write the kubeconfig to a private regular file (umask 077; … > ~/.kube/tmp-config) and point KUBECONFIG there instead of '${path}'`;
    return `remove or replace '${path}', or leave it out of KUBECONFIG`;
  }
  return `repair '${path}' (kubectl config view --kubeconfig '${path}' shows kubectl's own complaint), or leave it out of KUBECONFIG`;
}

/** A fix for a kubeconfig problem, given the files as loaded and the context named (if any). */
export function fixForProblem(error: KubeconfigError, loaded: LoadedFile[], context: string | undefined): string {
  if (error.file !== undefined && ['too-large', 'unreadable', 'unparsable', 'duplicate-name'].includes(error.code))
    return fixForFile(error, error.file);
  if (!loaded.some((file) => file.status !== 'missing')) {
    const where = loaded[0]?.path ?? '~/.kube/config';
    return `create ${where} (your cloud's get-credentials command, or: kind create cluster), or set KUBECONFIG to your kubeconfig file`;
  }
  const names = listContexts(loaded).contexts.map((entry) => entry.name);
  switch (error.code) {
    case 'no-current-context':
    case 'missing-context':
      if (names.length === 0)
        return 'add a context (kubectl config set-context NAME --cluster=CLUSTER --user=USER) and select it (kubectl config use-context NAME)';
      return `kubectl config use-context ${names[0]}${names.length > 1 ? `   (contexts: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})` : ''}`;
    case 'missing-cluster':
      return `define the cluster (kubectl config set-cluster NAME --server=URL) or point the context at an existing one (kubectl config set-context ${context ?? 'CONTEXT'} --cluster=NAME)`;
    case 'missing-overlay':
      return `pin this shell again: kctx-guard use ${context ?? '<context>'}   (or follow your files: kctx-guard use --global <context>)`;
    case 'missing-user':
      return `define the user (kubectl config set-credentials NAME …) or point the context at an existing one (kubectl config set-context ${context ?? 'CONTEXT'} --user=NAME)`;
    default:
      return error.file ? fixForFile(error, error.file) : 'run kctx-guard doctor for a full check';
  }
}
