/**
 * The shell files and what `init` prints pass each shell's own checker without a word:
 * shellcheck for bash, `zsh -n` and `fish --no-execute` (parse only). shellcheck does not
 * support zsh (it refuses zsh scripts), so zsh gets its own parser's check only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, REPO } from '../helpers/daemon.js';

interface Checked {
  status: number | null;
  output: string;
}

function check(command: string, args: string[], input?: string): Checked {
  const result = spawnSync(command, args, {
    input,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/nonexistent' },
  });
  if (result.error) throw result.error;
  return { status: result.status, output: result.stdout + result.stderr };
}

let dir = '';

/** `init <shell>` written to a file, as a user's rc file would hold it. */
/** A file with a planted syntax error: given as a file, not stdin, since a shell may exit before reading all of stdin. */
function broken(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function init(shell: string): string {
  const result = spawnSync(process.execPath, [BIN, 'init', shell], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  const file = join(dir, `init-output.${shell}`);
  writeFileSync(file, result.stdout);
  return file;
}

const clean: Checked = { status: 0, output: '' };

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kctx-lint-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shellcheck (bash)', () => {
  // -x: the starship and tmux scripts source shell/kctx-guard-entry.bash, which is checked with them.
  it.each(['kctx-guard.bash', 'kctx-guard-starship.bash', 'tmux-status.sh', 'kctx-guard-entry.bash'])(
    'shell/%s',
    (file) => {
      expect(check('shellcheck', ['--shell=bash', '-x', '--source-path=SCRIPTDIR', join(REPO, 'shell', file)])).toEqual(
        clean,
      );
    },
  );

  it('the output of `init bash`', () => {
    expect(check('shellcheck', ['--shell=bash', init('bash')])).toEqual(clean);
  });

  it('a finding is reported (the check can fail)', () => {
    expect(check('shellcheck', ['--shell=bash', broken('broken.bash', 'echo $undefined_var_x\n')]).status).not.toBe(0);
  });
});

describe('zsh -n', () => {
  it('shell/kctx-guard.zsh', () => {
    expect(check('zsh', ['-n', join(REPO, 'shell', 'kctx-guard.zsh')])).toEqual(clean);
  });

  it('the output of `init zsh`', () => {
    expect(check('zsh', ['-n', init('zsh')])).toEqual(clean);
  });

  it('a syntax error is reported (the check can fail)', () => {
    expect(check('zsh', ['-n', broken('broken.zsh', 'if true; then\n')]).status).not.toBe(0);
  });
});

describe('fish --no-execute', () => {
  it('shell/kctx-guard.fish', () => {
    expect(check('fish', ['--no-execute', join(REPO, 'shell', 'kctx-guard.fish')])).toEqual(clean);
  });

  it('the output of `init fish`', () => {
    expect(check('fish', ['--no-execute', init('fish')])).toEqual(clean);
  });

  it('a syntax error is reported (the check can fail)', () => {
    expect(check('fish', ['--no-execute', broken('broken.fish', 'if true\n')]).status).not.toBe(0);
  });
});
