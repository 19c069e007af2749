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

beforeAll(ensureBuilt);
afterEach(cleanup);

/** A valid kubeconfig just under the 32 MiB cap: seconds of YAML parsing for the daemon's thread. */
function hugeKubeconfig(): string {
  const parts = ['apiVersion: v1\nkind: Config\ncurrent-context: c0\ncontexts:\n'];
  let size = parts[0]!.length;
  for (let i = 0; size < 30 * 1024 * 1024; i++) {
    const part = `- name: c${i}\n  context:\n    cluster: k\n    user: u\n`;
    parts.push(part);
    size += part.length;
  }
  parts.push(
    'clusters:\n- name: k\n  cluster:\n    server: https://k.example.invalid\nusers:\n- name: u\n  user: {}\n',
  );
  return parts.join('');
}

describe('daemon status', () => {
  it('answers within 1 s while the daemon parses a huge kubeconfig, naming the entry it is busy with', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }]));
    const huge = join(t.root, 'huge.yaml');
    writeFileSync(huge, hugeKubeconfig());
    const daemon = await spawnDaemon(t);
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
        return busy !== undefined;
      },
      'a status reply while the huge entry is computed',
      20_000,
    );
    expect(busy?.entry).toBe(ref.name);
    expect(slowest.ms).toBeLessThan(1000);
    await waitForContext(t, 'c0', { ref, timeoutMs: 30_000 });
  });
});
