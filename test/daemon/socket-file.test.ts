/**
 * The control socket on the macOS code path (a socket file, no abstract socket, no /proc), forced on
 * Linux with KCTX_GUARD_TEST_PLATFORM=darwin: one daemon per cache folder through SIGKILL, races,
 * a frozen daemon and a cleaner that removes the socket.
 */
import { execFileSync } from 'node:child_process';
import { nameHash } from '../../src/daemon/control.js';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
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
  waitUntil,
  type TestEnv,
} from '../helpers/daemon.js';

// This process talks to the daemons too (daemonInfo): it must take the same path.
process.env['KCTX_GUARD_TEST_PLATFORM'] = 'darwin';

beforeAll(ensureBuilt);
afterEach(cleanup);

function macEnv(): TestEnv {
  const t = makeEnv();
  Object.assign(t.env, { NODE_ENV: 'test', KCTX_GUARD_TEST_PLATFORM: 'darwin' });
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }]));
  return t;
}

const link = (t: TestEnv): string => join(t.cacheDir, 'daemon.sock');
const own = (t: TestEnv, pid: number): string => join(t.cacheDir, `daemon-${pid}.sock`);
const pidOf = (output: string): number => Number(/pid (\d+)/.exec(output)![1]);

/** Whether the kernel lists the abstract socket a Linux daemon for this cache folder binds. */
function abstractSocketBound(t: TestEnv): boolean {
  const digest = nameHash(realpathSync(t.cacheDir));
  const name = `@kctx-guard-${process.getuid?.() ?? 0}-${digest}`;
  return (
    readFileSync('/proc/net/unix', 'utf8')
      .split('\n')
      // Node pads the abstract name with NUL bytes, which the kernel lists as '@'.
      .some((line) => line.split(' ').pop()?.replace(/@+$/, '') === name)
  );
}

