/** Doctor checks of the kubeconfig files kubectl would read here: one line per file, then whether a target resolves. Read-only. */
import { homeDir, type Env } from '../locations.js';
import { kubeconfigFiles, resolveTarget, type LoadedFile } from '../kubeconfig/index.js';
import { isOverlayPath } from '../overlay/paths.js';
import { loadKubeconfigFiles } from '../pipeline/index.js';
import type { Check } from './doctor.js';
import { fixForFile, fixForProblem } from './kubeconfig-fixes.js';

function fileCheck(file: LoadedFile, anyExists: boolean): Check {
  const name = 'kubeconfig';
  if (file.status === 'ok' && isOverlayPath(file.path))
    return {
      name,
      status: 'ok',
      detail: `${file.path}: this shell's overlay (kctx-guard use/ns), read-only: kubectl commands that write a kubeconfig fail on its .lock`,
      fix: null,
    };
  if (file.status === 'ok') {
    const count = file.config.contexts.size;
    return {
      name,
      status: 'ok',
      detail: `${file.path}: readable, ${count} context${count === 1 ? '' : 's'}`,
      fix: null,
    };
  }
  if (file.status === 'error')
    return {
      name,
      status: 'fail',
      detail: `${file.path}: ${file.error.message}`,
      fix: fixForFile(file.error, file.path),
    };
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
    return {
      name: 'current context',
      status: 'ok',
      detail: `${context} (cluster ${cluster}, namespace ${namespace})`,
      fix: null,
    };
  }
  return {
    name: 'current context',
    status: 'fail',
    detail: resolution.error.message,
    fix: fixForProblem(resolution.error, loaded, resolution.context),
  };
}

export function checkKubeconfig(env: Env, cwd: string): Check[] {
  const loaded = loadKubeconfigFiles(kubeconfigFiles(env['KUBECONFIG'] || undefined, homeDir(env), cwd));
  const anyExists = loaded.some((file) => file.status !== 'missing');
  const checks = loaded.map((file) => fileCheck(file, anyExists));
  const target = targetCheck(loaded);
  return target ? [...checks, target] : checks;
}
