/** Where kctx-guard keeps its cache, state (logs) and config, from the environment (XDG rules). Pure. */
import { join } from 'node:path';

export type Env = Record<string, string | undefined>;

function home(env: Env): string {
  const value = env['HOME'];
  if (!value) throw new Error('HOME is not set; kctx-guard needs it to find ~/.kube/config and its own folders');
  return value;
}

export function homeDir(env: Env): string {
  return home(env);
}

/**
 * The cache folder's candidates, in order (docs/protocol.md, "Cache folder"). Each candidate is a list
 * of `[variable, suffix]` alternatives: the first whose variable is set and not empty gives the
 * folder `$variable<suffix>`; a candidate with none set is skipped. The shell hooks loop over this
 * same table (rendered into shell/templates), so it is the one place the order is written.
 */
export const CACHE_DIR_CANDIDATES: readonly (readonly (readonly [string, string])[])[] = [
  [['KCTX_GUARD_DIR', '']],
  [['XDG_RUNTIME_DIR', '/kctx-guard']],
  [
    ['XDG_CACHE_HOME', '/kctx-guard'],
    ['HOME', '/.cache/kctx-guard'],
  ],
];

/** Names inside the cache folder that the shell side uses too. */
export const CACHE_FILES = {
  /** Registrations (`reg/<entry name>`). */
  registrations: 'reg',
  /** The running daemon's pid and a newline. */
  pidFile: 'daemon.pid',
  /** The daemon's clock in whole seconds, rewritten every second: how shells tell it is alive (src/cache/heartbeat.ts). */
  heartbeat: 'heartbeat',
  /** Present while the prompt segment is hidden in every shell (`kctx-guard off --global`). */
  promptOff: 'prompt-off',
  /** A FIFO nobody writes to: bash hooks wait on it with `read -t` instead of forking `sleep`. */
  waitFifo: 'wait.fifo',
  /** Timed unlocks, one file per shell (`unlock/<shell pid>`, src/guard/unlock.ts). */
  unlocks: 'unlock',
  /** What each tmux pane's shells show, for the status line (`panes/<server pid>-<pane>-<shell pid>`, src/cache/pane.ts). */
  panes: 'panes',
} as const;

/** The first of `CACHE_DIR_CANDIDATES` that applies: `$KCTX_GUARD_DIR`, else `$XDG_RUNTIME_DIR/kctx-guard`, else `$XDG_CACHE_HOME/kctx-guard`, else `~/.cache/kctx-guard`. */
export function cacheDir(env: Env): string {
  for (const candidate of CACHE_DIR_CANDIDATES)
    for (const [variable, suffix] of candidate) {
      const value = env[variable];
      if (value) return suffix === '' ? value : join(value, suffix);
    }
  // Only without HOME: say so as everything else does.
  return join(home(env), '.cache', 'kctx-guard');
}

/** `$XDG_STATE_HOME/kctx-guard` (default `~/.local/state/kctx-guard`): the daemon log. */
export function stateDir(env: Env): string {
  return join(env['XDG_STATE_HOME'] || join(home(env), '.local', 'state'), 'kctx-guard');
}

/** `$XDG_CONFIG_HOME/kctx-guard/config.yaml` (default `~/.config/kctx-guard/config.yaml`). */
export function configFile(env: Env): string {
  return configFileFor(home(env), env['XDG_CONFIG_HOME'] ?? '');
}

/** config.yaml for this HOME and XDG_CONFIG_HOME (empty: unset), as `configFile` finds it. */
export function configFileFor(homeValue: string, configHome: string): string {
  return join(configHome || join(homeValue, '.config'), 'kctx-guard', 'config.yaml');
}
