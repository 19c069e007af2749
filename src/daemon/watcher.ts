/**
 * Watches a changing set of folders (depth 0) and reports every event path, plus the folder's own
 * path once its watch is in place. Folders, not files: a file may not exist yet, be replaced by
 * rename, or be a retargeted link. Which folders exist, and what they are, is asked of the stat
 * threads: a folder on a hung mount keeps the watch it had and gets no new one until it answers.
 */
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import { watch as nodeWatch } from 'node:fs';
import { join, parse, sep } from 'node:path';
import type { StatPool } from './stat-pool.js';

/**
 * Tests only (NODE_ENV=test too): `KCTX_GUARD_TEST_DROP_EVENTS=<folder>` discards every event in that
 * folder, as libuv discards the events FSEvents reports dropped on macOS, so that tests can prove what
 * the re-checks catch without them.
 */
function droppedEventsFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const folder = env['KCTX_GUARD_TEST_DROP_EVENTS'];
  return env['NODE_ENV'] === 'test' && folder ? folder : undefined;
}

interface FolderWatch {
  close(): Promise<void> | void;
}

export class FolderWatcher {
  /**
   * One chokidar instance per folder: chokidar's unwatch() leaves a recursive ignore behind, so
   * with a shared instance, unwatching ~ (once ~/.kube exists) would silence ~/.kube for good.
   */
  private readonly watches = new Map<string, { identity: string; watch: FolderWatch }>();
  private wanted: string[] = [];
  private closed = false;
  /** A look at the wanted folders is under way; `again`: the wanted set changed meanwhile. */
  private looking = false;
  private again = false;

  private readonly onEvent: (path: string) => void;

  constructor(
    private readonly stats: StatPool,
    onEvent: (path: string) => void,
    private readonly onError: (error: Error) => void,
  ) {
    const dropped = droppedEventsFolder();
    this.onEvent = dropped
      ? (path) => {
          if (path !== dropped && !path.startsWith(`${dropped}${sep}`)) onEvent(path);
        }
      : onEvent;
  }

  /**
   * Makes the watched set equal to the existing folders among `wanted`. A folder whose inode
   * changed (removed and re-created, or renamed over) is watched again: the old watch saw nothing
   * of the new folder, and its path alone does not tell. Done once the stats return; a set() meanwhile
   * is applied after this one.
   */
  set(wanted: Iterable<string>): void {
    if (this.closed) return;
    this.wanted = [...wanted];
    if (this.looking) {
      this.again = true;
      return;
    }
    this.looking = true;
    void this.apply().then(
      () => {
        this.looking = false;
      },
      (error: Error) => {
        this.looking = false;
        this.onError(error);
      },
    );
  }

  private async apply(): Promise<void> {
    do {
      this.again = false;
      const wanted = this.wanted;
      const stats = await Promise.all(wanted.map((path) => this.stats.stat(path)));
      if (this.closed) return;
      const next = new Map<string, { identity: string; real: string }>();
      for (const [index, path] of wanted.entries()) {
        const stat = stats[index];
        const current = this.watches.get(path);
        // Hung: nothing is known of it, so what is watched stays as it is.
        if (stat === 'hung' && current !== undefined) next.set(path, { identity: current.identity, real: path });
        // Not there (yet): its nearest existing ancestor is in `wanted` too.
        else if (stat !== 'hung' && stat?.kind === 'present' && stat.directory)
          next.set(path, { identity: `${stat.dev}:${stat.ino}`, real: stat.real ?? path });
      }
      for (const [path, watch] of [...this.watches]) if (next.get(path)?.identity !== watch.identity) this.forget(path);
      for (const [path, { identity, real }] of next)
        if (!this.watches.has(path)) this.watches.set(path, { identity, watch: this.open(path, real) });
    } while (this.again && !this.closed);
  }

  /**
   * chokidar does not look inside a folder given as a symlink (~/.kube linked to a dotfiles folder),
   * so `real` (the folder with links resolved) is watched, and events are reported under the name
   * the daemon knows.
   */
  private open(folder: string, real: string): FolderWatch {
    const named = (path: string): string =>
      real !== folder && (path === real || path.startsWith(`${real}${sep}`)) ? folder + path.slice(real.length) : path;
    // chokidar reports everything in "/", and "/" itself, as deleted right after adding it; a plain
    // fs.watch is enough there (depth 0 is all we need).
    if (parse(real).root === real) return this.openRoot(real, folder);
    const watcher: FSWatcher = chokidarWatch(real, {
      ignoreInitial: true,
      depth: 0,
      // chokidar's atomic mode holds back unlink/add pairs for 100 ms; we want every event now.
      atomic: false,
      followSymlinks: false,
      awaitWriteFinish: false,
      persistent: true,
    });
    watcher.on('all', (event, path) => {
      const name = named(path);
      if (event === 'unlinkDir' && this.watches.has(name)) this.lost(name);
      this.onEvent(name);
    });
    watcher.on('error', (error) => this.onError(error as Error));
    // What changed while chokidar read the folder counts as initial and is not reported: report the
    // folder itself once it is ready, so the daemon re-reads what depends on it.
    watcher.once('ready', () => this.onEvent(folder));
    // chokidar drops a file's second change within 50 ms and re-reads a folder at most once a
    // second, so kubectl's lock-write-unlock often reaches the daemon late or only through its
    // trailing re-check. A raw fs.watch beside it reports every write at once.
    const raw = this.openRaw(real, named, folder);
    return {
      close: async () => {
        raw.close();
        await watcher.close();
      },
    };
  }

  private openRaw(real: string, named: (path: string) => string, folder: string): FolderWatch {
    try {
      const watcher = nodeWatch(real, { persistent: true }, (_event, name) =>
        this.onEvent(name ? named(join(real, name.toString())) : folder),
      );
      watcher.on('error', () => watcher.close());
      return watcher;
    } catch {
      // The folder went away meanwhile; chokidar's watch reports that.
      return { close: () => undefined };
    }
  }

  private openRoot(root: string, folder: string): FolderWatch {
    try {
      const watcher = nodeWatch(root, { persistent: true }, (_event, name) =>
        this.onEvent(name ? join(folder, name.toString()) : folder),
      );
      watcher.on('error', (error) => this.onError(error));
      setImmediate(() => this.onEvent(folder));
      return watcher;
    } catch (error) {
      this.onError(error as Error);
      return { close: () => undefined };
    }
  }

  /**
   * A watched folder was deleted: its watch died with it. Re-apply the wanted set, which watches
   * it again if it was re-created meanwhile (the daemon's paths may not change, so nobody else would).
   */
  private lost(path: string): void {
    this.forget(path);
    setImmediate(() => this.set(this.wanted));
  }

  private forget(path: string): void {
    const watch = this.watches.get(path)?.watch;
    this.watches.delete(path);
    void Promise.resolve(watch?.close()).catch((error: Error) => this.onError(error));
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.watches.values()];
    this.watches.clear();
    await Promise.all(all.map((entry) => entry.watch.close()));
  }
}
