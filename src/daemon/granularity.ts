/**
 * Measures whether this filesystem gives every observed write a new mtime. When it does
 * (Linux multigrain timestamps, APFS), the daemon can write an entry right after reading;
 * when writes within one clock tick share an mtime, it must first let that tick pass.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Wait used when timestamps are coarse: longer than any kernel tick in use (HZ=100 → 10 ms). */
export const COARSE_WAIT_MS = 20;

/** Returns how long after a source's mtime the daemon must wait before trusting its read. */
export function measureSettleWaitMs(dir: string, samples = 30): number {
  const probeDir = mkdtempSync(join(dir, '.probe-'));
  try {
    const file = join(probeDir, 'probe');
    let previous = -1n;
    for (let i = 0; i < samples; i++) {
      writeFileSync(file, String(i));
      const mtime = statSync(file, { bigint: true }).mtimeNs;
      if (mtime <= previous) return COARSE_WAIT_MS;
      previous = mtime;
    }
    return 0;
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
}
