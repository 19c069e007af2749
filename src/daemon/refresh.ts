/**
 * Recomputes and writes served entries: waits out kubectl's lock and sources too new to trust, writes
 * only what changed, and re-checks once writes have settled, so no entry reflects sources that
 * changed while they were read. Every wait is bounded on the daemon's own clock, whatever the
 * sources' mtimes say, and an entry whose sources changed never keeps looking fresh meanwhile.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { describeWriteFailure, serializeEntry, writeEntryAtomically } from '../cache/index.js';
import { dependsOnDirectory, KubeconfigError } from '../kubeconfig/index.js';
import { buildEntry, pathState, type Computed, type PathState } from '../pipeline/index.js';
import { parseRuleConfig } from '../rules/index.js';
import type { ComputePool } from './compute-pool.js';
import type { Entry } from '../cache/index.js';
import type { DaemonOptions } from './daemon.js';
import type { DaemonFolders } from './folders.js';
import type { Served } from './served.js';
import { TIMING, trailingRecheckMs } from './timing.js';

export class Refresher {
  constructor(
    private readonly options: Pick<
      DaemonOptions,
      'cacheDir' | 'configFile' | 'home' | 'log' | 'settleWaitMs' | 'onEntry'
    >,
    private readonly served: ReadonlyMap<string, Served>,
    private readonly folders: DaemonFolders,
    private readonly pool: ComputePool,
    private readonly budgetMs: number,
  ) {}

  /**
   * One pending refresh per entry: events arriving while one waits are covered by it, since every
   * wait is short and ends in a fresh read. `force` rewrites even an unchanged entry.
   */
  schedule(served: Served, delayMs: number, force = false): void {
    this.invalidateIfChanged(served);
    if (force) served.signature = undefined;
    if (served.timer) return;
    served.timer = setTimeout(() => {
      served.timer = undefined;
      this.refresh(served, performance.now());
    }, delayMs);
  }

  /**
   * Removes the entry when its sources changed but it would still look fresh to a shell. A source
   * mtime in the future (`touch -d`, a clock set back) puts the entry's mtime there too, and a change
   * that sets an older mtime (`cp -p`, `rsync -t`) stays below it: only the watcher can tell. A shell
   * then waits for the rewrite or computes directly instead of showing what was true before.
   */
  private invalidateIfChanged(served: Served): void {
    if (served.signature === undefined) return;
    const state = pathState(served.paths);
    if (state.signature === served.signature) return;
    const file = join(this.options.cacheDir, served.name);
    const entryNs = statSync(file, { bigint: true, throwIfNoEntry: false })?.mtimeNs;
    // Not there, or already older than a source: no shell trusts it.
    if (entryNs === undefined || entryNs <= state.newestNs) return;
    rmSync(file, { force: true });
    this.options.log.info(
      `entry ${served.name}: its sources changed but their mtimes do not say so (set into the future or back); removed it until it is rewritten`,
    );
  }

  /** Drops the entry's pending refresh and re-check: it is no longer served, or the daemon stops. */
  cancel(served: Served): void {
    clearTimeout(served.timer);
    clearTimeout(served.trailing);
  }

  /**
   * Recomputes only when the freshness paths changed since the entry was written. The safety net
   * passes `noteMissed`, which hears when the change was one to an entry already written.
   */
  recheck(served: Served, noteMissed?: (changedAtMs: number) => void): void {
    served.trailing = undefined;
    const entryMissing = !existsSync(join(this.options.cacheDir, served.name));
    const state = pathState(served.paths);
    if (!entryMissing && state.signature === served.signature) return;
    // An entry never written (signature undefined) is a write problem, logged where it happens.
    if (noteMissed && !entryMissing && served.signature !== undefined) noteMissed(Number(state.newestNs / 1_000_000n));
    this.schedule(served, 0, entryMissing);
  }

  /**
   * How long before a read of `state` can be trusted, in ms (0: now). Where writes within one clock
   * tick share an mtime, a write right after the read could leave the state unchanged, so the read
   * waits until the newest mtime is a settle wait old. A future mtime would make that wait as long as
   * its offset (and past 24.8 days overflow the timer into a spin), so the wait also ends once the
   * daemon's own clock has seen the same state for a settle wait: never longer than that, whatever
   * the mtimes say.
   */
  private settleWaitLeft(served: Served, state: PathState): number {
    const settleMs = this.options.settleWaitMs;
    const ageMs = Date.now() - Number(state.newestNs / 1_000_000n);
    if (ageMs >= settleMs) {
      served.settling = undefined;
      return 0;
    }
    const now = performance.now();
    if (served.settling?.signature !== state.signature) served.settling = { signature: state.signature, sinceMs: now };
    const waitedMs = now - served.settling.sinceMs;
    if (waitedMs >= settleMs) return 0;
    return Math.ceil(Math.min(settleMs - ageMs, settleMs - waitedMs)) + 1;
  }

  /** Tries the same refresh again later, keeping its first try so lock waits stay bounded. */
  private retry(served: Served, firstTry: number, delayMs: number): void {
    served.timer = setTimeout(() => {
      served.timer = undefined;
      this.refresh(served, firstTry);
    }, delayMs);
  }

  /**
   * Computes one entry on a compute thread and writes it, unless a kubectl lock is held or the
   * sources are too new to trust. One compute per entry at a time: a refresh due meanwhile runs once
   * it ends, unless the sources are still as that compute saw them.
   */
  private refresh(served: Served, firstTry: number): void {
    if (this.served.get(served.name) !== served) return;
    if (served.computing) {
      served.again = true;
      return;
    }
    const locked = served.paths.some((path) => existsSync(`${path}.lock`));
    if (locked && performance.now() - firstTry < TIMING.lockMaxWaitMs) {
      this.retry(served, firstTry, TIMING.lockRetryMs);
      return;
    }
    served.computing = true;
    served.again = false;
    const request = {
      key: served.key,
      kubeconfig: served.kubeconfig,
      cwd: served.cwd,
      home: served.home,
      configFile: served.configFile,
    };
    void this.pool.compute(served.name, request).then((outcome) => {
      served.computing = false;
      if (this.served.get(served.name) !== served) return;
      if (served.again) {
        served.again = false;
        const stillTrue =
          outcome.kind === 'done' &&
          pathState(outcome.computed.entry.freshnessPaths).signature === outcome.computed.state.signature;
        if (!stillTrue) return void this.schedule(served, 0);
      }
      if (outcome.kind === 'done') this.finish(served, firstTry, outcome.computed);
      else if (outcome.kind === 'slow') this.writeSlow(served, outcome.file, outcome.paths);
      else {
        // A bug on some input must not take every other shell's entry down with the daemon. This entry
        // is removed rather than left showing what may be stale; the next change tries again.
        this.options.log.error(`cannot compute entry ${served.name}: ${outcome.message}`);
        served.signature = undefined;
        rmSync(join(this.options.cacheDir, served.name), { force: true });
      }
    });
  }

  /**
   * The compute ran past its budget: an error entry naming the file, never the old data. No source is
   * stat'ed here, since a stat on a hung mount would block this thread too: the entry is dated now,
   * so it stays until a source changes or the read returns (`recovered`).
   */
  private writeSlow(served: Served, file: string | undefined, paths: string[] | undefined): void {
    const seconds = Math.round(this.budgetMs / 1000);
    const what = file ?? served.kubeconfig ?? join(served.home, '.kube', 'config');
    this.options.log.error(`entry ${served.name}: reading ${what} takes longer than ${seconds} s (a hung mount?)`);
    served.slowFile = what;
    const entry = slowEntry(served, what, seconds, paths ?? served.paths);
    const signature = `slow:${what}`;
    if (served.signature === signature && existsSync(join(this.options.cacheDir, served.name))) return;
    if (!this.folders.ensureCacheDir()) return;
    try {
      writeEntryAtomically(this.options.cacheDir, served.name, serializeEntry(entry), BigInt(Date.now()) * 1_000_000n);
      served.signature = signature;
      served.last = entry;
      this.options.onEntry?.(served, entry);
    } catch (error) {
      const problem = describeWriteFailure(this.options.cacheDir, error as NodeJS.ErrnoException);
      this.options.log.error(`cannot write entry ${served.name}: ${problem.message}; fix: ${problem.fix}`);
    }
  }

  /** A stuck read returned: recompute the entries that were refused for it. */
  recovered(file: string | undefined): void {
    for (const served of this.served.values())
      if (served.slowFile !== undefined && (file === undefined || served.slowFile === file))
        this.schedule(served, 0, true);
  }

  private finish(served: Served, firstTry: number, computed: Computed): void {
    served.slowFile = undefined;
    const { entry, state } = computed;
    const waitMs = this.settleWaitLeft(served, state);
    if (waitMs > 0) {
      this.retry(served, firstTry, waitMs);
      return;
    }
    served.paths = entry.freshnessPaths;
    // Even when the paths are the same: a folder removed and re-created under its old name needs a new watch.
    this.folders.updateWatches();
    if (state.signature !== served.signature || !existsSync(join(this.options.cacheDir, served.name))) {
      // Checked before every write, not only by the safety timer: a folder swapped under us must not get one entry.
      if (!this.folders.ensureCacheDir()) return;
      try {
        writeEntryAtomically(this.options.cacheDir, served.name, serializeEntry(entry), state.newestNs);
        served.signature = state.signature;
        served.last = entry;
        this.options.onEntry?.(served, entry);
      } catch (error) {
        // No trailing re-check: it would retry (and log) every 60 ms; the safety timer retries.
        const problem = describeWriteFailure(this.options.cacheDir, error as NodeJS.ErrnoException);
        this.options.log.error(`cannot write entry ${served.name}: ${problem.message}; fix: ${problem.fix}`);
        return;
      }
    }
    this.trail(served, trailingRecheckMs());
  }

  /**
   * Re-checks the sources at each of `atMs` after a write (trailingRecheckMs); a re-check that finds a
   * change schedules a refresh, whose write starts the series again.
   */
  private trail(served: Served, atMs: readonly number[], step = 0): void {
    clearTimeout(served.trailing);
    const at = atMs[step];
    if (at === undefined) return;
    served.trailing = setTimeout(
      () => {
        this.recheck(served);
        if (!served.timer && !served.computing && !served.trailing) this.trail(served, atMs, step + 1);
      },
      at - (atMs[step - 1] ?? 0),
    );
  }
}

/** The error entry for a compute past its budget; its level is `error`, whatever the rules say. */
function slowEntry(served: Served, file: string, seconds: number, paths: string[]): Entry {
  const error = new KubeconfigError(
    'unreadable',
    `reading ${file} takes longer than ${seconds} s (a hung mount?)`,
    file,
  );
  return buildEntry({
    key: served.key,
    kubeconfigValue: served.kubeconfig,
    cwd: dependsOnDirectory(served.kubeconfig) ? served.cwd : undefined,
    defaultKubeconfig: join(served.home, '.kube', 'config'),
    resolution: { ok: false, error, files: [file], context: undefined },
    ruleSet: { rules: parseRuleConfig(undefined, served.configFile).rules, problems: [] },
    configFile: served.configFile,
    freshnessPaths: paths,
    now: new Date(),
  });
}
