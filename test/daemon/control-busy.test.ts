/** `daemon status` answers within 1 s whatever an entry is doing, even while a 30 MB kubeconfig is parsed. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendControl } from '../../src/daemon/control.js';
import {
  cleanup,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  register,
  spawnDaemon,
  waitForContext,
  waitUntil,
} from '../helpers/daemon.js';
import { sizedKubeconfig } from '../harness/kubeconfigs.mjs';

beforeAll(ensureBuilt);
afterEach(cleanup);

describe('daemon status', () => {
  it('answers within 1 s while the daemon parses a huge kubeconfig, naming the entry it is busy with', {
    timeout: 150_000,
  }, async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }]));
    const huge = join(t.root, 'huge.yaml');
    // Just under the 32 MiB cap: seconds of YAML parsing.
    writeFileSync(huge, sizedKubeconfig(30));
    // The parse takes seconds on a quiet machine and more than the 20 s budget on a loaded one: what
    // is tested is that status answers meanwhile, so the budget is not what ends this parse.
    const daemon = await spawnDaemon(t, { extraEnv: { KCTX_GUARD_TEST_COMPUTE_BUDGET_MS: '120000' } });
    await waitForContext(t, 'alpha');
    const ref = register(t, huge);
    const slowest = { ms: 0 };
    let busy: { entry: string; forMs: number } | undefined;
    await waitUntil(
      async () => {
        const started = Date.now();
        const reply = (await sendControl(t.cacheDir, { cmd: 'status' }, 1000)) as
          | { pid: number; busy?: { entry: string; forMs: number } }
          | undefined;
        slowest.ms = Math.max(slowest.ms, Date.now() - started);
        expect(reply?.pid, 'daemon status did not answer within 1 s').toBe(daemon.pid);
        busy = reply?.busy;
        // Another entry may be computing for a moment too (the default one, re-checked): wait for the huge one.
        return busy?.entry === ref.name;
      },
      'a status reply naming the huge entry while it is computed',
      20_000,
    );
    expect(busy?.entry).toBe(ref.name);
    expect(slowest.ms).toBeLessThan(1000);
    await waitForContext(t, 'c0', { ref, timeoutMs: 120_000 });
  });
});
