/**
 * Runs a program so that file permissions bind it even when the tests run as root: root without
 * CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH is refused by `chmod 000` like anyone else, and unlike
 * switching to another uid this needs no access to the checkout's (possibly private) folder.
 */
import { execFileSync } from 'node:child_process';

const IS_ROOT = process.getuid?.() === 0;

/** The argv that runs `argv` bound by file permissions: itself for a normal user, under setpriv for root. */
export function boundByPermissions(argv: [string, ...string[]]): [string, ...string[]] {
  if (!IS_ROOT) return argv;
  return [setprivPath(), '--bounding-set', '-dac_override,-dac_read_search', '--', ...argv];
}

/** setpriv's absolute path, so a test may hand the program an empty PATH. */
function setprivPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v setpriv'], { encoding: 'utf8' }).trim();
  } catch (cause) {
    throw new Error('the tests run as root and need setpriv (util-linux) to test chmod 000', { cause });
  }
}

/** Fails loudly when setpriv (util-linux) is missing, so no permission test is skipped silently as root. */
export function requireSetpriv(): void {
  if (IS_ROOT) setprivPath();
}
