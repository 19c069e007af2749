/** Reads a cache entry and judges it the way the shell hooks do: right key, and newer than every freshness path. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEntry, type Entry } from './entry.js';

export type EntryState = 'fresh' | 'stale' | 'missing' | 'foreign' | 'invalid';

export interface ReadEntry {
  state: EntryState;
  entry: Entry | undefined;
  file: string;
}

function mtimeNs(path: string): bigint | undefined {
  try {
    return statSync(path, { bigint: true }).mtimeNs;
  } catch {
    return undefined;
  }
}

/** `foreign`: the file holds another key (a long-key name collision); `invalid`: not an entry of this version. */
export function readEntry(dir: string, name: string, key: string): ReadEntry {
  const file = join(dir, name);
  // Freshness is judged before reading, as the shells do: a replacement can only be newer.
  const own = mtimeNs(file);
  if (own === undefined) return { state: 'missing', entry: undefined, file };
  let entry: Entry;
  try {
    entry = parseEntry(readFileSync(file, 'utf8'));
  } catch {
    return { state: 'invalid', entry: undefined, file };
  }
  if (entry.key !== key) return { state: 'foreign', entry: undefined, file };
  const fresh = entry.freshnessPaths.every((path) => {
    const other = mtimeNs(path);
    // A listed path that is gone changed: only paths that existed are listed.
    return other !== undefined && own > other;
  });
  return { state: fresh ? 'fresh' : 'stale', entry, file };
}
