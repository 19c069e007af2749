/**
 * The one private temp environment for tests, benchmarks and scripts: HOME, the kctx-guard
 * folders, PATH and a UTF-8 locale, and nothing else from the caller's environment, so a run
 * never touches the real ~/.kube or the user's cache and never depends on the login locale.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(REPO, 'bin', 'kctx-guard.js');

/**
 * Set for every shell and tmux the harness starts: with a bare login environment the locale
 * is POSIX, and tmux then draws `⎈` as `_` and shells count bytes instead of characters.
 */
export const UTF8_LOCALE = Object.freeze({ LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' });

/**
 * The test switch for the macOS code paths (src/platform.ts): a run started with
 * `KCTX_GUARD_TEST_PLATFORM=darwin` passes it, with the NODE_ENV=test it needs, to every process.
 */
const TEST_PLATFORM = Object.freeze(
  process.env['KCTX_GUARD_TEST_PLATFORM']
    ? { KCTX_GUARD_TEST_PLATFORM: process.env['KCTX_GUARD_TEST_PLATFORM'], NODE_ENV: 'test' }
    : {},
);

/**
 * @typedef {object} TempEnv
 * @property {string} root The temp folder holding everything below.
 * @property {string} home HOME; nothing is created inside it.
 * @property {string} kubeDir `~/.kube` (not created).
 * @property {string} kubeconfig `~/.kube/config` (not created).
 * @property {string} cacheDir KCTX_GUARD_DIR.
 * @property {string} stateDir `$XDG_STATE_HOME/kctx-guard`.
 * @property {string} logFile The daemon's log.
 * @property {string} configFile `$XDG_CONFIG_HOME/kctx-guard/config.yaml`.
 * @property {Record<string, string>} env The complete environment for the daemon, the CLI and kubectl.
 */

/**
 * A fresh temp folder (`kctx-<label>-…`) with HOME, cache, state, config and XDG cache folders.
 * @param {string} label
 * @param {{ path?: string }} [options] `path`: PATH instead of the caller's.
 * @returns {TempEnv}
 */
export function makeTempEnv(label, options = {}) {
  const root = mkdtempSync(join(tmpdir(), `kctx-${label}-`));
  const home = join(root, 'home');
  mkdirSync(home);
  const stateHome = join(root, 'state');
  const configHome = join(root, 'config');
  return {
    root,
    home,
    kubeDir: join(home, '.kube'),
    kubeconfig: join(home, '.kube', 'config'),
    cacheDir: join(root, 'cache'),
    stateDir: join(stateHome, 'kctx-guard'),
    logFile: join(stateHome, 'kctx-guard', 'daemon.log'),
    configFile: join(configHome, 'kctx-guard', 'config.yaml'),
    env: {
      PATH: options.path ?? process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      KCTX_GUARD_DIR: join(root, 'cache'),
      XDG_STATE_HOME: stateHome,
      XDG_CONFIG_HOME: configHome,
      XDG_CACHE_HOME: join(root, 'xdg-cache'),
      ...UTF8_LOCALE,
      NO_COLOR: '1',
      ...TEST_PLATFORM,
    },
  };
}

/**
 * Writes a file, creating its folders.
 * @param {string} path
 * @param {string} text
 * @param {number} [mode]
 */
export function writeText(path, text, mode) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, mode === undefined ? undefined : { mode });
}

/**
 * Removes the temp folder, even the parts a test made unreadable to its owner.
 * @param {{ root: string }} t
 */
export function removeTempEnv(t) {
  try {
    execFileSync('chmod', ['-R', 'u+rwX', t.root], { stdio: 'ignore' });
  } catch {
    // Dangling links make chmod complain; what it could fix is fixed.
  }
  rmSync(t.root, { recursive: true, force: true });
}
