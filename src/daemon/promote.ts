/**
 * Moves an entry's mtime up to the next whole second once that second has passed with its sources
 * unchanged. An entry is dated just above its newest source, usually within the same second, and
 * readers that compare file times in whole seconds (bash before 4.3, so the starship and tmux scripts
 * on a stock Mac; a cache folder on a filesystem that keeps whole seconds) cannot tell it is newer.
 *
 * Safe against a write racing the move: the sources are looked at only once the new second is a
 * settle wait old (COARSE_WAIT_MS: a filesystem's clock may lag the real one by a tick), so any later
 * write gets an mtime at or past that second, which the entry is then not newer than: stale, never
 * trusted. Nothing changes when the sources did, the entry was rewritten meanwhile, or a source's
 * mtime is in the future (the entry is dated there already).
 */
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { COARSE_WAIT_MS } from './granularity.js';
import type { Served } from './served.js';

/** How the promoter reads the sources (the stat threads) and tells whether they are as the entry says. */
export interface PromoteDeps {
  cacheDir: string;
  served: ReadonlyMap<string, Served>;
  /** The signature of `paths` now, or undefined when a stat hung. */
  signatureOf(paths: string[], asker: string): Promise<string | undefined>;
}

const NS_PER_S = 1_000_000_000n;

/** The whole second after `ns`. */
export function nextWholeSecondNs(ns: bigint): bigint {
  return (ns / NS_PER_S + 1n) * NS_PER_S;
}

/** Plans the move for the entry just written (or kept) with its sources' newest mtime `newestNs`. */
export function schedulePromotion(deps: PromoteDeps, served: Served, newestNs: bigint): void {
  clearTimeout(served.promote);
  served.promote = undefined;
  const target = nextWholeSecondNs(newestNs);
  const delayMs = Number(target / 1_000_000n) + COARSE_WAIT_MS - Date.now();
  // A source dated in the future: the entry's mtime is there too, and nothing is gained by waiting.
  if (delayMs > 1000 + COARSE_WAIT_MS * 2) return;
  const { last, signature } = served;
  served.promote = setTimeout(
    () => {
      served.promote = undefined;
      void deps.signatureOf(served.paths, served.name).then((now) => {
        if (deps.served.get(served.name) !== served || served.last !== last || served.signature !== signature) return;
        if (now === undefined || now !== signature || served.computing) return;
        const file = join(deps.cacheDir, served.name);
        try {
          const mtimeNs = statSync(file, { bigint: true }).mtimeNs;
          if (mtimeNs >= target) return;
          const seconds = Number(target / NS_PER_S);
          utimesSync(file, seconds, seconds);
        } catch {
          // Removed meanwhile (invalidated, or the folder cleaned): its rewrite is planned elsewhere.
        }
      });
    },
    Math.max(0, delayMs),
  );
}
