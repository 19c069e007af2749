/**
 * Daemon liveness by heartbeat, in real interactive bash, zsh and fish (tmux). A daemon stopped with
 * SIGSTOP still passes `kill -0` and /proc checks; before the heartbeat, the prompt trusted it and kept
 * the old context forever after a write that keeps the file's mtime. A pid file left from before a
 * reboot may name another live process; the prompt trusted that too and never restarted the daemon.
 * Now: the prompt says [daemon down] once the beat is older than HEARTBEAT.staleS, the hook's
 * `daemon start` ends the silent daemon and starts another, and the truth comes back.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT } from '../../src/cache/heartbeat.js';
import {
  cleanup,
  cli,
  daemonPids,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  processState,
  sleep,
  waitUntil,
} from '../helpers/daemon.js';
import { killSessions, SHELLS, ShellSession } from '../helpers/tmux.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

const CONTEXTS = [
  { name: 'alpha', cluster: 'alpha' },
  { name: 'beta', cluster: 'beta' },
];
/** Past the heartbeat's staleness, with a margin for whole-second clocks. */
const STALE_MS = HEARTBEAT.staleS * 1000 + 1500;

describe.each(SHELLS)('%s: daemon liveness by heartbeat', (shell) => {
  it('a stopped daemon: [daemon down] once its beat is stale, then replaced, then the truth', {
    timeout: 90_000,
  }, async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', CONTEXTS));
    const started = await cli(t, ['daemon', 'start']);
    expect(started.code, started.stderr).toBe(0);
    const [stopped] = daemonPids(t);
    expect(stopped).toBeDefined();
    const sh = await ShellSession.start(shell, t);
    expect((await sh.run('true')).segment).toBe('⎈ alpha:default');

    // SIGSTOP, then a switch that keeps the file's mtime (cp -p, rsync -t): only a running watcher sees it.
    process.kill(stopped!, 'SIGSTOP');
    const before = statSync(t.kubeconfig);
    writeFileSync(t.kubeconfig, kubeconfigText('beta', CONTEXTS));
    utimesSync(t.kubeconfig, before.atime, before.mtime);
    await sleep(STALE_MS);

    const p = await sh.run('true');
    expect(p.segment, 'a daemon that stopped beating is not trusted').toContain('[daemon down]');
    // The hook ran `daemon start`, which ends the silent daemon and starts another.
    await waitUntil(
      async () => (await sh.run('true')).segment === '⎈ beta:default',
      'the prompt shows the truth without [daemon down]',
      20_000,
    );
    expect(['gone', 'Z']).toContain(processState(stopped!));
    const now = daemonPids(t);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(stopped);
    expect(readFileSync(t.logFile, 'utf8')).toContain(
      `the daemon (pid ${stopped}) holds its socket but answers nothing`,
    );
  });

  it('a pid file and heartbeat left from before a reboot, naming a live stranger: the daemon is started, the stranger left alone', {
    timeout: 90_000,
  }, async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', CONTEXTS));
    const stranger = spawn('sleep', ['120'], { stdio: 'ignore' });
    try {
      const pid = stranger.pid!;
      mkdirSync(t.cacheDir, { recursive: true, mode: 0o700 });
      writeFileSync(join(t.cacheDir, 'daemon.pid'), `${pid}\n`, { mode: 0o600 });
      // The last beat of a daemon that ran an hour before the "reboot", with the stranger's pid.
      const hourAgo = Date.now() / 1000 - 3600;
      writeFileSync(join(t.cacheDir, 'heartbeat'), `${Math.floor(hourAgo)} ${pid}\n`, { mode: 0o600 });
      utimesSync(join(t.cacheDir, 'heartbeat'), hourAgo, hourAgo);
      const sh = await ShellSession.start(shell, t);
      const first = await sh.run('true');
      expect(first.segment, 'the first prompt knows no daemon runs').toContain('[daemon down]');
      await waitUntil(() => daemonPids(t).length === 1, 'the hook started a daemon', 15_000);
      await waitUntil(
        async () => (await sh.run('true')).segment === '⎈ alpha:default',
        'the prompt shows the target without [daemon down]',
        15_000,
      );
      expect(processState(pid), 'the stranger named by the old pid file still runs').not.toBe('gone');
      expect(stranger.exitCode).toBeNull();
      expect(existsSync(join(t.cacheDir, 'heartbeat'))).toBe(true);
    } finally {
      stranger.kill('SIGKILL');
    }
  });
});
