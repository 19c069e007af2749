/**
 * Pane files: what the shells in each tmux pane show, so the status line can show the active pane's
 * target instead of the default kubeconfig's. A hooked shell in tmux writes
 * `panes/<server pid>-<pane number>-<shell pid>` with a builtin redirection whenever its entry
 * changes (never on a steady prompt); shell/tmux-status.sh reads them for `#{pid}` and `#{pane_id}`;
 * the daemon removes those of shells and tmux servers that are gone (docs/protocol.md, "Panes").
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_FILES } from '../locations.js';
import { shellRuns } from '../overlay/process.js';

/** First line of a pane file; the lines after it: SHLVL, the shell's start time (0 unknown), entry name, key. */
export const PANE_MAGIC = 'kctx-guard-pane 1';

const NAME = /^([1-9][0-9]*)-([0-9]+)-([1-9][0-9]*)$/;

export interface PaneFile {
  serverPid: number;
  pane: number;
  shellPid: number;
}

/** The tmux server, pane and shell a pane file's name says, or undefined for any other name. */
export function parsePaneFileName(name: string): PaneFile | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  return { serverPid: Number(match[1]), pane: Number(match[2]), shellPid: Number(match[3]) };
}

/** The shell's start time a pane file records (its third line), `0` when unknown or unreadable. */
function recordedStart(path: string): string {
  try {
    const lines = readFileSync(path, 'utf8').split('\n');
    return lines[0] === PANE_MAGIC && /^[0-9]+$/.test(lines[2] ?? '') ? lines[2]! : '0';
  } catch {
    return '0';
  }
}

/**
 * Removes the pane files whose shell is gone (with /proc: or is another process with its pid) or whose
 * tmux server is gone (the pane was closed with it). Never throws; returns the paths removed.
 */
export function removeStalePanes(cacheDir: string, hasProc: boolean): string[] {
  const folder = join(cacheDir, CACHE_FILES.panes);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pane = parsePaneFileName(name);
    if (pane === undefined) continue;
    const path = join(folder, name);
    if (shellRuns(pane.serverPid, '0', hasProc) && shellRuns(pane.shellPid, recordedStart(path), hasProc)) continue;
    rmSync(path, { force: true });
    removed.push(path);
  }
  return removed;
}
