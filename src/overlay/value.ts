/**
 * The KUBECONFIG values of pinning and unpinning: an overlay is prepended to the user's own files,
 * replacing any overlay already there (a nested `use` never stacks them). Pure.
 */
import { join } from 'node:path';
import { isOverlayPath } from './paths.js';

/** KUBECONFIG's elements (as written, empty ones dropped) without overlays; unset or empty means `~/.kube/config`. */
export function userElements(kubeconfig: string | undefined, home: string): string[] {
  const elements = (kubeconfig ?? '').split(':').filter((element) => element !== '');
  if (elements.length === 0) return [join(home, '.kube', 'config')];
  const own = elements.filter((element) => !isOverlayPath(element));
  return own.length === 0 ? [join(home, '.kube', 'config')] : own;
}

/**
 * KUBECONFIG for a shell pinned by `overlay`: the overlay first, then the user's own files, then the
 * overlay once more. kubectl (client-go) reads a repeated element once, at its first place, so the
 * last one changes nothing for any tool; it is there for the cache: a long key's entry name keeps
 * only the value's two ends (docs/protocol.md), and without it every pinned shell on the same files
 * would get the same entry name and the shells would take the entry from each other at every prompt.
 */
export function pinnedValue(overlay: string, kubeconfig: string | undefined, home: string): string {
  return [overlay, ...userElements(kubeconfig, home), overlay].join(':');
}

/**
 * KUBECONFIG without its overlays: the value the shell had before pinning. The empty string stands
 * for unset, which is what `~/.kube/config` alone was before pinning.
 */
export function unpinnedValue(kubeconfig: string | undefined, home: string): string {
  const own = userElements(kubeconfig, home);
  return own.length === 1 && own[0] === join(home, '.kube', 'config') ? '' : own.join(':');
}
