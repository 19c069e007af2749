/**
 * The daemon's pipeline: keeps one cache entry per served KUBECONFIG value equal to what
 * kubectl would use, recomputing on folder events, after writes settle, and on a slow
 * safety timer. It never writes an entry whose sources changed while they were read.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeEntryKey, entryFileName, entryKey, isEntryFileName, readRegistration, serializeEntry, writeEntryAtomically, writeRegistration, type Entry } from '../cache/index.js';
import { computeEntry, pathState } from '../pipeline/index.js';
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
}

/** Timings: first compute right after an event, a trailing re-check once writes have settled, a slow safety net. */
export const TIMING = { eventDelayMs: 1, lockRetryMs: 5, lockMaxWaitMs: 1000, trailingMs: 60, safetyMs: 2000, expiryMs: 7 * 24 * 3600 * 1000 };

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
    for (const name of readdirSync(this.regDir)) this.onRegistration(name);
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
    writeRegistration(this.options.cacheDir, entryFileName(key), key);
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

  private onEvent(path: string): void {
    if (dirname(path) === this.regDir) return this.onRegistration(basename(path));
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
    const { entry, state } = computeEntry({
      key: served.key,
      kubeconfig: served.kubeconfig,
      cwd: served.cwd,
      home: this.options.home,
      configFile: this.options.configFile,
    });
    const ageMs = Date.now() - Number(state.newestNs / 1_000_000n);
    if (ageMs < this.options.settleWaitMs) {
      served.timer = setTimeout(() => ((served.timer = undefined), this.refresh(served, firstTry)), this.options.settleWaitMs - ageMs + 1);
      return;
    }
    const changedPaths = entry.freshnessPaths.join('\n') !== served.paths.join('\n');
    served.paths = entry.freshnessPaths;
    if (state.signature !== served.signature || !existsSync(join(this.options.cacheDir, served.name))) {
      try {
        writeEntryAtomically(this.options.cacheDir, served.name, serializeEntry(entry), state.newestNs);
        served.signature = state.signature;
        served.last = entry;
        this.options.onEntry?.(served, entry);
      } catch (error) {
        this.options.log.error(`cannot write entry ${served.name}: ${(error as Error).message}`);
      }
    }
    if (changedPaths) this.updateWatches();
    clearTimeout(served.trailing);
    served.trailing = setTimeout(() => this.recheck(served), TIMING.trailingMs);
  }

  /** Recomputes only when the freshness paths changed since the entry was written. */
  private recheck(served: Served): void {
    served.trailing = undefined;
    const entryMissing = !existsSync(join(this.options.cacheDir, served.name));
    if (entryMissing || pathState(served.paths).signature !== served.signature) this.schedule(served, 0, entryMissing);
  }

  private safetyCheck(): void {
    for (const served of this.served.values()) if (!served.trailing && !served.timer) this.recheck(served);
    // Registrations missed by the watcher, removed, or expired.
    for (const name of readdirSync(this.regDir)) this.onRegistration(name);
    for (const name of [...this.served.keys()]) if (!existsSync(join(this.regDir, name))) this.onRegistration(name);
  }

  private updateWatches(): void {
    const folders = new Set<string>([this.regDir, this.options.cacheDir]);
    for (const served of this.served.values()) for (const path of served.paths) folders.add(path);
    this.watcher.set(folders);
  }
}
