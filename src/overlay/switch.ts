/**
 * What `use` and `ns` do for one shell: check the name against the user's own files (or the
 * cluster), write a new overlay, and give back the KUBECONFIG the shell takes. Nothing is changed
 * when a check fails: the overlay is written last, and the shell changes only on success.
 */
import { kubeconfigFiles, listContexts, resolveTarget, type ContextListing } from '../kubeconfig/index.js';
import { loadKubeconfigFiles } from '../pipeline/index.js';
import { closestNames } from './closest.js';
import { OverlayError } from './errors.js';
import type { NamespaceLookup } from './namespaces.js';
import { pinnedValue, unpinnedValue } from './value.js';
import { writeOverlay, type OverlayContent } from './write.js';

export interface ShellState {
  kubeconfig: string | undefined;
  home: string;
  cwd: string;
  cacheDir: string;
  pid: number;
}

export interface Switched {
  /** The shell's new KUBECONFIG; empty for unset. */
  kubeconfig: string;
  /** What `use -` / `ns -` goes back to: the context (or namespace) before this switch, empty when there was none. */
  previous: string;
  /** One line for the user. */
  message: string;
}

const QUOTED = (name: string): string => JSON.stringify(name);

function didYouMean(typed: string, names: string[]): string {
  const close = closestNames(typed, names);
  return close.length > 0 ? `; did you mean ${close.map(QUOTED).join(', ')}?` : '';
}

/** The user's own contexts (overlays left out), or why kubectl could not use those files either. */
function userContexts(state: ShellState): ContextListing[] {
  const rest = unpinnedValue(state.kubeconfig, state.home);
  const listing = listContexts(loadKubeconfigFiles(kubeconfigFiles(rest || undefined, state.home, state.cwd)));
  const broken = listing.broken[0];
  if (broken) throw new OverlayError(`cannot read ${broken.path}: ${broken.message}; nothing was changed`);
  return listing.contexts;
}

/** The target as kubectl sees it now in this shell (overlay included). */
function currentTarget(state: ShellState) {
  return resolveTarget(loadKubeconfigFiles(kubeconfigFiles(state.kubeconfig, state.home, state.cwd)));
}

function pin(state: ShellState, content: OverlayContent): string {
  return pinnedValue(writeOverlay(state.cacheDir, state.pid, content), state.kubeconfig, state.home);
}

/**
 * Pins the shell to `context`.
 * @throws OverlayError for a context no file of the user defines (naming the closest), or an overlay that cannot be written.
 */
export function useContext(state: ShellState, context: string): Switched {
  const contexts = userContexts(state);
  if (!contexts.some((listing) => listing.name === context)) {
    const names = contexts.map((listing) => listing.name);
    throw new OverlayError(`no context ${QUOTED(context)} in your kubeconfig files${didYouMean(context, names)}`);
  }
  const before = currentTarget(state);
  const previous = before.ok ? before.target.context : (before.context ?? '');
  return {
    kubeconfig: pin(state, { context }),
    previous,
    message: `this shell now uses context ${QUOTED(context)}; other shells are unchanged`,
  };
}

/**
 * Pins the shell to its current context with `namespace`. `lookup` asks the cluster which namespaces exist.
 * @throws OverlayError when the shell has no usable context, the cluster says the namespace does not exist, or the overlay cannot be written.
 */
export function useNamespace(
  state: ShellState,
  namespace: string,
  lookup: (context: string, userKubeconfig: string) => NamespaceLookup,
): Switched & { warning: string | undefined } {
  const before = currentTarget(state);
  if (!before.ok) throw new OverlayError(`${before.error.message}; pick a context first: kctx-guard use <context>`);
  const context = before.target.context;
  const own = userContexts(state).find((listing) => listing.name === context);
  if (!own) throw new OverlayError(`no context ${QUOTED(context)} in your kubeconfig files; nothing was changed`);
  const found = lookup(context, unpinnedValue(state.kubeconfig, state.home));
  let warning: string | undefined;
  if ('names' in found) {
    if (!found.names.includes(namespace))
      throw new OverlayError(
        `cluster ${QUOTED(own.cluster)} has no namespace ${QUOTED(namespace)}${didYouMean(namespace, found.names)}`,
      );
  } else warning = `could not check that namespace ${QUOTED(namespace)} exists (${found.problem})`;
  return {
    kubeconfig: pin(state, { context, definition: { cluster: own.cluster, user: own.user, namespace } }),
    previous: before.target.namespace,
    message: `this shell now uses namespace ${QUOTED(namespace)} of context ${QUOTED(context)}; other shells are unchanged`,
    warning,
  };
}
