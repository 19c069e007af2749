/**
 * Shells too old for the hook (bash < 4.4, zsh < 5.3, fish < 3.3): `init` (node's and the
 * launcher's) prints one line on stderr, the same line `doctor` says, and installs nothing; a new
 * enough version loads the hook. BASH_VERSINFO and FISH_VERSION are read-only, so the check reads
 * BASH_VERSION / ZSH_VERSION (which a test may assign) and, in fish, the test puts the version in
 * place of `$FISH_VERSION`, the only version it reads. With KCTX_BASH32 naming a real bash 3.2
 * (docs/recipes.md says how to build one), the same runs there, interactively too.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SHELL_MINIMUM, tooOldLine } from '../../src/shell-tables/index.js';
import { closeAllShells, Shell, writeRc } from '../harness/shell.mjs';
import { BIN, cleanup, ensureBuilt, makeEnv, REPO } from '../helpers/daemon.js';
import { emptyHome } from '../harness/home.mjs';

const HOME = emptyHome();

const LAUNCHER = join(REPO, 'bin', 'kctx-guard');
const BASH32 = process.env['KCTX_BASH32'];
type Shell3 = 'bash' | 'zsh' | 'fish';

ensureBuilt();
afterEach(async () => {
  await closeAllShells();
  await cleanup();
});

/** What `init <shell>` prints, from node or from the launcher. */
function initText(shell: Shell3, from: 'node' | 'launcher'): string {
  const result =
    from === 'node'
      ? spawnSync(process.execPath, [BIN, 'init', shell], { encoding: 'utf8' })
      : spawnSync(LAUNCHER, ['init', shell], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** Prints, after the init text ran, what it could have installed: functions, prompt hooks, the prompt, variables. */
const STATE: Record<Shell3, string> = {
  bash: 'declare -F; printf "PC=%s\\nPS1=%s\\n" "${PROMPT_COMMAND[*]-}" "$PS1"; compgen -v | grep -i kctx',
  zsh: 'print -l ${(k)functions}; print -r "precmd=$precmd_functions preexec=$preexec_functions PS1=$PS1"; print -l ${(k)parameters[(I)*kctx*]}',
  fish: 'functions -a -n; echo "prompt:"(functions fish_prompt | string join " "); set -n | string match -i "*kctx*"',
};

/** Runs `init` text in `shell` (as `version` when given), returning stderr and the state after it. */
function runInit(
  shell: Shell3,
  text: string,
  version: string | undefined,
  binary: string = shell,
): { stderr: string; state: string; status: number | null } {
  const prompt = { bash: "PS1='<P>$ '", zsh: "PS1='<P>%# '", fish: "function fish_prompt; echo '<P>'; end" }[shell];
  let script: string;
  if (shell === 'fish') {
    if (version !== undefined) {
      // The check's only input: FISH_VERSION, read in two places (the switch and the line).
      expect(text.split('"$FISH_VERSION"').length - 1).toBe(2);
      text = text.replaceAll('"$FISH_VERSION"', `'${version}'`);
    }
    script = `${prompt}\n${text}\necho "==STATE==$status"\n${STATE.fish}\n`;
  } else {
    const assign = version === undefined ? '' : `${shell === 'bash' ? 'BASH_VERSION' : 'ZSH_VERSION'}='${version}'\n`;
    script = `${prompt}\n${assign}${text}\necho "==STATE==$?"\n${STATE[shell]}\n`;
  }
  const argv = {
    bash: ['--norc', '--noprofile', '-c', script],
    zsh: ['-f', '-c', script],
    fish: ['--no-config', '-c', script],
  };
  const result = spawnSync(binary, argv[shell], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME, LANG: 'C.UTF-8' },
  });
  // The init text's own exit status, printed right after it.
  const [, status = '', state = ''] = /==STATE==(\d*)\n([\s\S]*)$/.exec(result.stdout) ?? [];
  return { stderr: result.stderr, state, status: status === '' ? null : Number(status) };
}

/** The state of the shell after an empty init: what "installs nothing" compares with. */
const bare = (shell: Shell3, binary: string = shell) => runInit(shell, ':', undefined, binary).state;

const VERSIONS: Record<Shell3, { old: string[]; fine: string[] }> = {
  bash: {
    old: ['3.2.57(1)-release', '4.0.44(1)-release', '4.3.48(1)-release'],
    fine: ['4.4.0(1)-release', '5.2.15(1)-release', '10.0.0(1)-release'],
  },
  zsh: { old: ['4.3.17', '5.0.2', '5.2'], fine: ['5.3', '5.3.1', '5.9', '6.0'] },
  fish: { old: ['2.7.1', '3.0b1', '3.1.2', '3.2.2-123-gabc'], fine: ['3.3.0', '3.7.1', '3.10.0', '4.0.2'] },
};

