/**
 * Removes the overlays of shells that are gone. An overlay stays while its shell runs (pid and, with
 * /proc, start time), and on Linux while any process still has its path in its environment (a nested
 * shell, an editor, a tmux server started from the pinned shell). Only files of the overlay pattern
 * and their `.lock` are removed, and only when they hold nothing but what `use`/`ns` writes: an
 * overlay with a cluster, a user or a second context in it is kept and reported, never deleted.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseKubeconfig } from '../kubeconfig/index.js';
import { overlayFolder, parseOverlayPath } from './paths.js';
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
  const dead = names
    .map((name) => join(folder, name))
    .filter((path) => {
      const overlay = parseOverlayPath(path);
      return overlay !== undefined && !shellRuns(overlay.pid, overlay.start, hasProc);
    });
  if (dead.length === 0) return report;
  const inUse = hasProc ? pathsInEnvironments(dead) : new Set<string>();
  for (const path of dead) {
    if (inUse.has(path)) continue;
    if (!onlyWhatUseWrites(path)) {
      report.kept.push(path);
      continue;
    }
    rmSync(path, { force: true });
    rmSync(`${path}.lock`, { force: true });
    report.removed.push(path);
  }
  // A lock whose overlay was removed by hand guards nothing once its shell is gone (while the shell
  // runs, `use` may be between writing the lock and the overlay).
  for (const name of names) {
    const overlay = name.endsWith('.yaml.lock') ? parseOverlayPath(join(folder, name.slice(0, -5))) : undefined;
    if (overlay && !names.includes(name.slice(0, -5)) && !shellRuns(overlay.pid, overlay.start, hasProc))
      rmSync(join(folder, name), { force: true });
  }
  return report;
}
