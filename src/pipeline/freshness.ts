/**
 * Which paths decide whether an entry is still fresh, and a signature of their current state.
 * A file's own mtime catches in-place writes; its folder's mtime catches create, delete and
 * rename-replace; the folder holding every symlink on the way to the file (the file itself, a
 * linked ancestor such as `~/.kube -> dotfiles/kube`, each hop of a chain) catches that link being
 * retargeted, and the folder the chain ends in catches the real file being replaced. Only paths
 * that exist are listed: a missing one is covered by its nearest existing folder.
 */
import { existsSync, lstatSync, readlinkSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { hangIfTestSaysSo } from './stat-hang.js';

function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/** More links than this on one path is a loop (Linux's own limit is 40). */
const MAX_LINKS = 40;

/**
 * Adds, for every symlink met while resolving `file` (the file itself, any folder above it, and
 * every hop of a chain such as `~/.kube/config -> ~/kcs/current/config` with
 * `~/kcs/current -> ~/kcs/a`), the folder holding that link: retargeting a link (`ln -sfn`
 * renames a new link over it) changes that folder's mtime. Also adds the folder the chain ends in.
 */
function addSymlinkChain(file: string, out: Set<string>): void {
  let rest = file.split(sep).filter(Boolean);
  let resolved: string = sep;
  let links = 0;
  while (rest.length > 0) {
    const candidate = join(resolved, rest[0] as string);
    let target: string | undefined;
    try {
      if (lstatSync(candidate).isSymbolicLink()) target = readlinkSync(candidate);
    } catch {
      // Missing (a dangling link, a folder not made yet): creating it changes this folder.
      out.add(resolved);
      return;
    }
    if (target === undefined) {
      resolved = candidate;
      rest = rest.slice(1);
      continue;
    }
    if (++links > MAX_LINKS) return;
    out.add(resolved);
    rest = [...resolve(resolved, target).split(sep).filter(Boolean), ...rest.slice(1)];
    resolved = sep;
  }
  if (links > 0) out.add(dirname(resolved));
}

/** The freshness paths for the given absolute files, in a stable order without repeats. */
export function freshnessPaths(files: string[]): string[] {
  const out = new Set<string>();
  for (const file of files) {
    out.add(file);
    const parent = dirname(file);
    out.add(parent);
    if (!existsSync(parent)) out.add(nearestExisting(parent));
    addSymlinkChain(file, out);
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

/** The part of a path's stat that decides freshness (a `BigIntStats` is one). */
export interface PathStamp {
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

/** The state of `paths` from their stamps, however they were taken; `stampOf` says undefined for an absent path. */
export function stateOf(paths: string[], stampOf: (path: string) => PathStamp | undefined): PathState {
  let newestNs = 0n;
  const parts = paths.map((path) => {
    const stamp = stampOf(path);
    if (stamp === undefined) return '-';
    if (stamp.mtimeNs > newestNs) newestNs = stamp.mtimeNs;
    return `${stamp.ino}:${stamp.size}:${stamp.mtimeNs}:${stamp.ctimeNs}`;
  });
  return { signature: parts.join('|'), newestNs };
}

/** Stats `paths` in this thread: only where blocking is harmless (a compute thread, the CLI), never on the daemon's thread. */
export function pathState(paths: string[]): PathState {
  return stateOf(paths, (path) => {
    try {
      hangIfTestSaysSo(path);
      return statSync(path, { bigint: true });
    } catch {
      return undefined;
    }
  });
}
