/**
 * The one way to run the daemon outside the program itself: `kctx-guard __daemon` as our child
 * (so its pid and exit are ours to see), and finding and killing, by pid, every daemon that
 * serves a temp environment's cache folder, including ones a shell hook started.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './env.mjs';

/** Generous on a loaded 2-core machine; a healthy daemon answers in well under 100 ms. */
export const WAIT_MS = 5000;

/**
 * @typedef {object} DaemonChild
 * @property {import('node:child_process').ChildProcess} proc
 * @property {number} pid
 * @property {Promise<{ code: number | null; signal: NodeJS.Signals | null }>} exited Resolves when the process exits.
 * @property {() => string} stderr Everything it wrote to stderr so far.
 * @property {() => boolean} alive
 * @property {(signal?: NodeJS.Signals) => void} stop Sends `signal` (SIGTERM) unless it has exited.
 */

/**
 * Starts `kctx-guard __daemon` in `t.home` with exactly `t.env` (plus `extraEnv`); does not wait for it.
 * @param {{ home: string; env: Record<string, string> }} t
 * @param {{ bin?: string; extraEnv?: Record<string, string>; wrap?: (argv: [string, ...string[]]) => [string, ...string[]] }} [options]
 *   `bin`: another build of the launcher; `wrap`: runs the argv under another program (e.g. setpriv).
 * @returns {DaemonChild}
 */
export function spawnDaemon(t, options = {}) {
  /** @type {[string, ...string[]]} */
  const argv = [process.execPath, options.bin ?? BIN, '__daemon'];
  const [command, ...args] = options.wrap ? options.wrap(argv) : argv;
  const proc = spawn(command, args, {
    cwd: t.home,
    env: { ...t.env, ...options.extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (/** @type {Buffer} */ chunk) => {
    stderr += chunk.toString('utf8');
  });
  /** @type {DaemonChild['exited']} */
  const exited = new Promise((done) => proc.on('exit', (code, signal) => done({ code, signal })));
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  return {
    proc,
    pid: /** @type {number} */ (proc.pid),
    exited,
    stderr: () => stderr,
    alive,
    stop: (signal = 'SIGTERM') => {
      if (alive()) proc.kill(signal);
    },
  };
}

/**
 * Whether `<cacheDir>/daemon.pid` names `pid` (the daemon writes it once it listens).
 * @param {string} cacheDir
 * @param {number} pid
 */
export function pidFileHolds(cacheDir, pid) {
  try {
    return readFileSync(join(cacheDir, 'daemon.pid'), 'utf8').trim() === String(pid);
  } catch {
    return false;
  }
}

/**
 * Whether `pid` runs and is not a zombie.
 * @param {number} pid
 */
/**
 * The state letter of `pid` from /proc (R, S, T for stopped, Z for a zombie…), or `gone`.
 * @param {number} pid
 * @returns {string}
 */
export function processState(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0] ?? '';
  } catch {
    return 'gone';
  }
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/**
 * Pids of every live daemon process serving `cacheDir`, found through /proc.
 * @param {string} cacheDir
 * @param {{ bin?: string }} [options] `bin`: only daemons started from this launcher.
 * @returns {number[]}
 */
export function daemonPids(cacheDir, options = {}) {
  /** @type {number[]} */
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (!cmdline.includes('__daemon') || (options.bin !== undefined && !cmdline.includes(options.bin))) continue;
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (environ.includes(`KCTX_GUARD_DIR=${cacheDir}`) && isAlive(Number(name))) pids.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/**
 * SIGKILLs every daemon serving `cacheDir` (by pid).
 * @param {string} cacheDir
 * @param {{ bin?: string }} [options]
 */
export function killDaemons(cacheDir, options = {}) {
  for (const pid of daemonPids(cacheDir, options)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

/**
 * @param {number} ms
 * @returns {Promise<void>}
 */
export function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * Polls `condition` every 20 ms.
 * @param {() => boolean | Promise<boolean>} condition
 * @param {string} what Said in the error.
 * @param {number} [timeoutMs]
 * @throws {Error} when `condition` does not hold within `timeoutMs`, or when it throws.
 */
export async function waitUntil(condition, what, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(20);
  }
}
