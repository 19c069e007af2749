/**
 * After `kctx-guard ack`: waits (a moment at most) until the daemon has rewritten every cache entry
 * that still shows what was acknowledged, so the prompt drawn right after the command has no marker.
 * Reads the user's own cache folder; entries it cannot read or parse are not waited for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EntryDetails, parseEntry } from '../cache/index.js';
import type { Drift, HiddenDefinition } from '../identity/index.js';

/** Long enough for a daemon to recompute a few dozen entries; the prompt catches up by itself later. */
export const ACK_WAIT_MS = 2_000;
const POLL_MS = 25;

export type Acknowledged = { kind: 'drift'; item: Drift } | { kind: 'hidden'; item: HiddenDefinition };

const sameHidden = (
  shown: { kind: string; name: string; file: string; server: string },
  item: HiddenDefinition,
): boolean =>
  shown.kind === item.kind && shown.name === item.name && shown.file === item.file && shown.server === item.server;

/** Whether an entry still marks one of `acknowledged`. */
export function stillShows(details: EntryDetails, acknowledged: readonly Acknowledged[]): boolean {
  return acknowledged.some(({ kind, item }) =>
    kind === 'drift'
      ? (details.drift ?? []).some((shown) => shown.context === item.context && shown.file === item.file)
      : (details.hiddenElsewhere ?? []).some((shown) => sameHidden(shown, item)) ||
        (details.shadowed ?? []).some((shown) => shown.acknowledged !== true && sameHidden(shown, item)),
  );
}

function entriesShowing(dir: string, acknowledged: readonly Acknowledged[]): number {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((dirent) => dirent.isFile() && !dirent.name.startsWith('.'))
      .map((dirent) => dirent.name);
  } catch {
    return 0;
  }
  let showing = 0;
  for (const name of names) {
    try {
      if (stillShows(parseEntry(readFileSync(join(dir, name), 'utf8')).details, acknowledged)) showing++;
    } catch {
      // Not an entry (heartbeat, registration), or replaced meanwhile: nothing to wait for.
    }
  }
  return showing;
}

/** Resolves with how many entries still show it when the wait ended (0: all rewritten). */
export async function waitForEntriesRewritten(
  dir: string,
  acknowledged: readonly Acknowledged[],
  waitMs = ACK_WAIT_MS,
): Promise<number> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const showing = entriesShowing(dir, acknowledged);
    if (showing === 0 || Date.now() >= deadline) return showing;
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}
