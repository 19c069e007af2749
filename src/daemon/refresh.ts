/**
 * Recomputes and writes served entries: waits out kubectl's lock and sources too new to trust, writes
 * only what changed, and re-checks once writes have settled, so no entry reflects sources that
 * changed while they were read. Every wait is bounded on the daemon's own clock, whatever the
 * sources' mtimes say, and an entry whose sources changed never keeps looking fresh meanwhile.
 * Sources are stat'ed on stat threads, never here (a hung mount would block every entry): a source
 * whose stat runs past its budget turns only the entries that depend on it into errors.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { describeWriteFailure, serializeEntry, writeEntryAtomically } from '../cache/index.js';
import { dependsOnDirectory, KubeconfigError } from '../kubeconfig/index.js';
import {
  buildEntry,
  type ComputeRequest,
  kubeconfigFilesOf,
  stateOf,
  type Computed,
  type PathState,
} from '../pipeline/index.js';
import { parseRuleConfig } from '../rules/index.js';
import { isOverlayPath } from '../overlay/paths.js';
import type { ComputeOutcome, ComputePool } from './compute-pool.js';
import type { Entry } from '../cache/index.js';
import type { DaemonOptions } from './daemon.js';
import type { DaemonFolders } from './folders.js';
import type { DaemonIdentities } from './identities.js';
import type { EntryMemory } from '../identity/index.js';
import { type DaemonDeclared, wantOf } from './declared.js';
import type { Served } from './served.js';
import { type PromoteDeps, schedulePromotion } from './promote.js';
import type { PathStat, StatPool } from './stat-pool.js';
import { TIMING, trailingRecheckMs } from './timing.js';

/** The state of `paths` from stats the stat threads took. */
function stateFrom(paths: string[], stats: ReadonlyMap<string, PathStat>): PathState {
  return stateOf(paths, (path) => {
    const stat = stats.get(path);
    return stat?.kind === 'present' ? stat : undefined;
  });
}

/**
 * What to stat before a compute: the last entry's freshness paths, or for an entry never computed the
 * files its KUBECONFIG names and their folders (from the text alone), so a hung mount is found here
 * rather than by a compute thread stuck in it.
 */
