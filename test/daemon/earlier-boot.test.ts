/**
 * A cache folder that survives reboots (~/.cache/kctx-guard, the folder on macOS) starts each boot as
 * empty as a tmpfs would: the daemon removes what an earlier boot left and keeps what this boot wrote.
 * A test cannot reboot, so KCTX_GUARD_TEST_BOOT_TIME_MS (NODE_ENV=test) moves the boot to "now".
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensurePrivateDir } from '../../src/cache/index.js';
import {
  cleanup,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  register,
  sleep,
  spawnDaemon,
  waitForContext,
  type TestEnv,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

interface Leftovers {
  t: TestEnv;
  /** A registration (and its entry) a shell of the earlier boot left. */
  old: ReturnType<typeof register>;
  stray: string[];
}

/** A cache folder as a daemon killed by a power cut leaves it. */
function folderOfEarlierBoot(): Leftovers {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }]));
  const other = join(t.home, 'other.yaml');
  writeFileSync(other, kubeconfigText('other', [{ name: 'other' }]));
  ensurePrivateDir(t.cacheDir);
  const old = register(t, other);
  writeFileSync(join(t.cacheDir, old.name), 'kctx-guard-entry 2\nwhatever the old daemon wrote\n');
  // The pid of a process that runs now and is no daemon: what a reused pid looks like.
  writeFileSync(join(t.cacheDir, 'daemon.pid'), `${process.pid}\n`);
  const stray = ['.tmp-4242-1', 'daemon-4242.sock'].map((name) => join(t.cacheDir, name));
  for (const path of stray) writeFileSync(path, '');
  // The last beat of the earlier boot's daemon; the new daemon beats in its place.
  writeFileSync(join(t.cacheDir, 'heartbeat'), '1700000000 4242\n');
  writeFileSync(join(t.cacheDir, 'prompt-off'), '');
  return { t, old, stray };
}

describe('what an earlier boot left in the cache folder', () => {
  it('is removed when the daemon starts; what this boot wrote stays', async () => {
    const { t, old, stray } = folderOfEarlierBoot();
    await sleep(20);
    const bootMs = Date.now();
    await sleep(20);
    // A shell of this boot registers before the daemon starts.
    const fresh = join(t.home, 'fresh.yaml');
    writeFileSync(fresh, kubeconfigText('fresh', [{ name: 'fresh' }]));
    const current = register(t, fresh);

    const daemon = await spawnDaemon(t, {
      extraEnv: { NODE_ENV: 'test', KCTX_GUARD_TEST_BOOT_TIME_MS: String(bootMs) },
    });
    await waitForContext(t, 'alpha');
    await waitForContext(t, 'fresh', { ref: current });

    expect(existsSync(join(t.cacheDir, 'reg', old.name))).toBe(false);
    expect(existsSync(join(t.cacheDir, old.name))).toBe(false);
    for (const path of stray) expect(existsSync(path), path).toBe(false);
    expect(readFileSync(join(t.cacheDir, 'daemon.pid'), 'utf8')).toBe(`${daemon.pid}\n`);
    expect(readFileSync(join(t.cacheDir, 'heartbeat'), 'utf8')).toMatch(new RegExp(`^\\d+ ${daemon.pid}\\n$`));
    expect(existsSync(join(t.cacheDir, 'prompt-off'))).toBe(true);
    expect(readFileSync(t.logFile, 'utf8')).not.toContain(`serving ${old.name}`);
  });

  it('is kept (and served) when it was written in this boot: the check can fail', async () => {
    const { t, old } = folderOfEarlierBoot();
    await spawnDaemon(t, { extraEnv: { NODE_ENV: 'test' } });
    await waitForContext(t, 'other', { ref: old });
    expect(existsSync(join(t.cacheDir, 'reg', old.name))).toBe(true);
    expect(existsSync(join(t.cacheDir, 'prompt-off'))).toBe(true);
  });
});
