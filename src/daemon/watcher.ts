/**
 * Watches a changing set of folders (depth 0) with chokidar and reports every event path.
 * Folders, not files: a file may not exist yet, be replaced by rename, or be a retargeted link.
 */
import { watch, type FSWatcher } from 'chokidar';
import { statSync } from 'node:fs';

export class FolderWatcher {
  private readonly watcher: FSWatcher;
  private readonly folders = new Set<string>();

  constructor(onEvent: (path: string) => void, onError: (error: Error) => void) {
    this.watcher = watch([], {
      ignoreInitial: true,
      depth: 0,
      // chokidar's atomic mode holds back unlink/add pairs for 100 ms; we want every event now.
      atomic: false,
      followSymlinks: false,
      awaitWriteFinish: false,
      persistent: true,
    });
    this.watcher.on('all', (event, path) => {
      if (event === 'unlinkDir' && this.folders.has(path)) this.forget(path);
      onEvent(path);
    });
    this.watcher.on('error', (error) => onError(error as Error));
  }

  /** Makes the watched set equal to the existing folders among `wanted`. */
  set(wanted: Iterable<string>): void {
    const next = new Set<string>();
    for (const path of wanted) {
      try {
        if (statSync(path).isDirectory()) next.add(path);
      } catch {
        // Not there (yet): its nearest existing ancestor is in `wanted` too.
      }
    }
    for (const path of this.folders) if (!next.has(path)) this.forget(path);
    for (const path of next) {
      if (!this.folders.has(path)) {
        this.folders.add(path);
        this.watcher.add(path);
      }
    }
  }

  private forget(path: string): void {
    this.folders.delete(path);
    this.watcher.unwatch(path);
  }

  close(): Promise<void> {
    return this.watcher.close();
  }
}
