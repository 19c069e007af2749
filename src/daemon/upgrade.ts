/**
 * Notices that the package the daemon runs from was replaced (`npm i -g`, a rebuild): a daemon
 * of an older version must not keep serving shells of the newer one. It fingerprints the files
 * that define its behaviour (package.json and the built entry points) every few seconds, and
 * reports a change once the new fingerprint has held for two checks (an install in progress
 * replaces files one by one).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** package.json (the version) and the compiled code the daemon and the hooks' init come from. */
const STAMPED = ['package.json', 'dist/bin/run.js', 'dist/daemon/run.js', 'dist/cache/entry.js'];

export interface PackageStamp {
  version: string;
  digest: string;
}

/** The package's version and a digest of its stamped files (a missing file counts as empty). */
export function packageStamp(root: string): PackageStamp {
  const hash = createHash('sha256');
  let version = 'unknown';
  for (const file of STAMPED) {
    let text = '';
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      // Mid-install or removed: the digest changes, and the next checks tell whether it settles.
    }
    if (file === 'package.json') {
      try {
        version = String((JSON.parse(text) as { version?: unknown }).version ?? 'unknown');
      } catch {
        version = 'unknown';
      }
    }
    hash.update(file).update('\0').update(text).update('\0');
  }
  return { version, digest: hash.digest('hex') };
}

/**
 * Calls `onUpgrade(old, new)` once when the package at `root` changed and stayed changed for two
 * checks `intervalMs` apart. Returns the function that stops watching.
 */
export function watchForUpgrade(
  root: string,
  intervalMs: number,
  onUpgrade: (from: PackageStamp, to: PackageStamp) => void,
): () => void {
  const started = packageStamp(root);
  let candidate: PackageStamp | undefined;
  const timer = setInterval(() => {
    const now = packageStamp(root);
    if (now.digest === started.digest) {
      candidate = undefined;
      return;
    }
    if (candidate?.digest === now.digest) {
      clearInterval(timer);
      onUpgrade(started, now);
      return;
    }
    candidate = now;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
