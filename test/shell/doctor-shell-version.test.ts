/**
 * `doctor` says what the init check says: each shell it finds (the login shell, and the shells whose
 * rc files load the hook) is asked its version, and one too old for the hook fails with the same
 * line. The decision is tested with versions as input; then doctor runs against real shells (a real
 * bash 3.2 when KCTX_BASH32 names one).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkShellVersions, shellVersionCheck } from '../../src/cli/doctor-shell.js';
import { tooOldLine } from '../../src/shell-tables/index.js';
import { makeSandbox, runCli } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/daemon.js';

const BASH32 = process.env['KCTX_BASH32'];

describe('the decision, versions given', () => {
  it.each([
    [
      'bash',
      '3.2.57(1)-release',
      'kctx-guard needs bash 4.4 or newer; this is 3.2 — on macOS: brew install bash, or use zsh',
    ],
    [
      'bash',
      '4.3.48(1)-release',
      'kctx-guard needs bash 4.4 or newer; this is 4.3 — on macOS: brew install bash, or use zsh',
    ],
    ['zsh', '5.0.2', 'kctx-guard needs zsh 5.3 or newer; this is 5.0.2 — on macOS: brew install zsh'],
    ['fish', '3.2.2', 'kctx-guard needs fish 3.3 or newer; this is 3.2.2 — on macOS: brew install fish'],
  ] as const)('%s %s: fails with the line', (shell, version, line) => {
    const check = shellVersionCheck([{ shell, path: `/old/${shell}`, version }]);
    expect(check.status).toBe('fail');
    expect(check.detail.split('\n')[0]).toBe(`${line} (/old/${shell})`);
    expect(tooOldLine(shell, version)).toBe(line);
    expect(check.fix).toContain('brew install');
  });

  it('new enough shells pass, named with their versions; only the old one fails', () => {
    expect(
      shellVersionCheck([
        { shell: 'bash', path: '/bin/bash', version: '5.2.15(1)-release' },
        { shell: 'zsh', path: '/bin/zsh', version: '5.3' },
        { shell: 'fish', path: '/usr/bin/fish', version: '3.3.0' },
      ]),
    ).toEqual({
      name: 'shell versions',
      status: 'ok',
      detail: 'bash 5.2.15(1)-release (/bin/bash), zsh 5.3 (/bin/zsh), fish 3.3.0 (/usr/bin/fish)',
      fix: null,
    });
    const mixed = shellVersionCheck([
      { shell: 'bash', path: '/bin/bash', version: '3.2.57(1)-release' },
      { shell: 'zsh', path: '/bin/zsh', version: '5.9' },
    ]);
    expect(mixed.status).toBe('fail');
    expect(mixed.detail).not.toContain('/bin/zsh');
  });

  it('asks the login shell and the shells whose rc files load the hook', () => {
    const box = makeSandbox();
    box.write('home/.config/fish/config.fish', 'kctx-guard init fish | source\n');
    const asked: string[] = [];
    const check = checkShellVersions(
      { ...box.env, SHELL: '/opt/old/bash', XDG_CONFIG_HOME: `${box.home}/.config` },
      (shell, path) => {
        asked.push(`${shell} ${path}`);
        return shell === 'bash' ? '3.2.57(1)-release' : '3.6.0';
      },
    );
    expect(asked.sort()).toEqual(['bash /opt/old/bash', 'fish fish']);
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('this is 3.2 —');
  });
});

describe('doctor, against real shells', () => {
  ensureBuilt();
  const doctor = (shell: string) => {
    const box = makeSandbox();
    const result = runCli(['doctor', '--json'], { ...box.env, SHELL: shell });
    return (JSON.parse(result.stdout) as { checks: { name: string; status: string; detail: string }[] }).checks.find(
      (check) => check.name === 'shell versions',
    );
  };

  it("this machine's bash passes, named with its version", () => {
    const bash = spawnSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();
    const check = doctor(bash);
    expect(check?.status).toBe('ok');
    expect(check?.detail).toMatch(/^bash [45]\.\d+\.\d+/);
  });

  it.skipIf(!BASH32)('a real bash 3.2 as the login shell fails with the init check’s line (needs KCTX_BASH32)', () => {
    const check = doctor(BASH32!);
    expect(check?.status).toBe('fail');
    expect(check?.detail.split('\n')[0]).toBe(
      `kctx-guard needs bash 4.4 or newer; this is 3.2 — on macOS: brew install bash, or use zsh (${BASH32})`,
    );
  });
});
