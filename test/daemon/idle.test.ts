/** An idle daemon costs nothing: almost no CPU and no entry rewrites while nothing changes. */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  clockTicksPerSecond,
  cleanup,
  cpuTicks,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  register,
  sleep,
  spawnDaemon,
  waitForContext,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

/** A sanity bound, not a benchmark: an idle loop or a polling watcher would use far more. */
const MAX_IDLE_CPU_SHARE = 0.05;
const IDLE_MS = 5000;

describe('idle', () => {
  it(`over ${IDLE_MS / 1000} s with nothing changing: under ${MAX_IDLE_CPU_SHARE * 100}% of a core, entries not rewritten`, async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }]));
    const extra = join(t.root, 'extra.yaml');
    writeFileSync(extra, kubeconfigText('extra', [{ name: 'extra' }]));
    const daemon = await spawnDaemon(t);
    const ref = register(t, extra);
    // A first entry under a missing top-level folder makes the daemon watch "/" itself.
    const rooted = register(t, `/kctx-guard-test-absent-${process.pid}/config:${extra}`);
    const entries = [
      await waitForContext(t, 'alpha'),
      await waitForContext(t, 'extra', { ref }),
      await waitForContext(t, 'extra', { ref: rooted }),
    ];
    // Let start-up work (trailing re-checks, the watch set-up, the recompute once the identity
    // memory has learned the files) finish before measuring, and the entries' mtimes move to the
    // whole second after their sources' (promote.ts), which is up to a second after the write.
    await sleep(1300);
    const snapshot = (): string[] =>
      entries.map((entry) => {
        const stat = statSync(entry.file, { bigint: true });
        return `${stat.ino}:${stat.mtimeNs}:${readFileSync(entry.file, 'utf8')}`;
      });
    const before = snapshot();
    const ticksBefore = cpuTicks(daemon.pid);
    const started = Date.now();
    // This test is about elapsed time itself, so it sleeps rather than polls.
    await sleep(IDLE_MS);
    const elapsedS = (Date.now() - started) / 1000;
    const cpuS = (cpuTicks(daemon.pid) - ticksBefore) / clockTicksPerSecond();
    console.info(`idle daemon: ${(cpuS * 1000).toFixed(0)} ms CPU over ${elapsedS.toFixed(1)} s`);
    expect(cpuS / elapsedS).toBeLessThan(MAX_IDLE_CPU_SHARE);
    expect(snapshot()).toEqual(before);
    expect(daemon.alive()).toBe(true);
  });
});
