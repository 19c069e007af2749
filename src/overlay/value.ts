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

/** KUBECONFIG for a shell pinned by `overlay`: the overlay first, then the user's own files. */
export function pinnedValue(overlay: string, kubeconfig: string | undefined, home: string): string {
  return [overlay, ...userElements(kubeconfig, home)].join(':');
}

/**
 * KUBECONFIG without its overlays: the value the shell had before pinning. The empty string stands
 * for unset, which is what `~/.kube/config` alone was before pinning.
 */
export function unpinnedValue(kubeconfig: string | undefined, home: string): string {
  const own = userElements(kubeconfig, home);
  return own.length === 1 && own[0] === join(home, '.kube', 'config') ? '' : own.join(':');
}

/** Whether this KUBECONFIG holds an overlay anywhere. */
export function isPinned(kubeconfig: string | undefined): boolean {
  return (kubeconfig ?? '').split(':').some((element) => element !== '' && isOverlayPath(element));
}
