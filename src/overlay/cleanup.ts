/**
 * Removes the overlays of shells that are gone. An overlay stays while its shell runs (pid and, with
 * /proc, start time), and on Linux while any process still has its path in its environment (a nested
 * shell, an editor, a tmux server started from the pinned shell). Only overlay folders holding the
 * overlay file and its `.lock` are removed, and only when the file holds nothing but what `use`/`ns`
 * writes: an overlay with a cluster, a user or a second context in it, or a folder with any other
 * file in it, is kept and reported, never deleted.
 */
import { readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseKubeconfig } from '../kubeconfig/index.js';
import { overlayFileName, overlayFolder, parseOverlayDirName } from './paths.js';
import { shellRuns } from './process.js';

/** Paths named in the environment of any process this user can read (Linux), or undefined without /proc. */
function pathsInEnvironments(candidates: string[]): Set<string> {
  const used = new Set<string>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^[0-9]+$/.test(name));
  } catch {
    return used;
  }
  for (const pid of pids) {
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
    } catch {
      continue;
    }
    for (const candidate of candidates) if (environ.includes(candidate)) used.add(candidate);
  }
  return used;
}

function onlyWhatUseWrites(path: string): boolean {
  try {
    const config = parseKubeconfig(readFileSync(path, 'utf8'), path);
    return config.clusters.size === 0 && config.users.size === 0 && config.contexts.size <= 1;
  } catch {
    return false;
  }
}

export interface CleanupReport {
  removed: string[];
  /** Overlays of dead shells kept because something besides `use`/`ns` wrote into them. */
  kept: string[];
}

/** What one dead shell's overlay folder holds, and what to do with it. */
function sweepFolder(own: string, file: string, inUse: Set<string>, report: CleanupReport): void {
  const path = join(own, file);
  if (inUse.has(path)) return;
  let names: string[];
  try {
    names = readdirSync(own);
  } catch {
    return;
  }
  // Only the overlay and its lock, or less (`use` stopped half-way, or the overlay was removed by
  // hand): anything else in the folder was put there by someone else and stays.
  if (names.some((name) => name !== file && name !== `${file}.lock`)) {
    report.kept.push(own);
    return;
  }
  if (names.includes(file)) {
    if (!onlyWhatUseWrites(path)) {
      report.kept.push(path);
      return;
    }
    rmSync(path, { force: true });
    report.removed.push(path);
  }
  rmSync(`${path}.lock`, { force: true });
  rmdirSync(own);
}

/** One pass over the overlay folder. `hasProc`: /proc tells start times and environments (Linux). Never throws. */
export function removeDeadOverlays(cacheDir: string, hasProc: boolean): CleanupReport {
  const report: CleanupReport = { removed: [], kept: [] };
  const folder = overlayFolder(cacheDir);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return report;
  }
  // While the shell runs, `use` may be between making the folder and writing the overlay: only a
  // gone shell's folders are looked into.
  const dead = names.flatMap((name) => {
    const overlay = parseOverlayDirName(name);
    if (overlay === undefined || shellRuns(overlay.pid, overlay.start, hasProc)) return [];
    return [{ own: join(folder, name), file: overlayFileName(overlay) }];
  });
  if (dead.length === 0) return report;
  const inUse = hasProc ? pathsInEnvironments(dead.map(({ own, file }) => join(own, file))) : new Set<string>();
  for (const { own, file } of dead) {
    try {
      sweepFolder(own, file, inUse, report);
    } catch {
      // Removed meanwhile, or not ours to remove: the next pass looks again.
    }
  }
  return report;
}
