/**
 * Mtimes that lie (set into the future, or back by `cp -p`) never freeze the daemon or keep an entry
 * that no longer tells the truth looking fresh: every wait is bounded, and an entry whose sources
 * changed is invalidated at the event, before it is recomputed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  clockTicksPerSecond,
  cpuTicks,
  daemonInfo,
  ensureBuilt,
  kubeconfigText,
  kubectl,
  makeEnv,
  read,
  sleep,
  spawnDaemon,
  waitForContext,
  waitForEntry,
  waitUntil,
  type TestEnv,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const MINUTE_S = 60;
const DAY_S = 24 * 3600;
/** Same sanity bound as the idle test: a spinning timer costs a third of a core. */
const MAX_CPU_SHARE = 0.05;
/** Longer than the watcher's latency on a loaded machine, shorter than the daemon's 1 s wait for kubectl's lock. */
const INVALIDATED_WITHIN_MS = 700;

const contexts = [{ name: 'alpha' }, { name: 'beta' }];

function withConfig(): TestEnv {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('alpha', contexts));
  return t;
}

/** Sets the file's mtime (and atime) `offsetS` seconds from now, as `touch -d` does. */
function shiftMtime(path: string, offsetS: number): void {
  const when = Date.now() / 1000 + offsetS;
  utimesSync(path, when, when);
}

async function expectStatusContext(t: TestEnv, context: string): Promise<void> {
  const status = await cli(t, ['status', '--json']);
  expect(status.code, status.stderr).toBe(0);
  expect((JSON.parse(status.stdout) as { context: string | null }).context).toBe(context);
}

/** Waits until the entry was rewritten from the future-dated sources: its own mtime is in the future too. */
async function waitForFutureEntry(t: TestEnv, context: string): Promise<void> {
  await waitForEntry(
    t,
    (read) => read.entry.details.context === context && statSync(read.file).mtimeMs > Date.now() + 60_000,
  );
}

describe('mtimes in the future', () => {
  for (const [label, offsetS] of [
    ['+10 minutes', 10 * MINUTE_S],
    ['+30 days', 30 * DAY_S],
  ] as const) {
    it(`kubeconfig touched to ${label}, then kubectl config use-context: the prompt and status follow`, async () => {
      const t = withConfig();
      await spawnDaemon(t);
      await waitForContext(t, 'alpha');
      shiftMtime(t.kubeconfig, offsetS);
      await waitForFutureEntry(t, 'alpha');
      await kubectl(t, ['config', 'use-context', 'beta']);
      await waitForContext(t, 'beta');
      await expectStatusContext(t, 'beta');
      await kubectl(t, ['config', 'use-context', 'alpha']);
      await waitForContext(t, 'alpha');
      await expectStatusContext(t, 'alpha');
    });
  }

  it('a folder mtime 30 days ahead: the daemon stays idle (no timer spin) and keeps following changes', async () => {
    const t = withConfig();
    const daemon = await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    shiftMtime(t.kubeDir, 30 * DAY_S);
    shiftMtime(t.kubeconfig, 30 * DAY_S);
    await waitForFutureEntry(t, 'alpha');
    await sleep(300);
    const ticksBefore = cpuTicks(daemon.pid);
    const started = Date.now();
    // This measures CPU over elapsed time, so it sleeps rather than polls.
    await sleep(2000);
    const elapsedS = (Date.now() - started) / 1000;
    const cpuS = (cpuTicks(daemon.pid) - ticksBefore) / clockTicksPerSecond();
    console.info(`daemon with a +30-day mtime: ${(cpuS * 1000).toFixed(0)} ms CPU over ${elapsedS.toFixed(1)} s`);
    expect(cpuS / elapsedS).toBeLessThan(MAX_CPU_SHARE);
    expect((await daemonInfo(t))?.pid).toBe(daemon.pid);
    await kubectl(t, ['config', 'use-context', 'beta']);
    await waitForContext(t, 'beta');
    await expectStatusContext(t, 'beta');
  });
});

describe('mtimes set back', () => {
  it('cp -p of an older file over the kubeconfig: the new content is shown', async () => {
    const t = withConfig();
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    const older = join(t.root, 'older.yaml');
    writeFileSync(older, kubeconfigText('beta', contexts));
    shiftMtime(older, -3600);
    execFileSync('cp', ['-p', older, t.kubeconfig]);
    expect(statSync(t.kubeconfig).mtimeMs).toBeLessThan(Date.now() - 3_000_000);
    await waitForContext(t, 'beta');
    await expectStatusContext(t, 'beta');
  });
});

/**
 * kubectl's lock file makes the daemon wait (up to 1 s) before it reads: in that wait only the
 * invalidation at the event keeps a shell from showing the entry from before the change.
 */
describe('an entry whose sources changed is invalidated at once, before it is recomputed', () => {
  async function changeWhileLocked(t: TestEnv, change: () => void): Promise<void> {
    const lock = `${t.kubeconfig}.lock`;
    writeFileSync(lock, '');
    // Let the daemon's wait for the lock created just now run out, so the next one starts at the change.
    await sleep(1300);
    await waitForContext(t, 'alpha');
    change();
    await waitUntil(
      () => {
        const now = read(t);
        return now.state !== 'fresh' || now.entry?.details.context !== 'alpha';
      },
      `the entry showing alpha stops being fresh within ${INVALIDATED_WITHIN_MS} ms`,
      INVALIDATED_WITHIN_MS,
    );
    rmSync(lock);
    await waitForContext(t, 'beta');
  }

  it('a kubeconfig dated in the future, rewritten with a normal mtime', async () => {
    const t = withConfig();
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    shiftMtime(t.kubeconfig, 10 * MINUTE_S);
    await waitForFutureEntry(t, 'alpha');
    await changeWhileLocked(t, () => writeFileSync(t.kubeconfig, kubeconfigText('beta', contexts)));
  });

  it('cp -p of an older file', async () => {
    const t = withConfig();
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    const older = join(t.root, 'older.yaml');
    writeFileSync(older, kubeconfigText('beta', contexts));
    shiftMtime(older, -3600);
    await changeWhileLocked(t, () => execFileSync('cp', ['-p', older, t.kubeconfig]));
  });
});
