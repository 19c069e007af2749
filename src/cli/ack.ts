/**
 * `kctx-guard ack [name]`: the user has seen that a context name now reaches another cluster (drift),
 * or that kubectl's first-wins hides a definition of a name (hidden). Drift is removed from the
 * identity memory and hidden definitions are recorded as acknowledged, under the memory's lock; then
 * a running daemon is asked to reload, which it answers once it has rewritten its entries, so the next
 * prompt of every shell has no marker.
 */
import { join } from 'node:path';
import {
  acknowledge,
  acknowledgeHidden,
  describeDrift,
  describeHidden,
  type Drift,
  type HiddenDefinition,
  hiddenKey,
  type IdentityMemory,
  readMemory,
  unacknowledgedHidden,
  updateMemory,
} from '../identity/index.js';
import { kubeconfigFiles } from '../kubeconfig/index.js';
import { reloadDaemon } from '../daemon/control.js';
import { cacheDir, homeDir, stateDir, type Env } from '../locations.js';
import {
  caFileReader,
  hiddenDefinitions,
  isPerProcessText,
  loadKubeconfigFiles,
  showFileFor,
} from '../pipeline/index.js';
import type { Check } from './doctor.js';

export interface Acknowledgeable {
  kind: 'drift' | 'hidden';
  text: string;
  /** Since when, ISO; absent for a hidden definition found here that the daemon has not recorded yet. */
  at: string | undefined;
}

/**
 * What this shell's KUBECONFIG hides, read now: `ack` works before the daemon has seen it, and
 * without a daemon. A per-process path (`<(…)`) is this process's own, so it is not read.
 */
export function hiddenHere(env: Env, cwd: string): HiddenDefinition[] {
  const files = kubeconfigFiles(env.KUBECONFIG, homeDir(env), cwd).filter((file) => !isPerProcessText(file));
  return hiddenDefinitions(loadKubeconfigFiles(files), caFileReader());
}

/** The memory's hidden definitions and those found here, each once, not acknowledged. */
function openHidden(memory: IdentityMemory, here: readonly HiddenDefinition[]): (HiddenDefinition & { at?: string })[] {
  const all: (HiddenDefinition & { at?: string })[] = [...(memory.hidden ?? [])];
  const keys = new Set(all.map(hiddenKey));
  for (const item of here) if (!keys.has(hiddenKey(item))) all.push(item);
  return unacknowledgedHidden(all, memory.hiddenAcknowledged ?? []);
}

/** The default kubeconfig named `~/.kube/config`, as the prompt's notes name it; other files by their path. */
const showFileOf = (env: Env): ((file: string) => string) => showFileFor(join(homeDir(env), '.kube', 'config'));

const driftItem =
  (show: (file: string) => string) =>
  (item: Drift): Acknowledgeable => ({
    kind: 'drift',
    text: describeDrift(item, show),
    at: item.at,
  });
const hiddenItem =
  (show: (file: string) => string) =>
  (item: HiddenDefinition & { at?: string }): Acknowledgeable => ({
    kind: 'hidden',
    text: describeHidden(item, show),
    at: item.at,
  });

/** Everything not acknowledged yet: drift, and hidden definitions (the memory's and this shell's). */
export function pendingAcknowledgements(env: Env, cwd: string): Acknowledgeable[] {
  const memory = readMemory(stateDir(env)).memory;
  const show = showFileOf(env);
  return [
    ...(memory.drift ?? []).map(driftItem(show)),
    ...openHidden(memory, hiddenHere(env, cwd)).map(hiddenItem(show)),
  ];
}

/**
 * Acknowledges the drift of context `name` and the hidden definitions of `name` (everything without
 * it); returns what was acknowledged.
 * @throws IdentityMemoryError when the memory's lock is held; the write's error otherwise.
 */
export async function acknowledgeAll(env: Env, cwd: string, name?: string): Promise<Acknowledgeable[]> {
  const here = hiddenHere(env, cwd);
  const show = showFileOf(env);
  const acknowledged = updateMemory(stateDir(env), (memory) => {
    const drift = acknowledge(memory.drift ?? [], name);
    const hidden = acknowledgeHidden(
      memory.hiddenAcknowledged ?? [],
      openHidden(memory, here),
      name,
      new Date().toISOString(),
    );
    const result = [...drift.acknowledged.map(driftItem(show)), ...hidden.now.map(hiddenItem(show))];
    const next = {
      ...memory,
      drift: drift.drift,
      hiddenAcknowledged: hidden.acknowledged,
      hidden: unacknowledgedHidden(memory.hidden ?? [], hidden.acknowledged),
    };
    return { memory: result.length > 0 ? next : undefined, result };
  });
  // The daemon answers once it has rewritten its entries: the prompt drawn next has no marker.
  if (acknowledged.length > 0) await reloadDaemon(cacheDir(env));
  return acknowledged;
}

/** One line: what it is, and since when. */
export function describeAcknowledgeable(item: Acknowledgeable): string {
  return `${item.text}${item.at === undefined ? '' : ` (since ${item.at})`}`;
}

/**
 * doctor: drift and definitions kubectl hides are warnings until acknowledged (the setup works; a
 * name means something new, or something other than someone may think).
 */
export function checkAcknowledgements(env: Env, cwd: string): Check[] {
  const pending = pendingAcknowledgements(env, cwd);
  const of = (kind: Acknowledgeable['kind']): string =>
    pending
      .filter((item) => item.kind === kind)
      .map(describeAcknowledgeable)
      .join('\n');
  const drift = of('drift');
  const hidden = of('hidden');
  const acknowledged = (readMemory(stateDir(env)).memory.hiddenAcknowledged ?? []).length;
  return [
    drift === ''
      ? { name: 'drift', status: 'ok', detail: 'every context name reaches the cluster it reached before', fix: null }
      : {
          name: 'drift',
          status: 'warn',
          detail: drift,
          fix: 'check that each name should point there now, then: kctx-guard ack',
        },
    hidden !== ''
      ? {
          name: 'hidden',
          status: 'warn',
          detail: hidden,
          fix: 'remove or rename one of the two definitions; or, if that is how it should be: kctx-guard ack',
        }
      : {
          name: 'hidden',
          status: 'ok',
          detail:
            acknowledged === 0
              ? 'no context or cluster name is defined again where kubectl ignores it'
              : `nothing new: ${acknowledged} hidden definition${acknowledged === 1 ? '' : 's'} acknowledged before`,
          fix: null,
        },
  ];
}
