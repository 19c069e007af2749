/**
 * `kctx-guard init <shell>` prints the real hook file with only the command path filled in,
 * fails helpfully for an unknown shell, and `init starship` prints valid TOML naming the
 * custom module's script.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, REPO } from '../helpers/daemon.js';
import { count } from '../helpers/pty-shell.js';

function init(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, 'init', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/nonexistent' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The command words as each shell's file holds them: both paths single-quoted (they hold no quote). */
const COMMAND = `'${process.execPath}' '${BIN}'`;

beforeAll(() => ensureBuilt());

describe.each(['bash', 'zsh', 'fish'])('init %s', (shell) => {
  it('prints shell/kctx-guard.<shell> with only the command filled in', () => {
    const result = init(shell);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const template = readFileSync(join(REPO, 'shell', `kctx-guard.${shell}`), 'utf8');
    expect(count(template, '@KCTX_GUARD_CMD@')).toBe(1);
    expect(count(result.stdout, COMMAND)).toBe(1);
    expect(result.stdout).not.toContain('@KCTX_GUARD');
    expect(result.stdout.replace(COMMAND, '@KCTX_GUARD_CMD@')).toBe(template);
  });
});

describe('init with a shell it does not know', () => {
  it('fails, names the shells it knows, and prints nothing to eval', () => {
    const result = init('nosuchshell');
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('nosuchshell');
    for (const known of ['bash', 'zsh', 'fish', 'starship']) expect(result.stderr).toContain(known);
  });

  it('fails without a shell, saying one is needed', () => {
    const result = init();
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/missing.*arg/i);
    expect(result.stderr).toContain('bash');
  });
});

describe('init starship', () => {
  const script = join(REPO, 'shell', 'kctx-guard-starship.bash');

  /** Parses TOML with Python's tomllib (a full TOML 1.0 parser), returning JSON. */
  function parseToml(text: string): Record<string, unknown> {
    const result = spawnSync(
      'python3',
      ['-c', 'import sys, json, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))'],
      { input: text, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  it('prints valid TOML whose custom module sources the starship script', () => {
    const result = init('starship');
    expect(result.status).toBe(0);
    const template = readFileSync(join(REPO, 'shell', 'starship.toml'), 'utf8');
    expect(result.stdout).toBe(template.replace('@KCTX_GUARD_STARSHIP_SCRIPT@', `'${script}'`));
    const toml = parseToml(result.stdout) as {
      custom: { kctx_guard: { command: string; shell: string[]; use_stdin: boolean } };
    };
    expect(toml.custom.kctx_guard.command).toBe(`source '${script}'`);
    expect(toml.custom.kctx_guard.shell).toEqual(['bash', '--noprofile', '--norc']);
    expect(toml.custom.kctx_guard.use_stdin).toBe(true);
  });

  it('the TOML check can fail', () => {
    const result = spawnSync('python3', ['-c', 'import sys, tomllib; tomllib.loads(sys.stdin.read())'], {
      input: "command = '''a''''''\n",
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
  });
});
