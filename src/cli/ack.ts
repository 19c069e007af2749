/**
 * `kctx-guard ack [context]`: the user has seen that a context name now reaches another cluster.
 * The drift is removed from the identity memory under its lock, then a running daemon is asked to
 * reload, so every prompt drops the marker at once.
 */
import { acknowledge, describeDrift, type Drift, readMemory, updateMemory } from '../identity/index.js';
import { sendControl } from '../daemon/control.js';
import { cacheDir, stateDir, type Env } from '../locations.js';
import type { Check } from './doctor.js';

/** The drift not acknowledged yet, each with its one-line text. */
export function pendingDrift(env: Env): (Drift & { text: string })[] {
  return (readMemory(stateDir(env)).memory.drift ?? []).map((item) => ({ ...item, text: describeDrift(item) }));
}

/**
 * Acknowledges the drift of `context` (all drift without it); returns what was acknowledged.
 * @throws IdentityMemoryError when the memory's lock is held; the write's error otherwise.
 */
export async function acknowledgeDrift(env: Env, context?: string): Promise<(Drift & { text: string })[]> {
  const acknowledged = updateMemory(stateDir(env), (memory) => {
    const result = acknowledge(memory.drift ?? [], context);
    const changed = result.acknowledged.length > 0;
    return { memory: changed ? { ...memory, drift: result.drift } : undefined, result: result.acknowledged };
  });
  if (acknowledged.length > 0) await sendControl(cacheDir(env), { cmd: 'reload' }, 1500).catch(() => undefined);
  return acknowledged.map((item) => ({ ...item, text: describeDrift(item) }));
}

/** doctor: drift is a warning until acknowledged (the setup works; a name means something new). */
export function checkDrift(env: Env): Check {
  const pending = pendingDrift(env);
  if (pending.length === 0)
    return {
      name: 'drift',
      status: 'ok',
      detail: 'every context name reaches the cluster it reached before',
      fix: null,
    };
  return {
    name: 'drift',
    status: 'warn',
    detail: pending.map((item) => `${item.text} (since ${item.at})`).join('\n'),
    fix: 'check that each name should point there now, then: kctx-guard ack',
  };
}
