/** Starting, stopping and querying the background daemon from the CLI. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beatIsLive, ensurePrivateDir, readHeartbeatAgeS } from '../cache/index.js';
import { controlAddress, sendControl } from '../daemon/control.js';
import { fileLogger } from '../daemon/log.js';
import { cacheDir, homeDir, stateDir, type Env } from '../locations.js';
import { commandLine, processRuns } from '../process-runs.js';

export interface DaemonInfo {
  pid: number;
  startedAt: string;
  cacheDir: string;
  logFile: string;
  served: { name: string; kubeconfig: string | null; level: string | null }[];
  /** The longest-running compute, while one runs. */
  busy?: { entry: string; forMs: number; file: string | null };
  /** Reads past the compute budget that have not returned (a hung mount). */
  stuck?: { entry: string; file: string | null; forMs: number }[];
}

/** The script that starts kctx-guard, for spawning the daemon with the same code. */
export const BIN_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'kctx-guard.js');

export async function queryDaemon(env: Env, timeoutMs = 1500): Promise<DaemonInfo | undefined> {
  const reply = (await sendControl(cacheDir(env), { cmd: 'status' }, timeoutMs)) as DaemonInfo | undefined;
  return reply && typeof reply.pid === 'number' ? reply : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

function logTail(env: Env, lines = 5): string {
  const file = join(stateDir(env), 'daemon.log');
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export class DaemonStartError extends Error {
  override readonly name = 'DaemonStartError';
}

/** Whether some process holds the control socket (accepts a connection), answering or not. */
function socketHeld(dir: string, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path: controlAddress(dir) });
    const done = (held: boolean): void => {
      socket.destroy();
      resolve(held);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processRuns(pid)) return true;
    await sleep(50);
  }
  return !processRuns(pid);
}

/**
 * A daemon that holds the control socket but neither answers nor beats (stopped with SIGSTOP, or
 * wedged) serves nobody, and its lock keeps a working one from starting: it is ended (SIGTERM and
 * SIGCONT, so a stopped one can exit cleanly; then SIGKILL). Only a process that holds our socket and
 * runs kctx-guard: a pid file surviving a reboot may name another program by now.
 * @returns the pid replaced, or undefined when there was none to replace.
 * @throws DaemonStartError when it will not go (a process stuck in the kernel on a hung mount).
 */
async function endSilentDaemon(env: Env, dir: string): Promise<number | undefined> {
  const ageS = readHeartbeatAgeS(dir);
  if (beatIsLive(ageS)) return undefined;
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, 'daemon.pid'), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid || !processRuns(pid)) return undefined;
  if (!(await socketHeld(dir)) || !/kctx-guard/.test(commandLine(pid))) return undefined;
  const silent = `the daemon (pid ${pid}) holds its socket but answers nothing and ${
    ageS === undefined ? 'writes no heartbeat' : `has not beaten for ${ageS} s`
  } (stopped, or hung)`;
  const log = fileLogger(stateDir(env));
  log.error(`${silent}: ending it to start another`);
  for (const signal of ['SIGTERM', 'SIGCONT'] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  }
  if (!(await waitGone(pid, 2000))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
    if (!(await waitGone(pid, 2000)))
      throw new DaemonStartError(
        `${silent}, and it does not exit even on SIGKILL: it is stuck in the kernel, e.g. on a hung mount (its state: /proc/${pid}/stat or ps -o stat= -p ${pid}).\n` +
          'fix: make the mount respond again (or unmount it with umount -l), then run kctx-guard daemon start',
      );
  }
  return pid;
}

/**
 * Starts the daemon detached, unless one already answers. The daemon serves the default
 * kubeconfig; shells with another KUBECONFIG register themselves.
 * @throws CacheDirError for an unsafe cache folder; DaemonStartError when it does not come up.
 */
export async function startDaemon(
  env: Env,
  timeoutMs = 5000,
): Promise<{ already: boolean; info: DaemonInfo; replaced?: number }> {
  const running = await queryDaemon(env);
  if (running) return { already: true, info: running };
  ensurePrivateDir(cacheDir(env));
  const replaced = await endSilentDaemon(env, cacheDir(env));
  const childEnv: Env = { ...env };
  delete childEnv['KUBECONFIG'];
  const child = spawn(process.execPath, [BIN_SCRIPT, '__daemon'], {
    detached: true,
    stdio: 'ignore',
    env: childEnv,
    cwd: homeDir(env),
  });
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? 1));
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await sleep(50);
    const info = await queryDaemon(env, 500);
    if (info) return { already: info.pid !== child.pid, info, ...(replaced ? { replaced } : {}) };
    // Status 0 is the loser of a start race: another daemon holds the lock and may need a moment
    // more before it answers, so keep asking it until the deadline. Any other status is a failure.
    if (exited !== null && exited !== 0) break;
  }
  const tail = logTail(env);
  throw new DaemonStartError(
    `the daemon did not start${
      exited === 0
        ? `: another one holds its lock but did not answer within ${timeoutMs} ms`
        : exited !== null
          ? ` (exit status ${exited})`
          : ` within ${timeoutMs} ms`
    }${tail ? `; last log lines:\n${tail}` : ''}\n` +
      'fix: run it in the foreground to see why (kctx-guard daemon run --verbose), or check the cache folder with kctx-guard doctor',
  );
}

/** Asks the daemon to stop and waits until it is gone. Returns the pid it had, or undefined if none ran. */
export async function stopDaemon(env: Env, timeoutMs = 5000): Promise<number | undefined> {
  const info = await queryDaemon(env);
  if (!info) return undefined;
  await sendControl(cacheDir(env), { cmd: 'stop' });
  const deadline = Date.now() + timeoutMs;
  // Gone means the process is gone, not only its socket: until it exits it may still write (re-create
  // a cache folder that `uninstall` just removed, for one).
  while (Date.now() < deadline) {
    if (!(await queryDaemon(env, 300)) && !processRuns(info.pid)) return info.pid;
    await sleep(50);
  }
  process.kill(info.pid, 'SIGTERM');
  return info.pid;
}
