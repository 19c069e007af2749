/**
 * Tests only: a stand-in for a hung mount under `stat`. With NODE_ENV=test and
 * `KCTX_GUARD_TEST_STAT_HANG=<flag file>:<path>`, every stat of `<path>` or of a path below it blocks
 * in one system call (waiting for a child) for as long as `<flag file>` exists (60 s at most), in
 * whatever thread makes it, so that not even a worker's terminate() ends it. Unset, it costs nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function statHang(): ((path: string) => void) | undefined {
  const spec = process.env['KCTX_GUARD_TEST_STAT_HANG'];
  if (process.env['NODE_ENV'] !== 'test' || !spec) return undefined;
  const colon = spec.indexOf(':');
  const flag = spec.slice(0, colon);
  const hung = spec.slice(colon + 1);
  const script = 'i=0; while [ -e "$1" ] && [ "$i" -lt 600 ]; do sleep 0.1; i=$((i+1)); done';
  return (path) => {
    if ((path === hung || path.startsWith(`${hung}/`)) && existsSync(flag))
      execFileSync('sh', ['-c', script, 'sh', flag]);
  };
}

/** Blocks while the test's hung path is "hung"; a no-op outside tests. */
export const hangIfTestSaysSo: (path: string) => void = statHang() ?? (() => undefined);
