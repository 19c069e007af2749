/** Creates and checks the private cache folder: mode 0700, owned by us, writable by nobody else. */
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_FILES } from '../locations.js';

export class CacheDirError extends Error {
  override readonly name = 'CacheDirError';
  constructor(
    message: string,
    readonly dir: string,
  ) {
    super(message);
  }
}

/**
 * Makes `dir` (and its `reg/` folder) if missing, with mode 0700.
 * @throws CacheDirError when the folder is not a directory, is owned by another user, or
 *   is writable by group or others: a shared cache could be fed false data.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory())
    throw new CacheDirError(
      `${dir} is not a directory (a symlink or file is in the way); remove it or set KCTX_GUARD_DIR`,
      dir,
    );
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new CacheDirError(
      `${dir} belongs to uid ${stat.uid}, not to you (uid ${uid}); remove it or set KCTX_GUARD_DIR to a folder of your own`,
      dir,
    );
  }
  if ((stat.mode & 0o022) !== 0) {
    throw new CacheDirError(
      `${dir} is writable by other users (mode ${(stat.mode & 0o777).toString(8)}); run: chmod 700 '${dir}'`,
      dir,
    );
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  // Shells cannot make a folder without a fork: registrations' and pane files' folders are made here
  // (src/cache/pane.ts). A folder that takes no write (EACCES, EROFS, ENOSPC) is not refused for
  // that: the entry's own write fails next and says why, as status and doctor do. EEXIST: already there.
  for (const sub of [CACHE_FILES.registrations, CACHE_FILES.panes]) {
    try {
      // Not recursive: node's recursive mkdir says ENOENT where a read-only mount refuses it.
      mkdirSync(join(dir, sub), { mode: 0o700 });
    } catch (error) {
      if (!WRITE_FAILURES.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
}

const WRITE_FAILURES = new Set(['EEXIST', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT']);
