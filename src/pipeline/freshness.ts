/**
 * Which paths decide whether an entry is still fresh, and a signature of their current state.
 * A file's own mtime catches in-place writes; its folder's mtime catches create, delete and
 * rename-replace; a symlink's target folder catches retargeting, and the folder holding a
 * symlinked ancestor (`~/.kube -> dotfiles/kube`) catches that link being retargeted. Only
 * paths that exist are listed: a missing one is covered by its nearest existing folder.
 */
import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/** Adds, for every symlinked folder above `file`, the folder holding the link and the link's target. */
function addSymlinkedAncestors(file: string, out: Set<string>): void {
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      if (!lstatSync(dir).isSymbolicLink()) continue;
      out.add(dirname(dir));
      out.add(realpathSync(dir));
    } catch {
      // Missing or looping: the nearest existing folder is already a freshness path.
    }
  }
}

/** The freshness paths for the given absolute files, in a stable order without repeats. */
export function freshnessPaths(files: string[]): string[] {
  const out = new Set<string>();
  for (const file of files) {
    out.add(file);
    const parent = dirname(file);
    out.add(parent);
    if (!existsSync(parent)) out.add(nearestExisting(parent));
    try {
      if (lstatSync(file).isSymbolicLink()) {
        out.add(dirname(resolve(parent, readlinkSync(file))));
        out.add(dirname(realpathSync(file)));
      }
    } catch {
      // Missing file, dangling link or loop: the folder checks above still catch its repair.
    }
    addSymlinkedAncestors(file, out);
  }
  // A path that does not exist is covered by its nearest existing folder (creating it changes
  // that folder's mtime), so it is left out: every path costs each prompt one more -nt test.
  const existing = new Set<string>();
  for (const path of out) existing.add(existsSync(path) ? path : nearestExisting(dirname(path)));
  return [...existing];
}

export interface PathState {
  /** `ino:size:mtime:ctime` per path (following links), or `-` when absent; equal strings mean nothing changed. */
  signature: string;
  /** Newest mtime among the paths that exist, in ns since the epoch. */
  newestNs: bigint;
}

export function pathState(paths: string[]): PathState {
  let newestNs = 0n;
  const parts = paths.map((path) => {
    try {
      const stat = statSync(path, { bigint: true });
      if (stat.mtimeNs > newestNs) newestNs = stat.mtimeNs;
      return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
    } catch {
      return '-';
    }
  });
  return { signature: parts.join('|'), newestNs };
}
