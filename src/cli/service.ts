/** Writing and removing the service file: never overwrites or deletes a file kctx-guard did not write unless forced. */
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GENERATED_MARKER, serviceFileContent, UNIT_NAME, type ServicePlan } from '../service/index.js';

export class ServiceInstallError extends Error {
  override readonly name = 'ServiceInstallError';
}

export type InstallOutcome = 'written' | 'unchanged' | 'replaced';

/**
 * Writes the unit or plist, and creates the log folder launchd needs to exist. A file that an earlier
 * `daemon install` wrote is replaced; any other file only with `force`.
 * @throws ServiceInstallError when a file kctx-guard did not write is in the way and `force` is off; ServiceFileError for unwritable paths.
 */
export function installServiceFile(plan: ServicePlan, force: boolean): { outcome: InstallOutcome; content: string } {
  const content = serviceFileContent(plan);
  let outcome: InstallOutcome = 'written';
  if (existsSync(plan.file)) {
    const existing = readFileSync(plan.file, 'utf8');
    if (existing === content) return { outcome: 'unchanged', content };
    // One an earlier kctx-guard wrote (other node or package paths after an upgrade or a move) is ours to replace.
    if (!force && !existing.includes(GENERATED_MARKER)) {
      throw new ServiceInstallError(
        `${plan.file} already exists, was not written by kctx-guard, and differs from what kctx-guard would write; look at it, then run kctx-guard daemon install --force to replace it (or kctx-guard daemon install --print to compare)`,
      );
    }
    outcome = 'replaced';
  }
  mkdirSync(dirname(plan.file), { recursive: true });
  mkdirSync(plan.logDir, { recursive: true, mode: 0o700 });
  writeFileSync(plan.file, content, { mode: 0o644 });
  return { outcome, content };
}

/** systemd's `enable` link for our unit, which `disable` would remove but cannot once the unit file is gone. */
function enableLink(plan: ServicePlan): string {
  return join(dirname(plan.file), 'default.target.wants', UNIT_NAME);
}

/**
 * Removes the service file (and on Linux the `enable` link pointing to it). Returns the paths removed.
 * @throws ServiceInstallError when the file was not written by kctx-guard and `force` is off.
 */
export function uninstallServiceFile(plan: ServicePlan, force: boolean): string[] {
  const removed: string[] = [];
  if (existsSync(plan.file)) {
    if (!force && !readFileSync(plan.file, 'utf8').includes(GENERATED_MARKER)) {
      throw new ServiceInstallError(
        `${plan.file} was not written by kctx-guard daemon install (it lacks the line "${GENERATED_MARKER}"); remove it yourself, or run kctx-guard daemon uninstall --force`,
      );
    }
    rmSync(plan.file);
    removed.push(plan.file);
  }
  const link = enableLink(plan);
  if (plan.platform === 'linux' && isSymlink(link) && resolve(dirname(link), readlinkSync(link)) === plan.file) {
    rmSync(link);
    removed.push(link);
  }
  return removed;
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
