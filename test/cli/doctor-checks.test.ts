/** The pure parts of doctor, by table: the Node.js version floor and what counts as an init line in an rc file. */
import { describe, expect, it } from 'vitest';
import { checkNode } from '../../src/cli/doctor-checks.js';
import { hasInitLine } from '../../src/cli/doctor-shell.js';

describe('doctor checks, pure parts', () => {
  it.each([
    ['20.19.0', 'ok'],
    ['20.20.2', 'ok'],
    ['22.1.0', 'ok'],
    ['20.18.3', 'fail'],
    ['18.20.0', 'fail'],
  ])('Node.js %s is %s', (version, status) => {
    const check = checkNode(version);
    expect(check.status).toBe(status);
    if (status === 'fail') expect(check.fix).toContain('install Node.js 20.19 or newer');
  });

  it.each([
    ['eval "$(kctx-guard init bash)"', true],
    ['  kctx-guard init fish | source', true],
    ['eval "$(\'/opt/kctx-guard/bin/kctx-guard.js\' init zsh)"', true],
    ['# eval "$(kctx-guard init zsh)"', false],
    ['alias kg=kctx-guard; kctx-guard status', false],
  ])('hasInitLine(%j) is %s', (line, expected) => {
    expect(hasInitLine(`export A=1\n${line}\n`)).toBe(expected);
  });
});
