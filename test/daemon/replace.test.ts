/** `daemon run --replace` (what the systemd/launchd service runs) takes over from a daemon a shell started. */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  cleanup,
  daemonInfo,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  spawnDaemon,
  waitUntil,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

describe('daemon run --replace', () => {
  it('stops the running daemon (which exits cleanly) and serves in its place', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'dev' }]));
    const first = await spawnDaemon(t);
    const service = spawn(process.execPath, [BIN, 'daemon', 'run', '--quiet', '--replace'], {
      env: t.env,
      stdio: 'ignore',
    });
    try {
      await waitUntil(async () => (await daemonInfo(t))?.pid === service.pid, 'the replacing daemon answers');
      expect((await first.exited).code).toBe(0);
    } finally {
      service.kill('SIGTERM');
    }
    await new Promise((done) => service.once('exit', done));
  });
});
