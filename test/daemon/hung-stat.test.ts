/**
 * A stat that never returns (a hung NFS/sshfs/FUSE mount under one shell's KUBECONFIG) stalls only
 * the entries that depend on that path: the daemon's own thread never makes such a stat, so every
 * other entry keeps following kubectl, `daemon status` answers from the daemon's thread and names
 * the stuck stat, the hung entry turns into a loud error (never its old data), and it comes back
 * once the mount does.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readHeartbeatAgeS } from '../../src/cache/heartbeat.js';
import { sendControl } from '../../src/daemon/control.js';
import {
  cleanup,
  ensureBuilt,
  kubeconfigText,
  kubectl,
  makeEnv,
  register,
  requireKubectl,
  spawnDaemon,
  waitForContext,
  waitForError,
  waitUntil,
  type TestEnv,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);

const flags: string[] = [];
afterEach(async () => {
  // The stand-in hang ends with its flag, so no blocked thread or child outlives the test.
  for (const flag of flags.splice(0)) rmSync(flag, { force: true });
  await cleanup();
});

interface Status {
  pid: number;
  stale?: boolean;
  stuck?: { entry: string; file: string | null; forMs: number; op?: string }[];
}

/** The status reply within 1 s, built by the daemon's own thread (not the control thread's last copy). */
async function liveStatus(t: TestEnv): Promise<Status> {
  const reply = (await sendControl(t.cacheDir, { cmd: 'status' }, 1000)) as Status | undefined;
  expect(reply, 'daemon status answers within 1 s').toBeDefined();
  expect(reply?.stale, "the daemon's thread answered, it is not blocked").toBeUndefined();
  // And it keeps beating: shells see it alive (docs/protocol.md, "Daemon liveness").
  expect(Math.abs(readHeartbeatAgeS(t.cacheDir) ?? 99), 'the heartbeat is current').toBeLessThanOrEqual(2);
  return reply as Status;
}

const CONTEXTS = [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }];

describe('a hung stat holds up only the entries that depend on it', () => {
  it('other entries follow kubectl, status names the stuck stat, the hung entry is an error until the mount is back', async () => {
    requireKubectl();
    const t = makeEnv();
    mkdirSync(t.kubeDir, { recursive: true });
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', CONTEXTS));
    const mount = join(t.root, 'mnt');
    mkdirSync(mount);
    const hungConfig = join(mount, 'config');
    writeFileSync(hungConfig, kubeconfigText('delta', [{ name: 'delta' }]));
    const flag = join(t.root, 'mount-hangs');
    flags.push(flag);
    // The stand-in for a hung mount (test-only, needs NODE_ENV=test): while the flag exists, every
    // stat of mnt or below blocks in a system call in whichever daemon thread makes it.
    await spawnDaemon(t, {
      extraEnv: {
        NODE_ENV: 'test',
        KCTX_GUARD_TEST_STAT_HANG: `${flag}:${mount}`,
        KCTX_GUARD_TEST_STAT_BUDGET_MS: '1000',
        KCTX_GUARD_TEST_COMPUTE_BUDGET_MS: '2000',
      },
    });
    await waitForContext(t, 'alpha');
    const ref = register(t, hungConfig);
    await waitForContext(t, 'delta', { ref });

    // The mount hangs, and the file behind it changes: its entry must not go on saying delta.
    writeFileSync(flag, '');
    writeFileSync(hungConfig, kubeconfigText('epsilon', [{ name: 'epsilon' }]));
    for (const context of ['beta', 'gamma', 'alpha']) {
      await kubectl(t, ['config', 'use-context', context]);
      const started = Date.now();
      await waitForContext(t, context, { timeoutMs: 10_000 });
      expect(Date.now() - started, `the default entry follows use-context ${context}`).toBeLessThan(1000);
    }
    const hung = await waitForError(t, { ref, timeoutMs: 10_000 });
    expect(hung.entry.details.error).toBe(`reading ${hungConfig} takes longer than 1 s (a hung mount?)`);
    let stuck: Status['stuck'] = [];
    await waitUntil(
      async () => {
        stuck = (await liveStatus(t)).stuck?.filter((row) => row.op === 'stat') ?? [];
        return stuck.some((row) => row.entry.includes(ref.name) && row.file?.startsWith(mount));
      },
      'status lists the stuck stat',
      5_000,
    );
    // Threads stuck in a stat cannot be ended, so one hung folder takes as few as it can: the file's
    // and the folder's; what lies below a folder waits for the folder's stat instead of hanging too.
    expect(stuck.length, JSON.stringify(stuck)).toBeLessThanOrEqual(2);
    await kubectl(t, ['config', 'use-context', 'beta']);
    await waitForContext(t, 'beta', { timeoutMs: 1000 });

    // The mount is back: the entry shows what the file says now, and nothing is stuck any more.
    rmSync(flag);
    await waitForContext(t, 'epsilon', { ref, timeoutMs: 10_000 });
    await waitUntil(async () => (await liveStatus(t)).stuck === undefined, 'no stuck stat in status', 5_000);
  });
});
