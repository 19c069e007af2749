/** Which files kubectl reads for a given KUBECONFIG value, in kubectl's order. Pure. */
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Splits KUBECONFIG like client-go: on `:`, empty entries skipped, a repeated entry kept once
 * (the first), unset or empty → `~/.kube/config`. Entries are returned as written.
 */
export function kubeconfigEntries(kubeconfig: string | undefined, home: string): string[] {
  if (kubeconfig === undefined || kubeconfig === '') return [join(home, '.kube', 'config')];
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const entry of kubeconfig.split(':')) {
    if (entry === '' || seen.has(entry)) continue;
    seen.add(entry);
    entries.push(entry);
  }
  return entries;
}

/** True when some entry is relative, so the result depends on the working directory. */
export function dependsOnDirectory(kubeconfig: string | undefined): boolean {
  if (kubeconfig === undefined || kubeconfig === '') return false;
  return kubeconfig.split(':').some((entry) => entry !== '' && !isAbsolute(entry));
}

/** Absolute paths for the entries, relative ones taken from `cwd` as kubectl does. */
export function kubeconfigFiles(kubeconfig: string | undefined, home: string, cwd: string): string[] {
  return kubeconfigEntries(kubeconfig, home).map((entry) => resolve(cwd, entry));
}
