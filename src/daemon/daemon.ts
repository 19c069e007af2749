/**
 * The daemon's pipeline: keeps one cache entry per served KUBECONFIG value equal to what kubectl
 * would use, recomputing on folder events, after writes settle, and on a slow safety timer. It never
 * writes an entry whose sources changed while they were read. This class routes events and runs the
 * safety timer; registrations.ts decides what is served, refresh.ts writes entries, folders.ts
 * guards the cache folder and the watches.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { heartbeatPath, removeStalePanes, type Entry } from '../cache/index.js';
// Only the clean-up: the folder's index also holds the CLI's switching code, which the daemon never runs.
import { removeDeadOverlays } from '../overlay/cleanup.js';
import { kubeconfigFilesOf } from '../pipeline/index.js';
import { hasProcFs } from '../platform.js';
import { ComputePool, type StuckRead } from './compute-pool.js';
import { DaemonFolders } from './folders.js';
import { DaemonIdentities } from './identities.js';
import { DaemonDeclared } from './declared.js';
import { FetchPool } from './declared-fetches.js';
import type { Logger } from './log.js';
import { Refresher } from './refresh.js';
import { Registrations } from './registrations.js';
import type { Served } from './served.js';
import { removeDeadWritersTemps } from './leftovers.js';
import { isUnder, StatPool, type StuckStat } from './stat-pool.js';
import {
  COMPUTE,
  computeBudgetMs,
  DECLARED_FETCH,
  declaredFetchBudgetMs,
  STAT,
  RELOAD_WAIT_MS,
  statBudgetMs,
  TIMING,
} from './timing.js';

export { TIMING } from './timing.js';

export interface DaemonOptions {
  cacheDir: string;
  configFile: string;
  home: string;
  /** The daemon's XDG_CONFIG_HOME (empty when unset): with `home`, the key of the default entry it always serves. */
  configHome: string;
  log: Logger;
  /** See granularity.ts: how long after a source's mtime a read can be trusted. */
  settleWaitMs: number;
  onEntry?: (served: Served, entry: Entry) => void;
  /** Where the identity memory is kept (identities.json); without it, levels follow names and extensions alone. */
  stateDir?: string;
  /** The cache folder became unsafe while running (the reason is logged): the daemon must not write into it any more. */
  onUnsafeCache?: (reason: string) => void;
}

function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

export class Daemon {
  readonly served = new Map<string, Served>();
  private readonly folders: DaemonFolders;
  private readonly refresher: Refresher;
  private readonly registrations: Registrations;
  private readonly pool: ComputePool;
  private readonly stats: StatPool;
  private readonly identities: DaemonIdentities | undefined;
  private readonly fetches: FetchPool;
  private readonly declared: DaemonDeclared | undefined;
  private safety: NodeJS.Timeout | undefined;
  private overlaySweep: NodeJS.Timeout | undefined;
  private readonly keptOverlays = new Set<string>();
  /** Per `reload` being answered: the entries not rewritten since, and how to say they all are. */
  private readonly rewrites = new Map<Set<string>, () => void>();

  constructor(private readonly options: DaemonOptions) {
    const logError = (message: string): void => options.log.error(message);
    this.stats = new StatPool(
      { ...STAT, budgetMs: statBudgetMs() },
      (path) => {
        options.log.info(`the stat of ${path} returned`);
        this.refresher.recovered(path);
        // A watch kept or not opened while the folder hung is put right.
        this.folders.updateWatches();
      },
      logError,
    );
    this.folders = new DaemonFolders(options, this.served, this.stats, (path) => this.onEvent(path));
    const budgetMs = computeBudgetMs();
    this.pool = new ComputePool({ ...COMPUTE, budgetMs }, (file) => this.refresher.recovered(file), logError);
    this.identities = options.stateDir === undefined ? undefined : new DaemonIdentities(options.stateDir, options.log);
    this.fetches = new FetchPool({ ...DECLARED_FETCH, budgetMs: declaredFetchBudgetMs() }, logError);
    this.declared =
      options.stateDir === undefined
        ? undefined
        : new DaemonDeclared(
            options.stateDir,
            options.log,
            this.fetches,
            (id) => this.onDeclaredChange(id),
            (name) => this.served.has(name),
          );
    this.refresher = new Refresher(
      {
        ...options,
        onEntry: (served, entry) => {
          for (const pending of this.rewrites.keys()) pending.delete(served.name);
          this.settleRewrites();
          options.onEntry?.(served, entry);
        },
      },
      this.served,
      this.folders,
      this.pool,
      budgetMs,
      this.stats,
      this.identities,
      this.declared,
    );
    this.registrations = new Registrations(options, this.served, this.folders, this.refresher);
  }

  /** Serves the default kubeconfig, `ownKubeconfig` and every live registration. */
  start(ownKubeconfig: string | undefined, cwd: string): void {
    removeDeadWritersTemps(this.options.cacheDir);
    this.registrations.register(undefined, cwd);
    if (ownKubeconfig) this.registrations.register(ownKubeconfig, cwd);
    this.registrations.scan();
    this.registrations.dropUnregisteredEntries();
    this.folders.updateWatches();
    this.safety = setInterval(() => this.safetyCheck(), TIMING.safetyMs);
    this.sweepOverlays();
    this.overlaySweep = setInterval(() => this.sweepOverlays(), TIMING.overlaySweepMs);
  }

