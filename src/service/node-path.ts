/**
 * The node a service file should name. Homebrew, nvm and asdf run node from a versioned folder
 * (`/opt/homebrew/Cellar/node/22.1.0/bin/node`) that the next upgrade removes, leaving the
 * service pointing at nothing; the `node` on PATH (`/opt/homebrew/bin/node`) follows upgrades.
 */
import { realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The first `node` on `path` that is this very node (same file once links are resolved), else `execPath`. */
export function stableNodePath(execPath: string, path: string | undefined): string {
  let real: string;
  try {
    real = realpathSync(execPath);
  } catch {
    return execPath;
  }
  for (const dir of (path ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const candidate = join(dir, 'node');
    try {
      if (realpathSync(candidate) === real) return candidate;
    } catch {
      // No node here.
    }
  }
  return execPath;
}
