/**
 * The daemon's pipeline: keeps one cache entry per served KUBECONFIG value equal to what
 * kubectl would use, recomputing on folder events, after writes settle, and on a slow
 * safety timer. It never writes an entry whose sources changed while they were read.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeEntryKey, ensurePrivateDir, entryFileName, entryKey, isEntryFileName, readRegistration, serializeEntry, writeEntryAtomically, writeRegistration, type Entry } from '../cache/index.js';
import { computeEntry, pathState, type Computed } from '../pipeline/index.js';
import type { Logger } from './log.js';
import { newServed, type Served } from './served.js';
import { FolderWatcher } from './watcher.js';

export interface DaemonOptions {
  cacheDir: string;
  configFile: string;
  home: string;
  log: Logger;
  /** See granularity.ts: how long after a source's mtime a read can be trusted. */
  settleWaitMs: number;
  onEntry?: (served: Served, entry: Entry) => void;
  /** The cache folder became unsafe while running (the reason is logged): the daemon must not write into it any more. */
  onUnsafeCache?: (reason: string) => void;
}

/**
 * Timings: first compute right after an event, a trailing re-check once writes have settled, a slow
 * safety net, and the age past which a change the safety net finds counts as missed by the watcher.
 */
export const TIMING = { eventDelayMs: 1, lockRetryMs: 1, lockMaxWaitMs: 1000, trailingMs: 60, safetyMs: 2000, missedAfterMs: 500, expiryMs: 7 * 24 * 3600 * 1000 };

function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

export class Daemon {
  readonly served = new Map<string, Served>();
  private readonly watcher: FolderWatcher;
  private safety: NodeJS.Timeout | undefined;
  private readonly regDir: string;

  constructor(private readonly options: DaemonOptions) {
    this.regDir = join(options.cacheDir, 'reg');
    this.watcher = new FolderWatcher(
      (path) => this.onEvent(path),
      (error) => options.log.error(`watch error: ${error.message}`),
    );
  }

  /** Serves the default kubeconfig, `ownKubeconfig` and every live registration. */
  start(ownKubeconfig: string | undefined, cwd: string): void {
    for (const name of readdirSync(this.options.cacheDir)) {
      if (name.startsWith('.tmp-')) rmSync(join(this.options.cacheDir, name), { force: true });
    }
    this.register(undefined, cwd);
    if (ownKubeconfig) this.register(ownKubeconfig, cwd);
    this.scanRegistrations();
    this.dropUnregisteredEntries();
    this.updateWatches();
    this.safety = setInterval(() => this.safetyCheck(), TIMING.safetyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.safety);
    for (const served of this.served.values()) {
      clearTimeout(served.timer);
      clearTimeout(served.trailing);
    }
    await this.watcher.close();
  }

  /** Recomputes every entry now (SIGHUP, `reload`). */
  reloadAll(): void {
    for (const served of this.served.values()) {
      served.signature = undefined;
      this.schedule(served, 0);
    }
  }

  private register(kubeconfig: string | undefined, cwd: string): void {
    const key = entryKey(kubeconfig, cwd);
    // The folder may just have been removed (a /tmp cleaner); without it the registration waits for the safety check.
    if (this.ensureCacheDir()) writeRegistration(this.options.cacheDir, entryFileName(key), key);
    this.serve(entryFileName(key), key);
  }

  private serve(name: string, key: string): void {
    const existing = this.served.get(name);
    if (existing && existing.key === key) return;
    const decoded = decodeEntryKey(key);
    const served = newServed(name, key, decoded.kubeconfig, decoded.cwd ?? this.options.home);
    this.served.set(name, served);
    this.options.log.info(`serving ${name} (KUBECONFIG=${JSON.stringify(decoded.kubeconfig ?? '')}${decoded.cwd ? ` in ${decoded.cwd}` : ''})`);
    this.schedule(served, 0);
  }

