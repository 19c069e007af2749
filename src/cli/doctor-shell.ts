/** Doctor checks of the shell side: is this shell running the hook, which rc files load it, and are those shells new enough for it. Read-only. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { homeDir, type Env } from '../locations.js';
import { SHELL_MINIMUM, tooOldLine } from '../shell-tables/index.js';
import type { Check } from './doctor.js';

type Shell = 'bash' | 'zsh' | 'fish';

const INIT_LINE: Record<Shell, string> = {
  bash: 'eval "$(kctx-guard init bash)"',
  zsh: 'eval "$(kctx-guard init zsh)"',
  fish: 'kctx-guard init fish | source',
};

/** The rc files each shell reads, where the init line belongs (the first one is where to add it). */
export function rcFiles(env: Env): { shell: Shell; file: string }[] {
  const home = homeDir(env);
  return [
    { shell: 'bash', file: join(home, '.bashrc') },
    { shell: 'bash', file: join(home, '.bash_profile') },
    { shell: 'zsh', file: join(env['ZDOTDIR'] || home, '.zshrc') },
    { shell: 'fish', file: join(env['XDG_CONFIG_HOME'] || join(home, '.config'), 'fish', 'config.fish') },
  ];
}

/** True when some line that is not a comment runs `kctx-guard init` (also through a path such as ~/src/kctx-guard/bin/kctx-guard.js). */
export function hasInitLine(text: string): boolean {
  return text
    .split('\n')
    .some((line) => !line.trimStart().startsWith('#') && /kctx-guard(\.js)?['"]?\s+init\b/.test(line));
}

function loginShell(env: Env): Shell | undefined {
  const name = basename(env['SHELL'] ?? '');
  return name === 'bash' || name === 'zsh' || name === 'fish' ? name : undefined;
}

/** Not hooked here is a warning, not a failure: doctor is often run from a script, an editor or a fresh `sh`. */
export function checkThisShell(env: Env): Check {
  const level = env['KCTX_GUARD_LEVEL'];
  if (level)
    return { name: 'this shell', status: 'ok', detail: `runs the kctx-guard hook (level ${level})`, fix: null };
  const shell = loginShell(env);
  return {
    name: 'this shell',
    status: 'warn',
    detail: 'does not run the kctx-guard hook (KCTX_GUARD_LEVEL is not set)',
    fix: shell
      ? `open a new terminal, or run here: ${INIT_LINE[shell]}`
      : `open a new terminal, or run the init line for your shell (${Object.values(INIT_LINE).join('  |  ')})`,
  };
}

export function checkRcFiles(env: Env): Check {
  const files = rcFiles(env);
  const hooked = files.filter(({ file }) => {
    try {
      return hasInitLine(readFileSync(file, 'utf8'));
    } catch {
      return false;
    }
  });
  const shell = loginShell(env);
  const addTo = (wanted: Shell): string =>
    `add this line to ${files.find((entry) => entry.shell === wanted)!.file}: ${INIT_LINE[wanted]}`;
  if (hooked.length === 0) {
    return {
      name: 'rc files',
      status: 'fail',
      detail: `no rc file loads the hook (looked in ${files.map(({ file }) => file).join(', ')})`,
      fix: shell ? addTo(shell) : (['bash', 'zsh', 'fish'] as const).map(addTo).join('\n'),
    };
  }
  const detail = `the init line is in ${hooked.map(({ file }) => file).join(', ')}`;
  if (shell && !hooked.some((entry) => entry.shell === shell)) {
    return {
      name: 'rc files',
      status: 'warn',
      detail: `${detail}, but not in one your login shell (${shell}) reads`,
      fix: addTo(shell),
    };
  }
  return { name: 'rc files', status: 'ok', detail, fix: null };
}

/** A shell binary doctor found, with the version it reported (BASH_VERSION, ZSH_VERSION, FISH_VERSION). */
export interface FoundShell {
  shell: Shell;
  path: string;
  version: string;
}

/** The same line the init check prints in a shell too old for the hook, per shell found: fail when any is. Pure. */
export function shellVersionCheck(found: readonly FoundShell[]): Check {
  if (found.length === 0)
    return { name: 'shell versions', status: 'ok', detail: 'no bash, zsh or fish to check', fix: null };
  const old = found.flatMap(({ shell, path, version }) => {
    const line = tooOldLine(shell, version);
    return line === undefined ? [] : [`${line} (${path})`];
  });
  if (old.length === 0)
    return {
      name: 'shell versions',
      status: 'ok',
      detail: found.map(({ shell, path, version }) => `${shell} ${version} (${path})`).join(', '),
      fix: null,
    };
  const shells = [...new Set(found.filter((f) => tooOldLine(f.shell, f.version)).map((f) => f.shell))];
  return {
    name: 'shell versions',
    status: 'fail',
    detail: `${old.join('\n')}\nthe init line prints this line there and loads nothing`,
    fix: shells
      .map(
        (shell) =>
          `${shell} ${SHELL_MINIMUM[shell].major}.${SHELL_MINIMUM[shell].minor}+: ${SHELL_MINIMUM[shell].advice}`,
      )
      .join('\n'),
  };
}

const VERSION_PROBE: Record<Shell, string[]> = {
  bash: ['--norc', '--noprofile', '-c', 'printf %s "$BASH_VERSION"'],
  zsh: ['-f', '-c', 'printf %s "$ZSH_VERSION"'],
  fish: ['--no-config', '-c', 'printf %s $FISH_VERSION'],
};

/** Asks a shell binary its version; undefined when it does not run. */
export function probeShellVersion(shell: Shell, path: string, env: Env): string | undefined {
  const result = spawnSync(path, VERSION_PROBE[shell], { encoding: 'utf8', timeout: 5000, env: { ...env } });
  return result.status === 0 && result.stdout !== '' ? result.stdout.trim() : undefined;
}

/** The login shell ($SHELL) and the shells whose rc files load the hook, as found on PATH; each asked its version. */
export function checkShellVersions(env: Env, probe = probeShellVersion): Check {
  const wanted = new Map<Shell, string>();
  const login = loginShell(env);
  if (login) wanted.set(login, env['SHELL']!);
  for (const { shell, file } of rcFiles(env)) {
    if (wanted.has(shell)) continue;
    try {
      if (hasInitLine(readFileSync(file, 'utf8'))) wanted.set(shell, shell);
    } catch {
      // No rc file: nothing to check for that shell.
    }
  }
  const found: FoundShell[] = [];
  for (const [shell, path] of wanted) {
    const version = probe(shell, path, env);
    if (version !== undefined) found.push({ shell, path, version });
  }
  return shellVersionCheck(found);
}
