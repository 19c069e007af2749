/**
 * A stat thread: stats one path at a time for the daemon's thread, which must never block in the
 * kernel on a hung mount. A folder's real path comes too, for the watcher (chokidar does not look
 * inside a folder given as a symlink).
 */
import { realpathSync, statSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
// Not the pipeline's index: a stat thread starts fast, without the YAML parser and the rest.
import { hangIfTestSaysSo } from '../pipeline/stat-hang.js';
import type { PathStat, StatReply, StatRequest } from './stat-pool.js';

if (!parentPort) throw new Error('stat-worker.js runs as a worker thread');
const port = parentPort;

function statOf(path: string): PathStat {
  hangIfTestSaysSo(path);
  try {
    const stat = statSync(path, { bigint: true });
    const { dev, ino, size, mtimeNs, ctimeNs } = stat;
    const directory = stat.isDirectory();
    let real: string | undefined;
    try {
      if (directory) real = realpathSync(path);
    } catch {
      // Gone again: the watcher's next look sorts it out.
    }
    return { kind: 'present', dev, ino, size, mtimeNs, ctimeNs, directory, real };
  } catch {
    // Absent, or not ours to see: either way nothing there to watch or trust, as a sync stat said before.
    return { kind: 'missing' };
  }
}

port.on('message', ({ id, path }: StatRequest) => {
  port.postMessage({ id, stat: statOf(path) } satisfies StatReply);
});