describe('the socket file path (KCTX_GUARD_TEST_PLATFORM=darwin)', () => {
  it('binds daemon-<pid>.sock, links daemon.sock to it, binds no abstract socket; a clean stop removes both', async () => {
    const t = macEnv();
    const daemon = await spawnDaemon(t);
    expect(readlinkSync(link(t))).toBe(`daemon-${daemon.pid}.sock`);
    expect(lstatSync(own(t, daemon.pid)).isSocket()).toBe(true);
    expect(abstractSocketBound(t)).toBe(false);
    const status = await cli(t, ['daemon', 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`pid ${daemon.pid}`);
    daemon.stop();
    expect(await daemon.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(own(t, daemon.pid))).toBe(false);
    expect(lstatSync(link(t), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('is honoured only with NODE_ENV=test: otherwise Linux binds its abstract socket', async () => {
    const t = macEnv();
    t.env['NODE_ENV'] = 'production';
    const started = await cli(t, ['daemon', 'start']);
    expect(started.code, started.stderr).toBe(0);
    expect(existsSync(link(t))).toBe(false);
    expect(abstractSocketBound(t)).toBe(true);
    await cli(t, ['daemon', 'stop']);
  });

  it('after SIGKILL the socket file is stale: status says not running, the next start takes it over', async () => {
    const t = macEnv();
    const first = pidOf((await cli(t, ['daemon', 'start'])).stdout);
    await waitForContext(t, 'alpha');
    process.kill(first, 'SIGKILL');
    await waitUntil(() => !isAlive(first), 'the killed daemon is gone');
    expect(lstatSync(own(t, first)).isSocket()).toBe(true);
    expect((await cli(t, ['daemon', 'status'])).code).toBe(1);

    const again = await cli(t, ['daemon', 'start']);
    expect(again.code, again.stderr).toBe(0);
    const second = pidOf(again.stdout);
    expect(second).not.toBe(first);
    expect(readlinkSync(link(t))).toBe(`daemon-${second}.sock`);
    expect(existsSync(own(t, first))).toBe(false);
    expect(daemonPids(t)).toEqual([second]);
    await waitForContext(t, 'alpha');
  });

  it('two starts racing for a stale socket file leave exactly one daemon, reachable through daemon.sock', async () => {
    for (let round = 0; round < 3; round++) {
      const t = macEnv();
      const dead = await spawnDaemon(t);
      dead.stop('SIGKILL');
      await dead.exited;
      const [a, b] = await Promise.all([cli(t, ['daemon', 'start']), cli(t, ['daemon', 'start'])]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      expect(pidOf(a.stdout)).toBe(pidOf(b.stdout));
      await waitUntil(() => daemonPids(t).length === 1, 'only one daemon process is left');
      expect(daemonPids(t)).toEqual([pidOf(a.stdout)]);
      expect((await daemonInfo(t))?.pid).toBe(pidOf(a.stdout));
    }
  });

  it('never takes the socket of a daemon that is alive but not answering (SIGSTOP)', async () => {
    const t = macEnv();
    const daemon = await spawnDaemon(t);
    process.kill(daemon.pid, 'SIGSTOP');
    try {
      const second = await cli(t, ['daemon', 'run', '--quiet']);
      expect(second.code).not.toBe(0);
      expect(second.stderr).toMatch(/already running/);
      expect(readlinkSync(link(t))).toBe(`daemon-${daemon.pid}.sock`);
    } finally {
      process.kill(daemon.pid, 'SIGCONT');
    }
    await waitUntil(async () => (await daemonInfo(t))?.pid === daemon.pid, 'the daemon answers again');
    expect(daemonPids(t)).toEqual([daemon.pid]);
  });

  it('binds again when a cleaner removes its socket files, so no second daemon starts', async () => {
    const t = macEnv();
    const daemon = await spawnDaemon(t);
    rmSync(link(t));
    rmSync(own(t, daemon.pid));
    expect(await daemonInfo(t, 300)).toBeUndefined();
    await waitUntil(async () => (await daemonInfo(t, 300))?.pid === daemon.pid, 'the daemon answers again', 8000);
    const start = await cli(t, ['daemon', 'start']);
    expect(start.stdout).toContain(`already running (pid ${daemon.pid})`);
    expect(daemonPids(t)).toEqual([daemon.pid]);
  });

  it('a daemon whose socket name another daemon took exits, leaving the other one alone', async () => {
    const t = macEnv();
    const first = await spawnDaemon(t);
    rmSync(link(t));
    rmSync(own(t, first.pid));
    // Another daemon, as it would stand there after finding the name free: listening, and linked.
    const other = createServer((socket) => socket.end());
    const otherFile = join(t.cacheDir, 'daemon-1.sock');
    await new Promise<void>((done) => other.listen(otherFile, done));
    symlinkSync('daemon-1.sock', link(t));
    try {
      expect((await first.exited).code).toBe(1);
      expect(readFileSync(t.logFile, 'utf8')).toMatch(/was taken over/);
      expect(readlinkSync(link(t))).toBe('daemon-1.sock');
      expect(lstatSync(otherFile).isSocket()).toBe(true);
    } finally {
      other.close();
    }
  });
});

describe('no /proc in the CLI on the macOS path', () => {
  const hasStrace = (() => {
    try {
      execFileSync('strace', ['-o', '/dev/null', 'true'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  /** Runs `daemon stop` under strace and returns the file paths it looked at. */
  function traceStop(t: TestEnv): string {
    const trace = join(t.root, `stop-${Date.now()}.strace`);
    execFileSync('strace', ['-f', '-e', 'trace=%file', '-o', trace, process.execPath, BIN, 'daemon', 'stop'], {
      env: t.env,
      cwd: t.home,
      stdio: 'ignore',
    });
    return readFileSync(trace, 'utf8');
  }

  /** The trace without the lines of `ps` processes (on Linux ps reads /proc; on macOS it asks the kernel). */
  const withoutPs = (trace: string): string => {
    const ps = new Set([...trace.matchAll(/^(\d+)\s+execve\("[^"]*\/ps"/gm)].map((match) => match[1]));
    return trace
      .split('\n')
      .filter((line) => !ps.has(/^(\d+)/.exec(line)?.[1] ?? ''))
      .join('\n');
  };

  it.skipIf(!hasStrace)(
    'daemon stop tells a gone daemon with kill -0 and ps, never through /proc/<pid> itself',
    async () => {
      const t = macEnv();
      const pid = pidOf((await cli(t, ['daemon', 'start'])).stdout);
      expect(withoutPs(traceStop(t))).not.toContain(`/proc/${pid}/`);
      await waitUntil(() => !isAlive(pid), 'the daemon process is gone');

      // The check can fail: the Linux path looks there.
      const linux = macEnv();
      delete linux.env['KCTX_GUARD_TEST_PLATFORM'];
      const linuxPid = pidOf((await cli(linux, ['daemon', 'start'])).stdout);
      expect(traceStop(linux)).toContain(`/proc/${linuxPid}/cwd`);
    },
  );
});
