/**
 * The lines of a user's rc files that run kctx-guard (`init`, `completion`), found with their
 * file:line, and removed on request with a backup beside the file. Every other byte is kept.
 */
import { copyFileSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Env } from '../locations.js';
import { rcFiles } from './doctor-shell.js';

export interface RcLine {
  file: string;
  /** 1-based. */
  line: number;
  text: string;
  /**
   * True when the line is one of the forms the README gives, on its own and unindented, so removing
   * it cannot break the file; false for a line that does more (`… && eval "$(kctx-guard init zsh)"`)
   * or sits in a block (`if …; then` with nothing else inside would not parse).
   */
  removable: boolean;
}

const RUNS_KCTX_GUARD = /kctx-guard(\.js)?['"]?\s+(init|completion)\b/;
const COMMAND = String.raw`\S*kctx-guard(\.js)?['"]?\s+(init|completion)\s+[a-z]+`;
const STANDALONE = [
  new RegExp(String.raw`^eval "\$\(${COMMAND}\)"\s*$`),
  new RegExp(String.raw`^source <\(${COMMAND}\)\s*$`),
  new RegExp(String.raw`^${COMMAND} \| source\s*$`),
];

/** Non-comment lines of the rc files that run `kctx-guard init` or `kctx-guard completion`. Unreadable files are skipped. */
export function findRcLines(env: Env): RcLine[] {
  const found: RcLine[] = [];
  for (const { file } of rcFiles(env)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    text.split('\n').forEach((raw, index) => {
      const line = raw.replace(/\r$/, '');
      if (line.trimStart().startsWith('#') || !RUNS_KCTX_GUARD.test(line)) return;
      found.push({ file, line: index + 1, text: line, removable: STANDALONE.some((form) => form.test(line)) });
    });
  }
  return found;
}

/** `<file>.kctx-guard.bak`, or `.bak.2`, `.bak.3`… when an earlier backup is there: never overwrite one. */
function backupPath(file: string): string {
  let candidate = `${file}.kctx-guard.bak`;
  for (let n = 2; existsSync(candidate); n++) candidate = `${file}.kctx-guard.bak.${n}`;
  return candidate;
}

/**
 * Copies `file` to a new backup, then rewrites it in place (following a symlink, keeping its mode)
 * without the given 1-based lines. Returns the backup's path.
 * @throws Error from the file system (nothing is rewritten when the backup fails).
 */
export function removeLines(file: string, lines: readonly number[]): string {
  const text = readFileSync(file, 'utf8');
  const backup = backupPath(file);
  copyFileSync(file, backup, constants.COPYFILE_EXCL);
  const drop = new Set(lines);
  const kept = text.split('\n').filter((_, index) => !drop.has(index + 1));
  writeFileSync(file, kept.join('\n'));
  return backup;
}
