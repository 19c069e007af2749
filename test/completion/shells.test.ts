/** `kctx-guard completion`: the generated scripts pass each shell's checker and complete real command lines in real bash, zsh and fish. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, kubeconfigText } from '../helpers/daemon.js';
import { makeSandbox, runCli } from '../helpers/cli.js';

let dir = '';
const scripts: Record<string, string> = {};

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kctx-completion-'));
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = runCli(['completion', shell], makeSandbox().env);
    expect(result.stderr).toBe('');
    scripts[shell] = join(dir, `completion.${shell}`);
    writeFileSync(scripts[shell]!, result.stdout);
  }
  // `use` and `ns` complete from the kubeconfig at completion time, through the program on PATH.
  mkdirSync(join(dir, 'bin'));
  symlinkSync(join(BIN, '..', 'kctx-guard'), join(dir, 'bin', 'kctx-guard'));
  mkdirSync(join(dir, '.kube'));
  writeFileSync(
    join(dir, '.kube', 'config'),
    kubeconfigText('dev', [{ name: 'dev' }, { name: 'stage', namespace: 'web' }, { name: 'staging' }]),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { PATH: `${join(dir, 'bin')}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, HOME: dir, TERM: 'dumb' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

const BASH32 = process.env['KCTX_BASH32'];

function completeInBash(bash: string, words: string[]): string[] {
  const code = `source ${quote(scripts['bash']!)}; COMP_WORDS=(kctx-guard ${words.map(quote).join(' ')}); COMP_CWORD=${words.length}; _kctx_guard; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return lines(run(bash, ['--norc', '-c', code]).output);
}

/** The candidates each shell offers for `kctx-guard <words…>`, the last word being the one under the cursor. */
const complete: Record<string, (words: string[]) => string[]> = {
  bash: (words) => completeInBash('bash', words),
  // The same script in a real bash 3.2 (macOS's /bin/bash), when KCTX_BASH32 names one.
  'bash 3.2': (words) => completeInBash(BASH32!, words),
  zsh: (words) => {
    /** compadd and _files exist only inside zsh's completion system; the stubs print what would be offered, filtered by the word's start as compadd does. */
    const stubs = `compdef() { :; }; compadd() { while [[ $1 != -- ]]; do shift; done; shift; local w; for w; do [[ $w == "\${words[CURRENT]}"* ]] && print -r -- $w; done; return 0; }; _files() { print -r -- '<files>'; }`;
    const code = `${stubs}; source ${quote(scripts['zsh']!)}; words=(kctx-guard ${words.map(quote).join(' ')}); CURRENT=${words.length + 1}; _kctx-guard`;
    return lines(run('zsh', ['-f', '-c', code]).output);
  },
  fish: (words) => {
    const line = ['kctx-guard', ...words].join(' ');
    return lines(
      run('fish', ['--no-config', '-c', `source ${quote(scripts['fish']!)}; complete -C ${quote(line)}`]).output,
    ).map((entry) => entry.split('\t')[0]!);
  },
};

const lines = (text: string): string[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .sort();

if (!BASH32)
  it.skip('bash 3.2: KCTX_BASH32 is not set, so the bash script was NOT run in a real bash 3.2 (docs/recipes.md)', () => {});

describe.each(['bash', 'zsh', 'fish', ...(BASH32 ? ['bash 3.2'] : [])])('%s', (shell) => {
  const candidates = (words: string[]): string[] => complete[shell]!(words);

  it('completes a top-level command from its start', () => expect(candidates(['dae'])).toEqual(['daemon']));

  it('offers every top-level command oclif knows, none hidden', () => {
    expect(candidates([''])).toEqual(expect.arrayContaining(['completion', 'daemon', 'init', 'status']));
    expect(candidates([''])).not.toContain('__daemon');
  });

  it('offers the daemon subcommands', () => {
    expect(candidates(['daemon', ''])).toEqual(
      expect.arrayContaining(['install', 'restart', 'run', 'start', 'status', 'stop', 'uninstall']),
    );
  });

  it("offers a command's flags", () => {
    expect(candidates(['daemon', 'install', '--'])).toEqual(
      expect.arrayContaining(['--force', '--help', '--platform', '--print']),
    );
    expect(candidates(['daemon', 'run', '-'])).toEqual(expect.arrayContaining(['-q', '--quiet', '-v', '--verbose']));
  });

  it("offers a flag's values, and skips a flag's value when finding the command", () => {
    expect(candidates(['daemon', 'install', '--platform', ''])).toEqual(['darwin', 'linux']);
    expect(candidates(['daemon', 'install', '--platform', 'linux', '--f'])).toEqual(['--force']);
  });

  it("offers init's and completion's shell argument, once", () => {
    expect(candidates(['init', ''])).toEqual(['bash', 'fish', 'starship', 'tmux', 'zsh']);
    expect(candidates(['completion', 'z'])).toEqual(['zsh']);
    expect(candidates(['init', 'bash', ''])).toEqual([]);
  });

  it("offers the kubeconfig's contexts to use and its namespaces to ns", () => {
    expect(candidates(['use', 'sta'])).toEqual(['stage', 'staging']);
    expect(candidates(['use', ''])).toEqual(['dev', 'stage', 'staging']);
    expect(candidates(['ns', ''])).toEqual(['default', 'web']);
  });
});

describe('the scripts pass their shell checkers without a word', () => {
  it('shellcheck (bash)', () =>
    expect(run('shellcheck', ['--shell=bash', scripts['bash']!])).toEqual({ status: 0, output: '' }));
  it('zsh -n', () => expect(run('zsh', ['-n', scripts['zsh']!])).toEqual({ status: 0, output: '' }));
  it('fish --no-execute', () =>
    expect(run('fish', ['--no-execute', scripts['fish']!])).toEqual({ status: 0, output: '' }));

  it('zsh without compinit names the fix', () => {
    expect(run('zsh', ['-f', '-c', `source ${quote(scripts['zsh']!)}`]).output).toContain(
      'autoload -Uz compinit && compinit',
    );
  });
});

describe('completion errors', () => {
  it('an unknown shell is refused, listing the shells it knows', () => {
    const result = runCli(['completion', 'tcsh'], makeSandbox().env);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/bash, zsh, fish/);
  });

  it('a missing shell is refused, naming the argument', () => {
    const result = runCli(['completion'], makeSandbox().env);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/shell/);
  });
});
