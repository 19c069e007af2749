/**
 * Runs the daemon in this process: takes the single-instance lock, writes the pid file,
 * serves until SIGTERM/SIGINT or a `stop` request, reloads on SIGHUP, and cleans up.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePrivateDir, entryKey, heartbeatPath, type Entry } from '../cache/index.js';
import { cacheDir, configFile, homeDir, stateDir, type Env } from '../locations.js';
import { listenControl } from './control.js';
import { startHeartbeat } from './heartbeat.js';
import { Daemon } from './daemon.js';
import { measureSettleWaitMs } from './granularity.js';
import { fileLogger } from './log.js';
import { TIMING } from './timing.js';
import { watchForUpgrade } from './upgrade.js';

export interface RunOptions {
  env: Env;
  cwd: string;
  /** Called for every entry written for the daemon's own KUBECONFIG (the foreground status line). */
  onOwnEntry?: (entry: Entry) => void;
  /** Copy log lines here too (foreground `--verbose`). */
  echoLog?: (line: string) => void;
  /**
   * When the package is upgraded under the running daemon: `hand-over` (the background daemon)
   * starts a daemon of the new version in its place; `exit` (a foreground or service run) exits
   * with status 75, so that its caller or the service manager starts it again.
   */
  onUpgrade?: 'hand-over' | 'exit';
}

/**
 * What the compute and stat threads are doing: `busy` is the longest-running compute, `stuck` the
 * reads and stats past their budget that have not returned (a hung mount).
 */
function computeStatus(daemon: Daemon | undefined): Record<string, unknown> {
  const status = daemon?.computeStatus();
  if (!status) return {};
  const longest = [...status.computing].sort((a, b) => b.forMs - a.forMs)[0];
  return {
    ...(longest ? { busy: { entry: longest.entry, forMs: longest.forMs, file: longest.file ?? null } } : {}),
    ...(status.stuck.length > 0 ? { stuck: status.stuck.map((read) => ({ ...read, file: read.file ?? null })) } : {}),
  };
}

/** Exit status of a daemon that stopped because the package was upgraded (EX_TEMPFAIL). */
export const EXIT_UPGRADED = 75;

/** The installed package this code runs from (dist/daemon/ → the package root). */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningDaemon {
  pid: number;
  cacheDir: string;
  logFile: string;
  /** Resolves when the daemon has shut down. */
  stopped: Promise<void>;
  stop(reason: string): Promise<void>;
}

/**
 * @throws AlreadyRunningError when a daemon already serves this cache folder; CacheDirError when
 *   the folder is not private.
 */
export async function runDaemon(options: RunOptions): Promise<RunningDaemon> {
  const dir = cacheDir(options.env);
  ensurePrivateDir(dir);
  // An existing config folder is a quiet freshness path; a missing one would make its busy
  // ancestor (often $HOME) one, and every file created there would stale every entry.
  mkdirSync(dirname(configFile(options.env)), { recursive: true, mode: 0o700 });
  const log = fileLogger(stateDir(options.env), options.echoLog);
  const home = homeDir(options.env);
  const ownKubeconfig = options.env['KUBECONFIG'] || undefined;
  let daemon: Daemon | undefined;
  let finish: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (finish = resolve));
  let stopping: Promise<void> | undefined;
  const pidFile = join(dir, 'daemon.pid');
  const startedAt = new Date().toISOString();

  // Releases the lock and the pid file; `stop` then resolves `stopped`, an upgrade hands over instead.
  const shutDown = async (reason: string): Promise<void> => {
    log.info(`stopping: ${reason}`);
    stopWatchingPackage();
    stopBeating();
    // Watches and timers first: once the socket stops answering, nothing of ours writes any more.
    await daemon?.stop();
    await server.close();
    try {
      if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) {
        rmSync(pidFile);
        // No beat means no daemon, at once rather than after the heartbeat goes stale.
        rmSync(heartbeatPath(dir), { force: true });
      }
    } catch {
      // Already gone.
    }
  };
  const stop = (reason: string): Promise<void> => {
    stopping ??= shutDown(reason).then(finish);
    return stopping;
  };
  let stopWatchingPackage: () => void = () => {};
  let stopBeating: () => void = () => {};

  const server = await listenControl(dir, {
    command: (cmd) => {
      if (cmd === 'stop') void stop('stop requested');
      else return daemon?.reloadAll();
    },
    status: () => ({
      pid: process.pid,
      startedAt,
      cacheDir: dir,
      logFile: log.file,
      served: [...(daemon?.served.values() ?? [])].map((served) => ({
        name: served.name,
        kubeconfig: served.kubeconfig ?? null,
        level: served.last?.level ?? null,
      })),
      ...computeStatus(daemon),
    }),
    // Without its socket the daemon is no longer the single instance, and nobody can ask it anything.
    lost: (reason) => {
      log.error(reason);
      process.exit(1);
    },
  });
  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  // From this thread, the one that serves entries: if it stops (SIGSTOP) or hangs, so do the beats.
  stopBeating = startHeartbeat(dir, log);
  const settleWaitMs = measureSettleWaitMs(dir);
  log.info(`started: cache ${dir}, config ${configFile(options.env)}, settle wait ${settleWaitMs} ms`);
  const configHome = options.env['XDG_CONFIG_HOME'] ?? '';
  const ownKey = entryKey({ home, configHome, kubeconfig: ownKubeconfig, cwd: options.cwd });
  daemon = new Daemon({
    cacheDir: dir,
    configFile: configFile(options.env),
    home,
    configHome,
    log,
    settleWaitMs,
    stateDir: stateDir(options.env),
    onEntry: (served, entry) => {
      if (served.key === ownKey) options.onOwnEntry?.(entry);
    },
    // The daemon has logged why. Exit at once and non-zero, without resolving `stopped` (whose
    // callers exit 0): a quiet stop would look clean. Nothing of ours is left in that folder.
    onUnsafeCache: () => process.exit(1),
  });
  daemon.start(ownKubeconfig, options.cwd);
  stopWatchingPackage = watchForUpgrade(PACKAGE_ROOT, TIMING.upgradeCheckMs, (from, to) => {
    const what = from.version === to.version ? `${from.version} was rebuilt` : `${from.version} → ${to.version}`;
    stopping ??= (async () => {
      if ((options.onUpgrade ?? 'hand-over') === 'exit') {
        log.info(`kctx-guard was upgraded (${what}): exiting, to be started again with the new code`);
        process.stderr.write(
          `kctx-guard was upgraded (${what}); this daemon exits: run it again for the new version\n`,
        );
        await shutDown('upgraded');
        process.exit(EXIT_UPGRADED);
      }
      log.info(`kctx-guard was upgraded (${what}): handing over to a daemon of the new version`);
      await shutDown('upgraded');
      spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'kctx-guard.js'), '__daemon'], {
        detached: true,
        stdio: 'ignore',
        env: options.env,
        cwd: options.cwd,
      }).unref();
      process.exit(0);
    })();
  });
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // A crash must leave its reason in the log: all a prompt can show is that the daemon is down.
  process.on('uncaughtException', (error) => {
    log.error(`crashed: ${error.stack ?? error.message}`);
    process.exit(70);
  });
  process.on('SIGHUP', () => {
    log.info('SIGHUP: reloading rules and recomputing every entry');
    void daemon?.reloadAll();
  });
  return { pid: process.pid, cacheDir: dir, logFile: log.file, stopped, stop };
}
