/** Daemon lifecycle through the real CLI and signals: one instance, clean stops, crash recovery, SIGHUP reload. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  daemonInfo,
  daemonPids,
  ensureBuilt,
  isAlive,
  kubeconfigText,
  makeEnv,
  spawnDaemon,
  waitForContext,
  waitForEntry,
  waitUntil,
  type TestEnv,
} from '../helpers/daemon.js';
import { join } from 'node:path';

beforeAll(ensureBuilt);
afterEach(cleanup);

function envWithKubeconfig(): TestEnv {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }, { name: 'beta' }]));
  return t;
}

const pidFile = (t: TestEnv): string => join(t.cacheDir, 'daemon.pid');

describe('daemon start / status / stop / restart', () => {
  it('start runs exactly one daemon; a second start reuses it; stop ends it', async () => {
    const t = envWithKubeconfig();
    expect((await cli(t, ['daemon', 'status'])).code).toBe(1);

    const started = await cli(t, ['daemon', 'start']);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/daemon started \(pid \d+\)/);
    const pid = Number(/pid (\d+)/.exec(started.stdout)![1]);
    expect(readFileSync(pidFile(t), 'utf8').trim()).toBe(String(pid));
    expect(isAlive(pid)).toBe(true);
    const status = await cli(t, ['daemon', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`pid ${pid}`);
    await waitForContext(t, 'alpha');

    const again = await cli(t, ['daemon', 'start']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`already running (pid ${pid})`);
    expect(daemonPids(t)).toEqual([pid]);

    const stopped = await cli(t, ['daemon', 'stop']);
    expect(stopped.stdout).toContain(`stopped (pid ${pid})`);
    await waitUntil(() => !isAlive(pid), 'the daemon process is gone');
    expect((await cli(t, ['daemon', 'status'])).code).toBe(1);
    expect(existsSync(pidFile(t))).toBe(false);
    expect((await cli(t, ['daemon', 'stop'])).stdout).toContain('not running');
  });

  it('two starts at the same moment leave exactly one daemon', async () => {
    const t = envWithKubeconfig();
    const [a, b] = await Promise.all([cli(t, ['daemon', 'start']), cli(t, ['daemon', 'start'])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const pids = [a, b].map((run) => Number(/pid (\d+)/.exec(run.stdout)![1]));
    expect(pids[0]).toBe(pids[1]);
    // The loser of the race exits on its own; give it the time to.
    await waitUntil(() => daemonPids(t).length === 1, 'only one daemon process is left');
    expect(daemonPids(t)).toEqual([pids[0]]);
    expect((await daemonInfo(t))?.pid).toBe(pids[0]);
  });

  it('restart replaces the daemon with a new process that serves the entry', async () => {
    const t = envWithKubeconfig();
    const first = Number(/pid (\d+)/.exec((await cli(t, ['daemon', 'start'])).stdout)![1]);
    const restarted = await cli(t, ['daemon', 'restart']);
    expect(restarted.code, restarted.stderr).toBe(0);
    const second = Number(/restarted \(pid (\d+)\)/.exec(restarted.stdout)![1]);
    expect(second).not.toBe(first);
    expect(isAlive(first)).toBe(false);
    expect(daemonPids(t)).toEqual([second]);
    expect((await daemonInfo(t))?.pid).toBe(second);
    await waitForContext(t, 'alpha');
  });

  it('after SIGKILL the next start works (no stale lock), even with the old pid file and a temp file left behind', async () => {
    const t = envWithKubeconfig();
    const first = Number(/pid (\d+)/.exec((await cli(t, ['daemon', 'start'])).stdout)![1]);
    await waitForContext(t, 'alpha');
    process.kill(first, 'SIGKILL');
    await waitUntil(() => !isAlive(first), 'the killed daemon is gone');
    expect(readFileSync(pidFile(t), 'utf8').trim()).toBe(String(first));
    writeFileSync(join(t.cacheDir, `.tmp-${first}-1`), 'torn write');
    expect((await cli(t, ['daemon', 'status'])).code).toBe(1);

    const again = await cli(t, ['daemon', 'start']);
    expect(again.code, again.stderr).toBe(0);
    const second = Number(/daemon started \(pid (\d+)\)/.exec(again.stdout)![1]);
    expect(readFileSync(pidFile(t), 'utf8').trim()).toBe(String(second));
    expect(daemonPids(t)).toEqual([second]);
    expect(existsSync(join(t.cacheDir, `.tmp-${first}-1`))).toBe(false);
    await waitForContext(t, 'alpha');
  });

  it("a starting daemon leaves a live writer's temp file (a shell's fallback mid-write) and removes a dead one's", async () => {
    const t = envWithKubeconfig();
    mkdirSync(t.cacheDir, { mode: 0o700 });
    const writer = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const live = join(t.cacheDir, `.tmp-${writer.pid}-1`);
      const dead = join(t.cacheDir, '.tmp-999999999-1');
      writeFileSync(live, 'being written');
      // A writer dates its temp file after the entry's sources, which may be days old.
      utimesSync(live, new Date(2001, 0, 1), new Date(2001, 0, 1));
      writeFileSync(dead, 'torn write');
      await spawnDaemon(t);
      await waitForContext(t, 'alpha');
      expect(existsSync(live)).toBe(true);
      expect(existsSync(dead)).toBe(false);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('one daemon per cache folder, however its path is spelled (trailing /, //, .., a symlinked parent)', async () => {
    const t = envWithKubeconfig();
    const daemon = await spawnDaemon(t);
    // A symlinked parent, as XDG_RUNTIME_DIR can be (/var/run -> /run).
    const linkedParent = join(t.root, 'runtime-link');
    symlinkSync(t.root, linkedParent);
    const spellings = [`${t.cacheDir}/`, `/${t.cacheDir}`, `${t.cacheDir}/../cache/.`, join(linkedParent, 'cache')];
    for (const spelling of spellings) {
      const second = await cli({ ...t, env: { ...t.env, KCTX_GUARD_DIR: spelling } }, ['daemon', 'run', '--quiet']);
      expect(second.code, `a second daemon started for ${spelling}`).not.toBe(0);
      expect(second.stderr).toMatch(/already running/);
    }
    expect(daemon.alive()).toBe(true);
    expect(daemonPids(t)).toEqual([daemon.pid]);
    expect(readFileSync(pidFile(t), 'utf8').trim()).toBe(String(daemon.pid));
  });

  it('daemon run refuses to start a second daemon in the foreground', async () => {
    const t = envWithKubeconfig();
    const daemon = await spawnDaemon(t);
    const second = await cli(t, ['daemon', 'run', '--quiet']);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/already running/);
    expect(daemon.alive()).toBe(true);
    expect(daemonPids(t)).toEqual([daemon.pid]);
  });
});

describe('signals', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} stops the daemon cleanly: exit status 0, pid file removed, socket released`, async () => {
      const t = envWithKubeconfig();
      const daemon = await spawnDaemon(t);
      await waitForContext(t, 'alpha');
      expect(existsSync(pidFile(t))).toBe(true);
      daemon.proc.kill(signal);
      expect(await daemon.exited).toEqual({ code: 0, signal: null });
      expect(existsSync(pidFile(t))).toBe(false);
      expect(await daemonInfo(t)).toBeUndefined();
      expect(readFileSync(t.logFile, 'utf8')).toContain(`stopping: ${signal}`);
      // The released lock lets a new daemon start at once.
      const next = await spawnDaemon(t);
      expect(next.alive()).toBe(true);
    });
  }

  it('SIGHUP reloads: logs it, recomputes and rewrites the entry, keeps running', async () => {
    const t = envWithKubeconfig();
    const daemon = await spawnDaemon(t);
    const before = await waitForContext(t, 'alpha');
    const beforeIno = statSync(before.file).ino;
    const beforeComputed = before.entry.details.computedAt;
    daemon.proc.kill('SIGHUP');
    const after = await waitForEntry(t, (read) => read.entry.details.computedAt !== beforeComputed);
    expect(after.entry.details.context).toBe('alpha');
    expect(statSync(after.file).ino).not.toBe(beforeIno);
    expect(readFileSync(t.logFile, 'utf8')).toMatch(/SIGHUP/);
    expect(daemon.alive()).toBe(true);
    expect((await daemonInfo(t))?.pid).toBe(daemon.pid);
  });
});