  /**
   * Removes the overlays (src/overlay/cleanup.ts) and tmux pane files (src/cache/pane.ts) of shells
   * that are gone: a few stats of the cache folder's own files.
   */
  private sweepOverlays(): void {
    for (const path of removeStalePanes(this.options.cacheDir, hasProcFs()))
      this.options.log.info(`removed the pane file of a shell that is gone: ${path}`);
    const { removed, kept } = removeDeadOverlays(this.options.cacheDir, hasProcFs());
    for (const path of removed) this.options.log.info(`removed the overlay of a shell that is gone: ${path}`);
    for (const path of kept)
      if (!this.keptOverlays.has(path)) {
        this.keptOverlays.add(path);
        this.options.log.info(`kept ${path}: its shell is gone, but it holds what kctx-guard did not write`);
      }
  }

  async stop(): Promise<void> {
    clearInterval(this.safety);
    clearInterval(this.overlaySweep);
    for (const served of this.served.values()) this.refresher.cancel(served);
    this.declared?.stop();
    this.fetches.close();
    await this.pool.close();
    this.stats.close();
    await this.folders.close();
  }

  /** Entries being computed now, and reads and stats past their budget that have not returned (`daemon status`). */
  computeStatus(): { computing: StuckRead[]; stuck: (StuckRead | StuckStat)[] } {
    const { computing, stuck } = this.pool.status();
    // A stuck stat holds up every entry with a source at or below its path, whoever asked for it.
    const stats = this.stats.status().map((stat) => {
      const held = [...this.served.values()].filter((served) => served.paths.some((path) => isUnder(path, stat.file)));
      return held.length > 0 ? { ...stat, entry: held.map((served) => served.name).join(', ') } : stat;
    });
    return { computing, stuck: [...stuck.map((read) => ({ ...read, op: 'read' as const })), ...stats] };
  }

  /**
   * Recomputes every entry now (SIGHUP, `reload`). Resolves once each entry served at the call has
   * been rewritten, or after `waitMs`: `ack` and `identities forget` answer after that, so the prompt
   * drawn right after them already follows what they changed.
   */
  reloadAll(waitMs = RELOAD_WAIT_MS): Promise<void> {
    // `identities forget` asks for a reload after it changed the memory's file.
    this.identities?.reload();
    // Reloading asks the clusters again too: the way to see a new declaration before its TTL is up
    // (and `identities forget` dropped some clusters' answers from their file).
    this.declared?.reload();
    const pending = new Set(this.served.keys());
    const rewritten = new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), waitMs);
      const done = (): void => {
        clearTimeout(timer);
        this.rewrites.delete(pending);
        resolve();
      };
      this.rewrites.set(pending, done);
    });
    for (const served of this.served.values()) this.refresher.schedule(served, 0, true);
    this.settleRewrites();
    return rewritten;
  }

  /** Answers the reloads whose entries are all rewritten (or no longer served). */
  private settleRewrites(): void {
    for (const [pending, done] of this.rewrites) {
      for (const name of pending) if (!this.served.has(name)) pending.delete(name);
      if (pending.size === 0) done();
    }
  }

  /** A cluster declared another level: every entry whose target reaches it is recomputed now. */
  private onDeclaredChange(id: string): void {
    for (const served of this.served.values())
      if (served.last?.details.identity?.id === id) this.refresher.schedule(served, 0, true);
  }

  /** One bad event must not take the daemon down: log it; the safety check repairs what it missed. */
  private onEvent(path: string): void {
    try {
      this.handleEvent(path);
    } catch (error) {
      this.options.log.error(`handling an event for ${path}: ${(error as Error).message}`);
    }
  }

  private handleEvent(path: string): void {
    const { regDir } = this.folders;
    if (dirname(path) === regDir) {
      this.registrations.onShellRegistered(basename(path));
      return;
    }
    // A folder's own path: its watch just started, and what changed before that was not reported.
    if (path === regDir) {
      this.registrations.scan();
      return;
    }
    if (path === this.options.cacheDir) {
      for (const served of this.served.values())
        if (!existsSync(join(path, served.name))) this.refresher.schedule(served, 0, true);
      return;
    }
    // The daemon's own beat, every second: nothing depends on it.
    if (path === heartbeatPath(this.options.cacheDir)) return;
    const removed = dirname(path) === this.options.cacheDir ? this.served.get(basename(path)) : undefined;
    if (removed !== undefined && !existsSync(path)) {
      this.refresher.schedule(removed, 0, true);
      return;
    }
    this.pool.forget(path);
    for (const served of this.served.values()) {
      if (served.paths.includes(path) || served.paths.includes(dirname(path))) {
        // A parse is keyed on the file's stat; an event also catches what the stat cannot tell.
        if (served.paths.includes(path)) for (const file of kubeconfigFilesOf(served)) this.pool.forget(file);
        this.refresher.schedule(served, TIMING.eventDelayMs);
      }
    }
  }

  private safetyCheck(): void {
    if (!this.folders.ensureCacheDir()) return;
    for (const served of this.served.values()) {
      if (!served.trailing && !served.timer && !served.computing && !served.checking)
        this.refresher.recheck(served, (changedAtMs) => this.noteMissed(`entry ${served.name}`, changedAtMs));
    }
    this.registrations.recheck((name) =>
      this.noteMissed(`registration ${name}`, mtimeMs(join(this.folders.regDir, name))),
    );
  }

  /**
   * Logs a change that only the safety timer found: the prompt was slow to follow it, so the
   * watcher has a gap worth knowing about. Changes younger than an event's usual delivery are
   * left out, since their event may still be on its way.
   */
  private noteMissed(what: string, changedAtMs: number): void {
    const ageMs = Math.round(Date.now() - changedAtMs);
    if (ageMs > TIMING.missedAfterMs)
      this.options.log.info(`safety check: ${what} changed ${ageMs} ms ago without a watch event; recomputing`);
  }
}
