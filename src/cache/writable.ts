/**
 * Whether the cache folder takes a write, and if not, why in the user's terms: the errno and the
 * fix. A full disk, a read-only mount or a folder without write permission leave every entry
 * stale; `status` and `doctor` say which, instead of only "cache stale".
 */
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface CacheWriteProblem {
  /** The errno name, e.g. ENOSPC. */
  code: string;
  message: string;
  fix: string;
}

/** What one failed write into `dir` means, and what to do about it. */
export function describeWriteFailure(dir: string, error: NodeJS.ErrnoException): CacheWriteProblem {
  const code = error.code ?? 'EIO';
  const other = 'or set KCTX_GUARD_DIR to a private folder elsewhere';
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return {
        code,
        message: `the disk holding ${dir} is full (${code})`,
        fix: `free some space on it (df -h '${dir}'), ${other}`,
      };
    case 'EROFS':
      return {
        code,
        message: `${dir} is on a read-only filesystem (EROFS)`,
        fix: `remount it read-write, ${other}`,
      };
    case 'EACCES':
    case 'EPERM':
      return { code, message: `${dir} is not writable for you (${code})`, fix: `run: chmod u+rwx '${dir}'` };
    default:
      return { code, message: `cannot write into ${dir} (${code}: ${error.message})`, fix: other };
  }
}

/** A block-sized write, as an entry needs at most; a full disk refuses it even when a byte would fit. */
const PROBE = Buffer.alloc(4096, 0x20);

/** Tries a write the size of an entry into `dir`; undefined when it works. Never leaves a file behind. */
export function cacheWriteProblem(dir: string): CacheWriteProblem | undefined {
  const probe = join(dir, `.tmp-probe-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = openSync(probe, 'w', 0o600);
    writeSync(fd, PROBE);
    return undefined;
  } catch (error) {
    return describeWriteFailure(dir, error as NodeJS.ErrnoException);
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(probe);
    } catch {
      // Never created.
    }
  }
}
