/**
 * The registrations shells leave in the cache folder: serves each live one, and forgets each removed
 * or expired one together with its entry, except the default kubeconfig's, which is always served.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeEntryKey,
  entryFileName,
  entryKey,
  isEntryFileName,
  parseEntry,
  readRegistration,
  writeRegistration,
} from '../cache/index.js';
import { configFileFor } from '../locations.js';
import type { DaemonOptions } from './daemon.js';
import type { DaemonFolders } from './folders.js';
import type { Refresher } from './refresh.js';
import { newServed, type Served } from './served.js';
import { TIMING } from './timing.js';

export class Registrations {
  constructor(
    private readonly options: Pick<DaemonOptions, 'cacheDir' | 'home' | 'configHome' | 'log'>,
    private readonly served: Map<string, Served>,
    private readonly folders: DaemonFolders,
    private readonly refresher: Refresher,
  ) {}

  /** Registers and serves a KUBECONFIG value the daemon itself needs, as a shell with the daemon's HOME would. */
  register(kubeconfig: string | undefined, cwd: string): void {
    const key = entryKey({ home: this.options.home, configHome: this.options.configHome, kubeconfig, cwd });
    // The folder may just have been removed (a /tmp cleaner); without it the registration waits for the safety check.
    if (this.folders.ensureCacheDir()) writeRegistration(this.options.cacheDir, entryFileName(key), key);
    this.serve(entryFileName(key), key);
  }

  /** Follows one registration file: serves it, or forgets it once it is removed or expired. */
  onRegistration(name: string): void {
    if (!isEntryFileName(name)) return;
    const path = join(this.folders.regDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > TIMING.expiryMs) this.forget(name);
      else this.serve(name, readRegistration(path));
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') this.forget(name);
      else this.options.log.error(`ignoring registration ${name}: ${(error as Error).message}`);
    }
  }

  /**
   * A shell writes its registration when it found its entry missing or unusable (of another protocol
   * version, another key, torn). One the daemon serves already is rewritten now, rather than after
   * the shell's short wait has run out and it has started node itself.
   */
  onShellRegistered(name: string): void {
    this.onRegistration(name);
    const served = this.served.get(name);
    if (served !== undefined && !this.entryIsOwn(served)) this.refresher.schedule(served, 0, true);
  }

  private entryIsOwn(served: Served): boolean {
    try {
      return parseEntry(readFileSync(join(this.options.cacheDir, served.name), 'utf8')).key === served.key;
    } catch {
      return false;
    }
  }

  /** Serves every registration present; `noteNew` hears of each one that was not served with its key yet. */
  scan(noteNew?: (name: string) => void): void {
    let names: string[];
    try {
      names = readdirSync(this.folders.regDir);
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

  /** The safety net's pass: registrations missed by the watcher, removed, or expired. */
  recheck(noteNew: (name: string) => void): void {
    this.scan(noteNew);
    for (const name of [...this.served.keys()])
      if (!existsSync(join(this.folders.regDir, name))) this.onRegistration(name);
  }

  /** Entries left by an earlier daemon that no shell registered any more would never be kept true. */
  dropUnregisteredEntries(): void {
    for (const name of readdirSync(this.options.cacheDir)) {
      if (isEntryFileName(name) && !this.served.has(name)) rmSync(join(this.options.cacheDir, name), { force: true });
    }
  }

  private serve(name: string, key: string): void {
    const existing = this.served.get(name);
    if (existing && existing.key === key) return;
    const decoded = decodeEntryKey(key);
    const served = newServed(name, key, {
      kubeconfig: decoded.kubeconfig,
      cwd: decoded.cwd ?? decoded.home,
      home: decoded.home,
      configFile: configFileFor(decoded.home, decoded.configHome),
    });
    this.served.set(name, served);
    this.options.log.info(
      `serving ${name} (KUBECONFIG=${JSON.stringify(decoded.kubeconfig ?? '')}${decoded.cwd ? ` in ${decoded.cwd}` : ''}, HOME=${JSON.stringify(decoded.home)}, config ${served.configFile})`,
    );
    this.refresher.schedule(served, 0);
  }

  private forget(name: string): void {
    const served = this.served.get(name);
    // The entry for KUBECONFIG unset in the daemon's own HOME is served for as long as the daemon runs: register it again instead.
    const own = entryKey({
      home: this.options.home,
      configHome: this.options.configHome,
      kubeconfig: undefined,
      cwd: '',
    });
    if (name === entryFileName(own) && served) return void this.register(undefined, this.options.home);
    if (served) {
      this.refresher.cancel(served);
      this.served.delete(name);
      this.options.log.info(`no longer serving ${name}`);
    }
    rmSync(join(this.folders.regDir, name), { force: true });
    rmSync(join(this.options.cacheDir, name), { force: true });
    this.folders.updateWatches();
  }
}
