/** `kctx-guard status` and `daemon status` while a real daemon runs: the fresh cache is used, and says so. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  ensureBuilt,
  kubeconfigText,
  kubectl,
  makeEnv,
  spawnDaemon,
  waitForContext,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

describe('status with the daemon running', () => {
  it('reports from the fresh cache entry, names the daemon pid, and follows a kubectl switch', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'dev' }, { name: 'prod-eu', namespace: 'payments' }]));
    const daemon = await spawnDaemon(t);
    await waitForContext(t, 'dev');
    const first = JSON.parse((await cli(t, ['status', '--json'])).stdout);
    expect(first).toMatchObject({
      context: 'dev',
      daemon: { running: true, pid: daemon.pid },
      cache: { state: 'fresh', usedForThisReport: true },
    });
    await kubectl(t, ['config', 'use-context', 'prod-eu']);
    await waitForContext(t, 'prod-eu');
    const second = await cli(t, ['status']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('DANGER');
    expect(second.stdout).toContain('payments');
    expect(second.stdout).toContain(`running (pid ${daemon.pid})`);
    expect(second.stdout).toContain('fresh (this report comes from it)');
  });

  it('daemon status lists what the daemon serves and exits 0; 1 once it is stopped', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'dev' }]));
    const daemon = await spawnDaemon(t);
    await waitForContext(t, 'dev');
    const running = await cli(t, ['daemon', 'status']);
    expect(running.code).toBe(0);
    expect(running.stdout).toContain(`running (pid ${daemon.pid}`);
    expect(running.stdout).toContain('(default kubeconfig)');
    expect((await cli(t, ['daemon', 'stop'])).stdout).toContain(`stopped (pid ${daemon.pid})`);
    const stopped = await cli(t, ['daemon', 'status']);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toContain('not running');
  });
});
