/** The systemd unit: systemd's quoting rules by table, and (where systemd-analyze exists) systemd's own verdict on generated units. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { servicePlan, systemdUnit, systemdWord } from '../../src/service/index.js';

describe('systemdWord', () => {
  it.each([
    ['/usr/bin/node', 'argument', '/usr/bin/node'],
    ['/opt/my tools/node', 'argument', '"/opt/my tools/node"'],
    ['/a/100%/b', 'argument', '"/a/100%%/b"'],
    ['/a/$HOME/b', 'argument', '"/a/$$HOME/b"'],
    ['/a/$HOME/b', 'executable', '"/a/$HOME/b"'],
    ['/a/"q"/b', 'argument', '"/a/\\"q\\"/b"'],
    ['/a\\b', 'argument', '"/a\\\\b"'],
    ["/it's", 'argument', `"/it's"`],
    ['/a;b', 'argument', '"/a;b"'],
    ['/ünï', 'argument', '"/ünï"'],
    ['X=/a b/$c%d', 'assignment', '"X=/a b/$c%%d"'],
  ] as const)('%s as %s → %s', (value, where, expected) => {
    expect(systemdWord(value, where)).toBe(expected);
  });

  it.each(['/a\nb', '/a\tb', '/a\u001bb'])('refuses a control character in %j, naming the fix', (value) => {
    expect(() => systemdWord(value, 'argument')).toThrow(/control character.*move it to a path without one/);
  });

  it.each(['/a"b/node', '/a\\b/node', "/a'b/node"])('refuses %s as the executable, naming the fix', (value) => {
    expect(() => systemdWord(value, 'executable')).toThrow(/quote or backslash.*install node at a path without one/);
  });
});

describe('systemdUnit', () => {
  const env = { HOME: '/home/u', KCTX_GUARD_DIR: '/run/k g', XDG_STATE_HOME: '/home/u/state', KUBECONFIG: '/tmp/x' };

  it('runs the daemon in the foreground with absolute paths, restarts on failure and passes only the folder variables that are set', () => {
    const unit = systemdUnit(servicePlan('linux', env, '/usr/bin/node', '/opt/kctx guard/bin/kctx-guard.js'));
    const lines = unit.split('\n');
    expect(lines).toContain('ExecStart=/usr/bin/node "/opt/kctx guard/bin/kctx-guard.js" daemon run --quiet --replace');
    expect(lines).toContain('Restart=on-failure');
    expect(lines).toContain('Environment="KCTX_GUARD_DIR=/run/k g"');
    expect(lines).toContain('Environment=XDG_STATE_HOME=/home/u/state');
    expect(lines).toContain('WantedBy=default.target');
    expect(unit).not.toMatch(/KUBECONFIG|XDG_CONFIG_HOME|XDG_RUNTIME_DIR/);
  });

  it('passes no Environment= line when none of the variables is set', () => {
    expect(systemdUnit(servicePlan('linux', { HOME: '/h' }, '/n', '/b'))).not.toContain('Environment=');
  });
});

const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'kctx-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verify(unit: string): { status: number | null; output: string } {
  const file = join(dir, `kctx-guard-${Math.random().toString(36).slice(2)}.service`);
  writeFileSync(file, unit);
  const result = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(!analyze)('systemd-analyze verify', () => {
  it('accepts the unit for a node whose path holds spaces, %, $ and non-ASCII', () => {
    const ugly = join(dir, 'my tools 100% $HOME ü');
    mkdirSync(ugly);
    symlinkSync(process.execPath, join(ugly, 'node'));
    const plan = servicePlan(
      'linux',
      { HOME: '/h', KCTX_GUARD_DIR: '/a b/"c"/$d%e\\f' },
      join(ugly, 'node'),
      '/opt/x y/$z%/kctx-guard.js',
    );
    expect(verify(systemdUnit(plan))).toEqual({ status: 0, output: '' });
  });

  it('rejects a unit whose program does not exist (the check can fail)', () => {
    const result = verify(systemdUnit(servicePlan('linux', { HOME: '/h' }, join(dir, 'no such node'), '/b')));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/no such node/);
  });

  it('rejects the unquoted form of the same path (quoting is what makes it work)', () => {
    const unquoted = systemdUnit(servicePlan('linux', { HOME: '/h' }, '/usr/bin/node', '/b')).replace(
      'ExecStart=/usr/bin/node',
      `ExecStart=${join(dir, 'my tools 100% $HOME ü', 'node')}`,
    );
    expect(verify(unquoted).status).not.toBe(0);
  });
});

if (!analyze)
  console.warn('systemd-analyze not found: skipping `systemd-analyze verify` (apt-get install systemd provides it)');
