/**
 * Every rendered shell file passes its shell's own checker without a word: shellcheck for bash
 * (the hook, the entry reader and the starship and tmux scripts), `zsh -n` and `fish --no-execute`
 * (parse only; shellcheck refuses zsh). Checked as `init` prints them with the default command,
 * with a command path that needs quoting (spaces, a quote), and as the launcher serves them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHook, SCRIPTS } from '../../src/shell-tables/index.js';
import { BIN, ensureBuilt, REPO } from '../helpers/daemon.js';
import { emptyHome } from '../harness/home.mjs';

const HOME = emptyHome();

interface Checked {
  status: number | null;
  output: string;
}

function check(command: string, args: string[], input?: string): Checked {
  const result = spawnSync(command, args, {
    input,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME },
  });
  if (result.error) throw result.error;
  return { status: result.status, output: result.stdout + result.stderr };
}

let dir = '';

/** A file with `text`: given as a file, not stdin, since a shell may exit before reading all of stdin. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

type Shell = 'bash' | 'zsh' | 'fish';

/** The renders checked: what `init` prints, an awkward command path, what the launcher serves. */
function renders(shell: Shell): [string, string][] {
  const launcher = spawnSync(join(REPO, 'bin', 'kctx-guard'), ['init', shell], { encoding: 'utf8' });
  expect(launcher.status, launcher.stderr).toBe(0);
  const printed = spawnSync(process.execPath, [BIN, 'init', shell], { encoding: 'utf8' });
  expect(printed.status, printed.stderr).toBe(0);
  return [
    ['init', printed.stdout],
    ['awkward command', renderHook(shell, ["/opt/my tools/it's here/node", '/opt/my tools/kctx guard.js'])],
    ['launcher', launcher.stdout],
  ];
}

const clean: Checked = { status: 0, output: '' };

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kctx-lint-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shellcheck (bash)', () => {
  it('the bash hook, every render', () => {
    for (const [name, text] of renders('bash'))
      expect({ name, ...check('shellcheck', ['--shell=bash', file(`hook-${name}.bash`, text)]) }).toEqual({
        name,
        ...clean,
      });
  });

  // -x: the starship and tmux scripts source dist/shell/kctx-guard-entry.bash, which is checked with them.
  it.each(Object.keys(SCRIPTS))('dist/shell/%s', (name) => {
    expect(
      check('shellcheck', ['--shell=bash', '-x', '--source-path=SCRIPTDIR', join(REPO, 'dist', 'shell', name)]),
    ).toEqual(clean);
  });

  it('a finding is reported (the check can fail)', () => {
    expect(check('shellcheck', ['--shell=bash', file('broken.bash', 'echo $undefined_var_x\n')]).status).not.toBe(0);
  });
});

describe('zsh -n', () => {
  it('the zsh hook, every render', () => {
    for (const [name, text] of renders('zsh'))
      expect({ name, ...check('zsh', ['-n', file(`hook-${name}.zsh`, text)]) }).toEqual({ name, ...clean });
  });

  it('a syntax error is reported (the check can fail)', () => {
    expect(check('zsh', ['-n', file('broken.zsh', 'if true; then\n')]).status).not.toBe(0);
  });
});

describe('fish --no-execute', () => {
  it('the fish hook, every render', () => {
    for (const [name, text] of renders('fish'))
      expect({ name, ...check('fish', ['--no-execute', file(`hook-${name}.fish`, text)]) }).toEqual({ name, ...clean });
  });

  it('a syntax error is reported (the check can fail)', () => {
    expect(check('fish', ['--no-execute', file('broken.fish', 'if true\n')]).status).not.toBe(0);
  });
});
