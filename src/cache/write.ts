/**
 * Writes a cache entry atomically (temp file + rename in the same folder) with its mtime set
 * just above the newest source it was computed from, so `entry -nt source` is true exactly
 * until a source changes.
 */
import { closeSync, openSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';

let counter = 0;

/** Above the newest source mtime by this much: more than Node's float time precision (~0.25 µs). */
const MTIME_MARGIN_NS = 2_000n;

function toSeconds(ns: bigint): number {
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
}

/**
 * @param newestSourceNs the largest mtime (ns) among the entry's freshness paths when it was read.
 * @throws the underlying fs error when the folder is not writable.
 */
export function writeEntryAtomically(dir: string, name: string, content: string, newestSourceNs: bigint): void {
  const temp = join(dir, `.tmp-${process.pid}-${++counter}`);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      // No fsync: the cache is rebuilt at will, and a torn entry after a crash is rejected by its readers.
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    let target = newestSourceNs + MTIME_MARGIN_NS;
    for (let attempt = 0; attempt < 4; attempt++) {
      utimesSync(temp, toSeconds(target), toSeconds(target));
      if (statSync(temp, { bigint: true }).mtimeNs > newestSourceNs) break;
      target += MTIME_MARGIN_NS;
    }
    renameSync(temp, join(dir, name));
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // The temp file was never created or is already renamed.
    }
    throw error;
  }
}
