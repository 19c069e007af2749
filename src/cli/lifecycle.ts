/** Starting, stopping and querying the background daemon from the CLI. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePrivateDir } from '../cache/index.js';
import { sendControl } from '../daemon/control.js';
import { cacheDir, homeDir, stateDir, type Env } from '../locations.js';
import { hasProcFs } from '../platform.js';

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

/** Whether `pid` still runs; a zombie nobody reaps (PID 1 in some containers) has no cwd link and counts as gone. */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !hasProcFs() || !existsSync('/proc/self') || existsSync(`/proc/${pid}/cwd`);
}

function logTail(env: Env, lines = 5): string {
  const file = join(stateDir(env), 'daemon.log');
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export class DaemonStartError extends Error {
  override readonly name = 'DaemonStartError';
}

/**
 * Starts the daemon detached, unless one already answers. The daemon serves the default
 * kubeconfig; shells with another KUBECONFIG register themselves.
 * @throws CacheDirError for an unsafe cache folder; DaemonStartError when it does not come up.
 */
export async function startDaemon(env: Env, timeoutMs = 5000): Promise<{ already: boolean; info: DaemonInfo }> {
  const running = await queryDaemon(env);
  if (running) return { already: true, info: running };
  ensurePrivateDir(cacheDir(env));
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
    if (info) return { already: info.pid !== child.pid, info };
    if (exited !== null) break;
  }
  const tail = logTail(env);
  throw new DaemonStartError(
    `the daemon did not start${exited !== null ? ` (exit status ${exited})` : ` within ${timeoutMs} ms`}${tail ? `; last log lines:\n${tail}` : ''}\n` +
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
