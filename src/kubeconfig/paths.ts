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

/**
 * Tidies an absolute path without changing what the OS opens: drops `//` and inner `.` segments,
 * but keeps `..` (`nosuchdir/../x` must stay missing) and a trailing `/` or `/.` (`file/` fails).
 */
function tidy(path: string): string {
  const parts = path.split('/');
  const kept = parts.filter((part, index) => part !== '' && (part !== '.' || index === parts.length - 1));
  return `/${kept.join('/')}${path.endsWith('/') && kept.length > 0 ? '/' : ''}`;
}

/**
 * Absolute paths for the entries, opened exactly as kubectl opens them: relative ones from
 * `cwd`, and never normalised lexically, since kubectl passes them to the OS as written.
 */
export function kubeconfigFiles(kubeconfig: string | undefined, home: string, cwd: string): string[] {
  return kubeconfigEntries(kubeconfig, home).map((entry) =>
    tidy(isAbsolute(entry) ? entry : `${resolve(cwd)}/${entry}`),
  );
}
