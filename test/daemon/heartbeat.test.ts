/**
 * The daemon's heartbeat as a real process writes it, and `daemon start` facing a daemon that holds
 * the lock but neither answers nor beats (SIGSTOP): it ends that one and starts another. A daemon that
 * beats is never ended, and a pid file naming another program is never acted on.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT, heartbeatAgeS } from '../../src/cache/heartbeat.js';
import {
  cleanup,
  cli,
  daemonPids,
  ensureBuilt,
  isAlive,
  kubeconfigText,
  makeEnv,
  sleep,
  waitUntil,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

function started(): ReturnType<typeof makeEnv> {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }]));
  return t;
}

describe('heartbeat', () => {
  it('is rewritten in place every second with the clock and the pid, private, and removed at stop', async () => {
    const t = started();
    expect((await cli(t, ['daemon', 'start'])).code).toBe(0);
    const [pid] = daemonPids(t);
    const file = join(t.cacheDir, 'heartbeat');
    await waitUntil(() => existsSync(file), 'the first beat');
    const first = statSync(file);
    expect(first.mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(new RegExp(`^\\d+ ${pid}\\n$`));
    expect(Math.abs(heartbeatAgeS(text, Date.now())!)).toBeLessThanOrEqual(1);
    await sleep(HEARTBEAT.everyMs * 2.5);
    const later = statSync(file);
    expect(later.mtimeMs).toBeGreaterThan(first.mtimeMs);
    // In place: the same file, so a reader never meets a missing or empty one.
    expect(later.ino).toBe(first.ino);
    expect(Number(readFileSync(file, 'utf8').split(' ')[0])).toBeGreaterThan(Number(text.split(' ')[0]));
    expect((await cli(t, ['daemon', 'stop'])).code).toBe(0);
    expect(existsSync(file), 'no beat once the daemon has stopped').toBe(false);
  });

  it('daemon start ends a stopped daemon that no longer beats, and starts another', { timeout: 30_000 }, async () => {
    const t = started();
    expect((await cli(t, ['daemon', 'start'])).code).toBe(0);
    const [old] = daemonPids(t);
    process.kill(old!, 'SIGSTOP');
    // While its beat is fresh, it may just be slow: start leaves it be (and cannot start another).
    const early = await cli(t, ['daemon', 'start']);
    expect(early.code).not.toBe(0);
    expect(isAlive(old!)).toBe(true);
    await sleep(HEARTBEAT.staleS * 1000 + 1500);
    // status says what is wrong, not just "not running".
    const status = await cli(t, ['status', '--json']);
    const silent = (
      JSON.parse(status.stdout) as { daemon: { running: boolean; silent?: { pid: number; beatAgeS: number } } }
    ).daemon;
    expect(silent.running).toBe(false);
    expect(silent.silent?.pid).toBe(old);
    expect(silent.silent?.beatAgeS).toBeGreaterThan(HEARTBEAT.staleS);
    expect((await cli(t, ['status'])).stdout).toMatch(
      new RegExp(`not answering: pid ${old} runs but its last heartbeat is \\d+ s old`),
    );
    const run = await cli(t, ['daemon', 'start']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`ended the daemon pid ${old}`);
    expect(run.stdout).toMatch(/kctx-guard daemon started \(pid \d+\)/);
    await waitUntil(() => !isAlive(old!), 'the stopped daemon is gone');
    const now = daemonPids(t);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(old);
    expect((await cli(t, ['daemon', 'status'])).code).toBe(0);
    expect(readFileSync(t.logFile, 'utf8')).toMatch(
      new RegExp(`the daemon \\(pid ${old}\\) holds its socket but answers nothing and has not beaten for \\d+ s`),
    );
  });

  it('a beating daemon is left alone; a stale pid file naming another program is not acted on', async () => {
    const t = started();
    expect((await cli(t, ['daemon', 'start'])).code).toBe(0);
    const [pid] = daemonPids(t);
    const again = await cli(t, ['daemon', 'start']);
    expect(again.stdout).toContain(`already running (pid ${pid})`);
    expect((await cli(t, ['daemon', 'stop'])).code).toBe(0);

    const stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      writeFileSync(join(t.cacheDir, 'daemon.pid'), `${stranger.pid}\n`);
      writeFileSync(join(t.cacheDir, 'heartbeat'), `${Math.floor(Date.now() / 1000) - 3600} ${stranger.pid}\n`);
      const run = await cli(t, ['daemon', 'start']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).not.toContain('ended the daemon');
      expect(isAlive(stranger.pid!)).toBe(true);
      expect(daemonPids(t)).toHaveLength(1);
    } finally {
      stranger.kill('SIGKILL');
    }
  });
});
