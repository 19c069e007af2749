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

/** `$KCTX_GUARD_DIR`, else `$XDG_RUNTIME_DIR/kctx-guard`, else `$XDG_CACHE_HOME/kctx-guard`, else `~/.cache/kctx-guard`. */
export function cacheDir(env: Env): string {
  if (env['KCTX_GUARD_DIR']) return env['KCTX_GUARD_DIR'];
  if (env['XDG_RUNTIME_DIR']) return join(env['XDG_RUNTIME_DIR'], 'kctx-guard');
  return join(env['XDG_CACHE_HOME'] || join(home(env), '.cache'), 'kctx-guard');
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