  private onRegistration(name: string): void {
    if (!isEntryFileName(name)) return;
    const path = join(this.regDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > TIMING.expiryMs) return this.forget(name);
      this.serve(name, readRegistration(path));
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return this.forget(name);
      this.options.log.error(`ignoring registration ${name}: ${(error as Error).message}`);
    }
  }

  private forget(name: string): void {
    const served = this.served.get(name);
    if (name === 'e' && served) return void this.register(undefined, this.options.home);
    if (served) {
      clearTimeout(served.timer);
      clearTimeout(served.trailing);
      this.served.delete(name);
      this.options.log.info(`no longer serving ${name}`);
    }
    rmSync(join(this.regDir, name), { force: true });
    rmSync(join(this.options.cacheDir, name), { force: true });
    this.updateWatches();
  }

  private dropUnregisteredEntries(): void {
    for (const name of readdirSync(this.options.cacheDir)) {
      if (isEntryFileName(name) && !this.served.has(name)) rmSync(join(this.options.cacheDir, name), { force: true });
    }
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
    if (dirname(path) === this.regDir) return this.onRegistration(basename(path));
    // A folder's own path: its watch just started, and what changed before that was not reported.
    if (path === this.regDir) return this.scanRegistrations();
    if (path === this.options.cacheDir) {
      for (const served of this.served.values()) if (!existsSync(join(path, served.name))) this.schedule(served, 0, true);
      return;
    }
    if (dirname(path) === this.options.cacheDir && this.served.has(basename(path)) && !existsSync(path)) {
      return this.schedule(this.served.get(basename(path))!, 0, true);
    }
    for (const served of this.served.values()) {
      if (served.paths.includes(path) || served.paths.includes(dirname(path))) this.schedule(served, TIMING.eventDelayMs);
    }
  }

  private schedule(served: Served, delayMs: number, force = false): void {
    if (force) served.signature = undefined;
    if (served.timer) return;
    served.timer = setTimeout(() => {
      served.timer = undefined;
      this.refresh(served, Date.now());
    }, delayMs);
  }

  /** Computes and writes one entry, unless a kubectl lock is held or the sources are too new to trust. */
  private refresh(served: Served, firstTry: number): void {
    if (!this.served.has(served.name)) return;
    const locked = served.paths.some((path) => existsSync(`${path}.lock`));
    if (locked && Date.now() - firstTry < TIMING.lockMaxWaitMs) {
      served.timer = setTimeout(() => ((served.timer = undefined), this.refresh(served, firstTry)), TIMING.lockRetryMs);
      return;
    }
    let computed: Computed;
    try {
      computed = computeEntry({ key: served.key, kubeconfig: served.kubeconfig, cwd: served.cwd, home: this.options.home, configFile: this.options.configFile });
    } catch (error) {
      // A bug on some input must not take every other shell's entry down with the daemon. This entry
      // is removed rather than left showing what may be stale; the next change tries again.
      this.options.log.error(`cannot compute entry ${served.name}: ${(error as Error).stack ?? String(error)}`);
      served.signature = undefined;
      rmSync(join(this.options.cacheDir, served.name), { force: true });
      return;
    }
    const { entry, state } = computed;
    const ageMs = Date.now() - Number(state.newestNs / 1_000_000n);
    if (ageMs < this.options.settleWaitMs) {
      served.timer = setTimeout(() => ((served.timer = undefined), this.refresh(served, firstTry)), this.options.settleWaitMs - ageMs + 1);
      return;
    }
    served.paths = entry.freshnessPaths;
    // Even when the paths are the same: a folder removed and re-created under its old name needs a new watch.
    this.updateWatches();
    if (state.signature !== served.signature || !existsSync(join(this.options.cacheDir, served.name))) {
      // Checked before every write, not only by the safety timer: a folder swapped under us must not get one entry.
      if (!this.ensureCacheDir()) return;
      try {
        writeEntryAtomically(this.options.cacheDir, served.name, serializeEntry(entry), state.newestNs);
        served.signature = state.signature;
        served.last = entry;
        this.options.onEntry?.(served, entry);
      } catch (error) {
        // No trailing re-check: it would retry (and log) every 60 ms; the safety timer retries.
        this.options.log.error(`cannot write entry ${served.name}: ${(error as Error).message}`);
        return;
      }
    }
    clearTimeout(served.trailing);
    served.trailing = setTimeout(() => this.recheck(served), TIMING.trailingMs);
  }

  /** Recomputes only when the freshness paths changed since the entry was written. */
  private recheck(served: Served, bySafetyNet = false): void {
    served.trailing = undefined;
    const entryMissing = !existsSync(join(this.options.cacheDir, served.name));
    const state = pathState(served.paths);
    if (!entryMissing && state.signature === served.signature) return;
    // An entry never written (signature undefined) is a write problem, logged where it happens.
    if (bySafetyNet && !entryMissing && served.signature !== undefined) this.noteMissed(`entry ${served.name}`, Number(state.newestNs / 1_000_000n));
    this.schedule(served, 0, entryMissing);
  }

  /**
   * Logs a change that only the safety timer found: the prompt was slow to follow it, so the
   * watcher has a gap worth knowing about. Changes younger than an event's usual delivery are
   * left out, since their event may still be on its way.
   */
  private noteMissed(what: string, changedAtMs: number): void {
    const ageMs = Math.round(Date.now() - changedAtMs);
    if (ageMs > TIMING.missedAfterMs) this.options.log.info(`safety check: ${what} changed ${ageMs} ms ago without a watch event; recomputing`);
  }

  private safetyCheck(): void {
    if (!this.ensureCacheDir()) return;
    for (const served of this.served.values()) if (!served.trailing && !served.timer) this.recheck(served, true);
    // Registrations missed by the watcher, removed, or expired.
    this.scanRegistrations((name) => this.noteMissed(`registration ${name}`, mtimeMs(join(this.regDir, name))));
    for (const name of [...this.served.keys()]) if (!existsSync(join(this.regDir, name))) this.onRegistration(name);
  }

  /** Serves every registration present; `noteNew` hears of each one that was not served with its key yet. */
  private scanRegistrations(noteNew?: (name: string) => void): void {
    let names: string[];
    try {
      names = readdirSync(this.regDir);
    } catch (error) {
      // The cache folder was removed; the safety check re-creates it.
      return void this.options.log.error(`cannot list registrations: ${(error as Error).message}`);
    }
    for (const name of names) {
      const known = this.served.get(name)?.key;
      this.onRegistration(name);
      const now = this.served.get(name)?.key;
      if (now !== undefined && now !== known) noteNew?.(name);
    }
  }

  /**
   * Checks the cache folder as at start (a few syscalls), and re-creates it when someone removed it
   * (a cleaner of /tmp or ~/.cache, a user); its registrations are gone, so shells register again.
   * @returns false when what is there now is not safe (another user may have made it); then
   *   `onUnsafeCache` is told, since writing into it could feed shells false data.
   */
  private ensureCacheDir(): boolean {
    const missing = !existsSync(this.regDir);
    try {
      ensurePrivateDir(this.options.cacheDir);
    } catch (error) {
      const reason = `the cache folder was removed and what is there now is not safe: ${(error as Error).message}`;
      this.options.log.error(reason);
      this.options.onUnsafeCache?.(reason);
      return false;
    }
    if (missing) {
      this.options.log.info(`the cache folder ${this.options.cacheDir} was removed; re-created it`);
      this.updateWatches();
    }
    return true;
  }

  private updateWatches(): void {
    const folders = new Set<string>([this.regDir, this.options.cacheDir]);
    for (const served of this.served.values()) for (const path of served.paths) folders.add(path);
    this.watcher.set(folders);
  }
}
