/**
 * The folders the daemon depends on: re-creates the cache folder when someone removed it (and refuses
 * one that is not safe), and keeps a watch on it, its registrations and every served entry's sources.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../cache/index.js';
import { CACHE_FILES } from '../locations.js';
import type { DaemonOptions } from './daemon.js';
import type { Served } from './served.js';
import type { StatPool } from './stat-pool.js';
import { FolderWatcher } from './watcher.js';

export class DaemonFolders {
  /** Where shells register the KUBECONFIG values they want served. */
  readonly regDir: string;
  private readonly watcher: FolderWatcher;

  constructor(
    private readonly options: Pick<DaemonOptions, 'cacheDir' | 'log' | 'onUnsafeCache'>,
    private readonly served: ReadonlyMap<string, Served>,
    stats: StatPool,
    onEvent: (path: string) => void,
  ) {
    this.regDir = join(options.cacheDir, CACHE_FILES.registrations);
    this.watcher = new FolderWatcher(stats, onEvent, (error) => options.log.error(`watch error: ${error.message}`));
  }

  /**
   * Checks the cache folder as at start (a few syscalls), and re-creates it when someone removed it
   * (a cleaner of /tmp or ~/.cache, a user); its registrations are gone, so shells register again.
   * @returns false when what is there now is not safe (another user may have made it); then
   *   `onUnsafeCache` is told, since writing into it could feed shells false data.
   */
  ensureCacheDir(): boolean {
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

  updateWatches(): void {
    const folders = new Set<string>([this.regDir, this.options.cacheDir]);
    for (const served of this.served.values()) for (const path of served.paths) folders.add(path);
    this.watcher.set(folders);
  }

  async close(): Promise<void> {
    await this.watcher.close();
  }
}
