/**
 * "unknown" must never last without a reason: when the prompt's synchronous fallback
 * (`__refresh`) cannot leave a trusted entry behind, it says why here, and `status` and `doctor`
 * show it. The note lives in the state folder, since the cache folder may be the problem.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEntry } from '../cache/index.js';
import { stateDir, type Env } from '../locations.js';

export interface FallbackNote {
  /** When the fallback failed (ms since the epoch). */
  at: number;
  /** The cache key of the shell that showed "unknown". */
  key: string;
  reason: string;
  fix: string;
}

/** A note older than this is history, not the state of the prompt. */
const NOTE_TTL_MS = 15 * 60_000;

function noteFile(env: Env): string {
  return join(stateDir(env), 'fallback.json');
}

export function recordFallbackNote(env: Env, note: FallbackNote): void {
  const file = noteFile(env);
  try {
    mkdirSync(stateDir(env), { recursive: true, mode: 0o700 });
    writeFileSync(`${file}.tmp-${process.pid}`, `${JSON.stringify(note)}\n`, { mode: 0o600 });
    renameSync(`${file}.tmp-${process.pid}`, file);
  } catch {
    // The state folder is not writable either: the fallback's own exit status and stderr remain.
  }
}

/** Forgets the note once the fallback for that key worked. */
export function clearFallbackNote(env: Env, key: string): void {
  // However old: a note for this key is answered now.
  if (readFallbackNote(env, key, Number.NEGATIVE_INFINITY) !== undefined) rmSync(noteFile(env), { force: true });
}

/** The note for `key`, if one was written less than 15 minutes before `now`. */
export function readFallbackNote(env: Env, key: string, now = Date.now()): FallbackNote | undefined {
  try {
    const note = JSON.parse(readFileSync(noteFile(env), 'utf8')) as Partial<FallbackNote>;
    if (note.key !== key || typeof note.at !== 'number' || typeof note.reason !== 'string') return undefined;
    if (now - note.at > NOTE_TTL_MS) return undefined;
    return { at: note.at, key, reason: note.reason, fix: typeof note.fix === 'string' ? note.fix : '' };
  } catch {
    return undefined;
  }
}

function iso(ns: bigint): string {
  return new Date(Number(ns / 1_000_000n)).toISOString();
}

/**
 * Why the entry at `file`, just written, is not newer than every freshness path it lists (the
 * check the shells make), in words and with a fix.
 */
export function explainStaleEntry(dir: string, file: string): { reason: string; fix: string } {
  const own = statSync(file, { bigint: true }).mtimeNs;
  const paths = parseEntry(readFileSync(file, 'utf8')).freshnessPaths;
  for (const path of paths) {
    let mtime: bigint;
    try {
      mtime = statSync(path, { bigint: true }).mtimeNs;
    } catch {
      return {
        reason: `${path} was removed while the entry was computed`,
        fix: 'it settles at the next prompt; if it keeps happening, something keeps removing it',
      };
    }
    if (mtime < own) continue;
    if (own % 1_000_000_000n === 0n && mtime - own < 1_000_000_000n) {
      return {
        reason: `the cache folder ${dir} keeps file times in whole seconds, too coarse to date an entry above ${path} (both ${iso(own)})`,
        fix: 'set KCTX_GUARD_DIR to a private folder on a filesystem with fine timestamps (ext4, xfs, btrfs, tmpfs, APFS)',
      };
    }
    return {
      reason: `${path} changed (${iso(mtime)}) while the entry was computed`,
      fix: 'it settles at the next prompt; if it keeps happening, something rewrites that file constantly',
    };
  }
  return { reason: 'the entry was replaced while it was checked', fix: 'it settles at the next prompt' };
}