describe.each(['bash', 'zsh', 'fish'] as const)('%s', (shell) => {
  const min = `${SHELL_MINIMUM[shell].major}.${SHELL_MINIMUM[shell].minor}`;

  describe.each(['node', 'launcher'] as const)('init from %s', (from) => {
    const text = initText(shell, from);

    it.each(VERSIONS[shell].old)(`as %s: one line naming ${min}, nothing installed`, (version) => {
      const run = runInit(shell, text, version);
      const line = tooOldLine(shell, version)!;
      expect(line).toMatch(
        new RegExp(`^kctx-guard needs ${shell} ${min} or newer; this is .+ — on macOS: brew install ${shell}`),
      );
      expect(run.stderr).toBe(`${line}\n`);
      expect(run.status).toBe(0);
      expect(run.state).toBe(bare(shell));
    });

    it.each(VERSIONS[shell].fine)('as %s: the hook loads, silently', (version) => {
      const run = runInit(shell, text, version);
      expect(run.stderr).toBe('');
      expect(tooOldLine(shell, version)).toBeUndefined();
      expect(run.state).toContain('__kctx_guard_precmd');
      expect(run.state).toContain('__kctx_guard_cmd');
    });
  });

  it('this machine’s own version loads the hook', () => {
    const run = runInit(shell, initText(shell, 'launcher'), undefined);
    expect(run.stderr).toBe('');
    expect(run.state).not.toBe(bare(shell));
    expect(run.state).toContain('__kctx_guard_precmd');
  });
});

describe('a real bash 3.2 (KCTX_BASH32)', () => {
  if (!BASH32) {
    it.skip('KCTX_BASH32 is not set: no real bash 3.2 here, so these tests did NOT run (docs/recipes.md: building bash 3.2)', () => {});
    return;
  }

  it('is bash 3.2', () => {
    const result = spawnSync(BASH32, ['-c', 'echo "$BASH_VERSION"'], { encoding: 'utf8' });
    expect(result.stdout).toMatch(/^3\.2\./);
  });

  it.each(['node', 'launcher'] as const)(
    'eval "$(kctx-guard init bash)" from %s: one line, nothing installed',
    (from) => {
      const version = spawnSync(BASH32, ['-c', 'echo "$BASH_VERSION"'], { encoding: 'utf8' }).stdout.trim();
      const run = runInit('bash', initText('bash', from), undefined, BASH32);
      expect(run.stderr).toBe(`${tooOldLine('bash', version)}\n`);
      expect(run.stderr).toContain('this is 3.2 —');
      expect(run.state).toBe(bare('bash', BASH32));
      expect(run.state).not.toContain('__kctx_guard');
    },
  );

  it('an interactive bash 3.2 with the README line in its rc file: the one line, then the user’s prompt unchanged', async () => {
    const t = makeEnv();
    const binDir = join(t.root, 'bin');
    spawnSync('mkdir', ['-p', binDir]);
    spawnSync('ln', ['-s', LAUNCHER, join(binDir, 'kctx-guard')]);
    const launch = writeRc(t, 'bash', ["PROMPT_COMMAND='__mine=1'", "PS1='<mine> '", 'eval "$(kctx-guard init bash)"']);
    const shell = Shell.start(
      { ...launch, argv: [BASH32, ...launch.argv.slice(1)] },
      { env: { PATH: `${binDir}:${process.env['PATH']}`, HOME: t.home, TERM: 'xterm' }, cwd: t.home },
    );
    await shell.waitFor((out: string) => out.includes('<mine> '), 'the first prompt');
    shell.line('echo "PC=[$PROMPT_COMMAND] F=[$(declare -F)]"');
    await shell.waitFor(
      (out: string) => /PC=\[__mine=1\] F=\[\]/.test(out) && out.lastIndexOf('<mine> ') > out.indexOf('F=['),
      'the state',
    );
    const out = shell.output();
    const first = out.slice(0, out.indexOf('<mine> '));
    expect(
      first.match(/kctx-guard needs bash 4\.4 or newer; this is 3\.2 — on macOS: brew install bash, or use zsh/g),
    ).toHaveLength(1);
    expect(first.replace(/\x1b\[[0-9;?]*[A-Za-z]|\r/g, '').trim()).toBe(tooOldLine('bash', '3.2'));
    expect(out).not.toContain('⎈');
  });
});
