/** Doctor checks of the shell side: is this shell running the hook, and which rc files load it. Read-only. */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { homeDir, type Env } from '../locations.js';
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