function gatePaths(served: Served): string[] {
  if (served.paths.length > 0) return served.paths;
  return [...kubeconfigFilesOf(served), served.configFile].flatMap((file) => [file, dirname(file)]);
}

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
    private readonly stats: StatPool,
    private readonly identities?: DaemonIdentities,
    private readonly declared?: DaemonDeclared,
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
    const { signature, paths, last, slowFile } = served;
    if (signature === undefined) return;
    void this.stats.probe(paths, served.name).then((probe) => {
      // Hung: the refresh this event schedules says so. Rewritten meanwhile: that entry is newer than the change.
      if (probe.hung !== undefined || served.last !== last || this.served.get(served.name) !== served) return;
      const state = stateFrom(paths, probe.stats);
      if (state.signature === signature) return;
      // The cache folder is the daemon's own, not a source: stat'ed here.
      const file = join(this.options.cacheDir, served.name);
      const entryNs = statSync(file, { bigint: true, throwIfNoEntry: false })?.mtimeNs;
      // Not there, or already older than a source: no shell trusts it.
      if (entryNs === undefined || entryNs <= state.newestNs) return;
      rmSync(file, { force: true });
      // A hung-source error entry is dated by the clock, not by its sources: its removal says nothing of mtimes.
      if (slowFile === undefined)
        this.options.log.info(
          `entry ${served.name}: its sources changed but their mtimes do not say so (set into the future or back); removed it until it is rewritten`,
        );
    });
  }

  /** Drops the entry's pending refresh and re-check: it is no longer served, or the daemon stops. */
  cancel(served: Served): void {
    clearTimeout(served.timer);
    clearTimeout(served.trailing);
    clearTimeout(served.promote);
  }

  /**
   * Recomputes only when the freshness paths changed since the entry was written. The safety net
   * passes `noteMissed`, which hears when the change was one to an entry already written.
   */
  recheck(served: Served, noteMissed?: (changedAtMs: number) => void): void {
    served.trailing = undefined;
    if (served.checking) return;
    served.checking = true;
    const { paths, last } = served;
    void this.stats.probe(paths, served.name).then((probe) => {
      served.checking = false;
      // Gone, or rewritten meanwhile (that write has a re-check of its own), or being computed now.
      if (this.served.get(served.name) !== served || served.last !== last || served.computing) return;
      if (probe.hung !== undefined)
        return void this.writeSlow(served, probe.hung, undefined, this.stats.limits.budgetMs);
      const entryMissing = !existsSync(join(this.options.cacheDir, served.name));
      const state = stateFrom(paths, probe.stats);
      if (!entryMissing && state.signature === served.signature) return;
      // An entry never written (signature undefined) is a write problem, logged where it happens.
      // A hung-source error entry never matches its sources' state: not a missed event.
      if (noteMissed && !entryMissing && served.signature !== undefined && served.slowFile === undefined)
        noteMissed(Number(state.newestNs / 1_000_000n));
      this.schedule(served, 0, entryMissing);
    });
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
    // An event during the stats may have set one already: one pending refresh per entry.
    clearTimeout(served.timer);
    served.timer = setTimeout(() => {
      served.timer = undefined;
      this.refresh(served, firstTry);
    }, delayMs);
  }

  /**
   * Computes one entry on a compute thread and writes it, unless a kubectl lock is held, a source's
   * stat hangs, or the sources are too new to trust. One compute per entry at a time: a refresh due
   * meanwhile runs once it ends, unless the sources are still as that compute saw them.
   */
  private refresh(served: Served, firstTry: number): void {
    if (this.served.get(served.name) !== served) return;
    if (served.computing) {
      served.again = true;
      return;
    }
    served.computing = true;
    served.again = false;
    void this.statAndCompute(served, firstTry).then(
      () => {
        served.computing = false;
        // Due while the last stats were taken: nothing has looked since.
        if (served.again && this.served.get(served.name) === served) {
          served.again = false;
          this.schedule(served, 0);
        }
      },
      (error: Error) => {
        served.computing = false;
        this.options.log.error(`refreshing entry ${served.name}: ${error.stack ?? error.message}`);
      },
    );
  }

  private async statAndCompute(served: Served, firstTry: number): Promise<void> {
    const paths = gatePaths(served);
    // An overlay's .lock is there for good (it makes kubectl's writes fail): it is no write in progress.
    const locks = paths.filter((path) => !isOverlayPath(path)).map((path) => `${path}.lock`);
    const gate = await this.stats.probe([...paths, ...locks], served.name);
    if (this.served.get(served.name) !== served) return;
    if (gate.hung !== undefined) return this.writeSlow(served, gate.hung, undefined, this.stats.limits.budgetMs);
    const locked = locks.some((lock) => gate.stats.get(lock)?.kind === 'present');
    if (locked && performance.now() - firstTry < TIMING.lockMaxWaitMs)
      return this.retry(served, firstTry, TIMING.lockRetryMs);
    // The compute reads after anything that came due so far.
    served.again = false;
    const memory = this.identities?.snapshot();
    const request: ComputeRequest = {
      key: served.key,
      kubeconfig: served.kubeconfig,
      cwd: served.cwd,
      home: served.home,
      configFile: served.configFile,
      ...memory,
      declared: this.declared?.snapshot(),
    };
    const outcome = await this.pool.compute(served.name, request);
    // Another entry's files changed what is known meanwhile, or a cluster's declaration changed: this
    // level may be stale, whatever its sources say.
    const knownMoved = memory !== this.identities?.snapshot() || request.declared !== this.declared?.snapshot();
    // The cluster this entry reaches is asked in the background, never before the entry is written.
    if (outcome.kind === 'done' && this.served.get(served.name) === served)
      this.declared?.want(served.name, wantOf(outcome.computed.entry));
    if (knownMoved && this.served.get(served.name) === served) return this.schedule(served, 0, true);
    if (this.served.get(served.name) !== served) return;
    if (served.again) {
      served.again = false;
      if (!(await this.stillTrue(served, outcome))) return this.schedule(served, 0);
      if (this.served.get(served.name) !== served) return;
    }
    if (outcome.kind === 'done') this.finish(served, firstTry, outcome.computed, memory);
    else if (outcome.kind === 'slow') this.writeSlow(served, outcome.file, outcome.paths, this.budgetMs);
    else {
      // A bug on some input must not take every other shell's entry down with the daemon. This entry
      // is removed rather than left showing what may be stale; the next change tries again.
      this.options.log.error(`cannot compute entry ${served.name}: ${outcome.message}`);
      served.signature = undefined;
      rmSync(join(this.options.cacheDir, served.name), { force: true });
    }
  }

  /** Whether the sources are still as a compute that a change came during saw them. */
  private async stillTrue(served: Served, outcome: ComputeOutcome): Promise<boolean> {
    if (outcome.kind !== 'done') return false;
    const paths = outcome.computed.entry.freshnessPaths;
    const probe = await this.stats.probe(paths, served.name);
    return probe.hung === undefined && stateFrom(paths, probe.stats).signature === outcome.computed.state.signature;
  }

  /**
   * The compute ran past its budget: an error entry naming the file, never the old data. No source is
   * stat'ed here, since a stat on a hung mount would block this thread too: the entry is dated now,
   * so it stays until a source changes or the read returns (`recovered`).
   */
  private writeSlow(served: Served, file: string | undefined, paths: string[] | undefined, budgetMs: number): void {
    const seconds = Math.round(budgetMs / 1000);
    const what = file ?? served.kubeconfig ?? join(served.home, '.kube', 'config');
    served.slowFile = what;
    const signature = `slow:${what}`;
    // Said already: the re-checks find a hung path again every 2 s.
    if (served.signature === signature && existsSync(join(this.options.cacheDir, served.name))) return;
    this.options.log.error(`entry ${served.name}: reading ${what} takes longer than ${seconds} s (a hung mount?)`);
    const entry = slowEntry(served, what, seconds, paths ?? served.paths);
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

  /** A stuck read or stat returned: recompute the entries that were refused for it (or for a path below it). */
  recovered(file: string | undefined): void {
    for (const served of this.served.values()) {
      const slow = served.slowFile;
      if (slow !== undefined && (file === undefined || slow === file || slow.startsWith(`${file}/`)))
        this.schedule(served, 0, true);
    }
  }

  private finish(served: Served, firstTry: number, computed: Computed, shown: EntryMemory | undefined): void {
    served.slowFile = undefined;
    const { entry, state } = computed;
    const waitMs = this.settleWaitLeft(served, state);
    if (waitMs > 0) {
      this.retry(served, firstTry, waitMs);
      return;
    }
    // Learned only from a compute trusted enough to write: one that read a file in the middle of a
    // write (truncated, half there) would make the memory forget what the file held, and the
    // change that follows would not be seen as drift.
    if (this.identities?.learn(computed.observed)) {
      // What this compute saw may classify the cluster another entry points at: those recompute.
      for (const other of this.served.values()) if (other !== served) this.schedule(other, 0, true);
    }
    // Drift and hidden definitions are found by learning, after this compute: this entry is computed again to show them.
    if (shown !== this.identities?.snapshot()) {
      this.schedule(served, 0, true);
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
    schedulePromotion(this.promoteDeps(), served, state.newestNs);
  }

  /** For promote.ts: the sources' signature now, from the stat threads (undefined when one hung). */
  private promoteDeps(): PromoteDeps {
    return {
      cacheDir: this.options.cacheDir,
      served: this.served,
      signatureOf: async (paths, asker) => {
        const probe = await this.stats.probe(paths, asker);
        return probe.hung === undefined ? stateFrom(paths, probe.stats).signature : undefined;
      },
    };
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
