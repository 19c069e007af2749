/** What a service manager needs to run the daemon: the file to write, the exact program line, the environment and the log folder. Pure. */
import { join } from 'node:path';
import { homeDir, stateDir, type Env } from '../locations.js';

export type ServicePlatform = 'linux' | 'darwin';
export const SERVICE_PLATFORMS: readonly ServicePlatform[] = ['linux', 'darwin'];

/** The systemd unit name and the launchd label. */
export const UNIT_NAME = 'kctx-guard.service';
export const LAUNCHD_LABEL = 'dev.kctx-guard.daemon';
/** Every generated file carries this line, so `uninstall` can tell ours from a hand-written one. */
export const GENERATED_MARKER = 'Written by kctx-guard daemon install';

/**
 * The variables that decide where the daemon's cache, log and config live. Passed on only when
 * set at install time, so the service finds the same folders the shells use.
 * KUBECONFIG is never passed: the daemon serves the default kubeconfig and shells register theirs
 * (the launchd agent even sets it empty). PATH is passed too, and HOME to launchd (see servicePlan).
 */
export const PASSED_VARIABLES = [
  'KCTX_GUARD_DIR',
  'XDG_RUNTIME_DIR',
  'XDG_CACHE_HOME',
  'XDG_STATE_HOME',
  'XDG_CONFIG_HOME',
] as const;

export interface ServicePlan {
  platform: ServicePlatform;
  /** Absolute path of the unit or plist file. */
  file: string;
  /** Absolute node binary, absolute CLI script, then the arguments. */
  program: string[];
  environment: [name: string, value: string][];
  home: string;
  /** The folder of the daemon's own log (`daemon.log`); launchd's stdout/stderr files go there too. */
  logDir: string;
}

export function defaultPlatform(platform: NodeJS.Platform = process.platform): ServicePlatform | undefined {
  return platform === 'linux' || platform === 'darwin' ? platform : undefined;
}

/** `$XDG_CONFIG_HOME/systemd/user/kctx-guard.service` or `~/Library/LaunchAgents/dev.kctx-guard.daemon.plist`. */
export function serviceFile(platform: ServicePlatform, env: Env): string {
  if (platform === 'darwin') return join(homeDir(env), 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
  return join(env['XDG_CONFIG_HOME'] || join(homeDir(env), '.config'), 'systemd', 'user', UNIT_NAME);
}

/** @throws Error when HOME is not set. */
export function servicePlan(platform: ServicePlatform, env: Env, nodePath: string, binScript: string): ServicePlan {
  const environment = PASSED_VARIABLES.flatMap((name): [string, string][] => (env[name] ? [[name, env[name]!]] : []));
  // Exec credential plugins a kubeconfig names (aws, gcloud, kubelogin) are found on PATH, and a
  // service manager's own PATH is minimal: pass the installing shell's.
  if (env['PATH']) environment.push(['PATH', env['PATH']]);
  if (platform === 'darwin') {
    // launchd hands agents what `launchctl setenv` put in the user's session, KUBECONFIG included; an
    // empty value is kubectl's "unset". HOME is named too, so the default kubeconfig and the folders
    // never depend on what launchd chooses to pass.
    environment.push(['HOME', homeDir(env)], ['KUBECONFIG', '']);
  }
  return {
    platform,
    file: serviceFile(platform, env),
    program: [nodePath, binScript, 'daemon', 'run', '--quiet', '--replace'],
    environment,
    home: homeDir(env),
    logDir: stateDir(env),
  };
}

/**
 * The commands that load and start the written file (kctx-guard never runs them itself). For launchd,
 * an agent loaded before (an older version of the file) is booted out first, since launchd reads the
 * file only when it is bootstrapped.
 */
export function enableCommands(plan: ServicePlan): string[] {
  if (plan.platform === 'darwin')
    return [
      `launchctl bootout gui/$(id -u)/${LAUNCHD_LABEL} 2>/dev/null || true`,
      `launchctl bootstrap gui/$(id -u) ${shellWord(plan.file)}`,
    ];
  return ['systemctl --user daemon-reload', 'systemctl --user enable --now kctx-guard'];
}

/** The commands that stop a service whose file `uninstall` removed. */
export function disableCommands(plan: ServicePlan): string[] {
  if (plan.platform === 'darwin') return [`launchctl bootout gui/$(id -u)/${LAUNCHD_LABEL}`];
  return ['systemctl --user stop kctx-guard', 'systemctl --user daemon-reload'];
}

/** A path as one word for a POSIX shell, for commands printed to be copied. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
