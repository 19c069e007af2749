/** The bundled demo kubeconfig, used by `npm start` when the user has no kubeconfig at all. */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubeconfigFiles } from '../kubeconfig/index.js';
import { homeDir, stateDir, type Env } from '../locations.js';

export const DEMO_SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'demo', 'kubeconfig.yaml');

/** True when none of the files KUBECONFIG names (or ~/.kube/config) exists. */
export function hasNoKubeconfig(env: Env, cwd: string): boolean {
  return kubeconfigFiles(env['KUBECONFIG'], homeDir(env), cwd).every((file) => !existsSync(file));
}

/** Copies the demo to a writable place (kept across runs, so switches stick) and returns its path. */
export function prepareDemoKubeconfig(env: Env): string {
  const target = join(stateDir(env), 'demo', 'kubeconfig.yaml');
  if (!existsSync(target)) {
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    copyFileSync(DEMO_SOURCE, target);
  }
  return target;
}
