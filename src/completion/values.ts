/**
 * The values completion asks for at completion time (`kctx-guard __complete contexts|namespaces`):
 * the contexts of this shell's kubeconfig files, and the namespaces they name. Read from the files
 * only, never from a cluster, so a completion never waits on the network. Never throws.
 */
import { kubeconfigFiles, listContexts } from '../kubeconfig/index.js';
import { homeDir, type Env } from '../locations.js';
import { loadKubeconfigFiles } from '../pipeline/index.js';

/** Values the shells may offer without quoting; anything else is left out. */
const WORD = /^[A-Za-z0-9][A-Za-z0-9._+@,=/:-]*$/;

export function completionValues(list: string | undefined, env: Env, cwd: string): string {
  try {
    const { contexts } = listContexts(loadKubeconfigFiles(kubeconfigFiles(env['KUBECONFIG'], homeDir(env), cwd)));
    const values =
      list === 'contexts' ? contexts.map((context) => context.name) : contexts.map((context) => context.namespace);
    return [...new Set(values)]
      .filter((value) => WORD.test(value))
      .map((value) => `${value}\n`)
      .join('');
  } catch {
    return '';
  }
}
