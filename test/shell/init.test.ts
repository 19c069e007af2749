/**
 * `kctx-guard init <shell>` prints the line naming the command, then the version check holding the
 * hook rendered from shell/templates as one quoted word; the launcher (bin/kctx-guard, the package's
 * bin) prints its line and the build's check, which sources the hook the build rendered beside it,
 * without starting node, naming itself, through any chain of symlinks; it never serves a render
 * older than the templates. (test/shell/old-shells.test.ts runs both in real shells.) `init` fails helpfully for an unknown shell, and `init starship`
 * prints valid TOML naming the custom module's script.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCheckedHook, renderCommandLine, renderHookBody, renderInit } from '../../src/shell-tables/index.js';
import { quoteWord } from '../../src/render/index.js';
import { BIN, ensureBuilt, REPO } from '../helpers/daemon.js';
import { emptyHome } from '../harness/home.mjs';

const HOME = emptyHome();
import { count } from '../helpers/pty-shell.js';

const LAUNCHER = join(REPO, 'bin', 'kctx-guard');

function init(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, 'init', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the launcher with a `node` first on PATH that says it ran and fails: serving `init` must not need it. */
function launch(path: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(path, args, {
    encoding: 'utf8',
    env: { PATH: `${join(scratch, 'fake-bin')}:/usr/bin:/bin`, HOME },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let scratch = '';
beforeAll(() => {
  ensureBuilt();
  scratch = mkdtempSync(join(tmpdir(), 'kctx-init-'));
  mkdirSync(join(scratch, 'fake-bin'));
  writeFileSync(join(scratch, 'fake-bin', 'node'), '#!/bin/sh\necho "node ran" >&2\nexit 99\n', { mode: 0o755 });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(['bash', 'zsh', 'fish'] as const)('init %s', (shell) => {
  it('prints the command line, then the check holding the whole hook as one quoted word, every placeholder filled', () => {
    const result = init(shell);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(renderInit(shell, [process.execPath, BIN]));
    expect(result.stdout).not.toMatch(/@[A-Z][A-Z0-9_]*[|!]?@/);
    expect(count(result.stdout, BIN)).toBe(1);
    expect(result.stdout.startsWith(renderCommandLine(shell, [process.execPath, BIN]))).toBe(true);
    expect(result.stdout).toContain(quoteWord(shell, renderHookBody(shell)));
  });

  it("the launcher prints the build's render without node, naming itself, through symlinks", () => {
    const link = join(scratch, `link-${shell}`);
    const chain = join(scratch, `chain-${shell}`);
    symlinkSync(LAUNCHER, link);
    symlinkSync(`./link-${shell}`, chain);
    for (const path of [LAUNCHER, link, chain]) {
      const result = launch(path, ['init', shell]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(renderCommandLine(shell, [LAUNCHER]) + renderCheckedHook(shell, 'file'));
      expect(readFileSync(join(REPO, 'dist', 'shell', `kctx-guard.${shell}`), 'utf8')).toBe(renderHookBody(shell));
      expect(readFileSync(join(REPO, 'dist', 'shell', `init.${shell}`), 'utf8')).toBe(renderCheckedHook(shell, 'file'));
    }
  });

  it('the launcher never serves a render older than a template: it asks node instead', () => {
    const template = join(REPO, 'shell', 'templates', shell, `core.${shell}`);
    const stat = spawnSync('stat', ['-c', '%Y', template], { encoding: 'utf8' }).stdout.trim();
    const future = new Date(Date.now() + 60_000);
    try {
      utimesSync(template, future, future);
      const result = launch(LAUNCHER, ['init', shell]);
      expect(result.stderr).toBe('node ran\n');
      expect(result.status).toBe(99);
      expect(result.stdout).toBe('');
    } finally {
      const then = new Date(Number(stat) * 1000);
      utimesSync(template, then, then);
    }
  });
});

describe('the launcher', () => {
  it('runs node for everything but init <shell>', () => {
    const result = spawnSync(LAUNCHER, ['--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^kctx-guard\/\d/);
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
  const script = join(REPO, 'dist', 'shell', 'kctx-guard-starship.bash');

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

  it('prints tables only (valid after any table of a user’s file), the env_var modules by default', () => {
    const result = init('starship');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(REPO, 'shell', 'starship.toml'), 'utf8'));
    const toml = parseToml(`[kubernetes]\nsymbol = "k"\n${result.stdout}`);
    expect(Object.keys(toml).sort()).toEqual(['env_var', 'kubernetes']);
    expect(toml['kubernetes']).toEqual({ symbol: 'k' });
  });

  it('--custom prints valid TOML whose custom module sources the starship script', () => {
    const result = init('starship', '--custom');
    expect(result.status).toBe(0);
    const template = readFileSync(join(REPO, 'shell', 'starship-custom.toml'), 'utf8');
    expect(result.stdout).toBe(template.replace('@KCTX_GUARD_STARSHIP_SCRIPT@', `'${script}'`));
    const toml = parseToml(result.stdout) as {
      custom: { kctx_guard: { command: string; shell: string[]; use_stdin: boolean } };
    };
    expect(toml.custom.kctx_guard.command).toBe(`source '${script}'`);
    expect(toml.custom.kctx_guard.shell).toEqual(['bash', '--noprofile', '--norc']);
    expect(toml.custom.kctx_guard.use_stdin).toBe(true);
    expect(Object.keys(toml)).toEqual(['custom']);
  });

  it('the TOML check can fail', () => {
    const result = spawnSync('python3', ['-c', 'import sys, tomllib; tomllib.loads(sys.stdin.read())'], {
      input: "command = '''a''''''\n",
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
  });
});

describe('init tmux', () => {
  it('prints the tmux.conf lines that pass the server pid and the active pane to the segment', () => {
    const result = init('tmux');
    expect(result.status).toBe(0);
    const script = join(REPO, 'dist', 'shell', 'tmux-status.sh');
    expect(result.stdout).toBe(
      `set -g status-right '#(${script} #{pid} #{pane_id}) %H:%M'\nset -g status-interval 5\n`,
    );
  });
});
