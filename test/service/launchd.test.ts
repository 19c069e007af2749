/** The launchd agent: XML escaping by table, and the plist read back by python3's plistlib exactly as written. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { launchdPlist, servicePlan, xmlEscape } from '../../src/service/index.js';

describe('xmlEscape', () => {
  it.each([
    ['plain', 'plain'],
    ['a<b>&c', 'a&lt;b&gt;&amp;c'],
    [`"q" 'a'`, '&quot;q&quot; &apos;a&apos;'],
    ['&amp;', '&amp;amp;'],
    ['ü ]]>', 'ü ]]&gt;'],
  ])('%s → %s', (value, expected) => expect(xmlEscape(value)).toBe(expected));
});

const hostileEnv = {
  HOME: '/Users/a <b> & "c"',
  KCTX_GUARD_DIR: "/tmp/it's <&> ]]> ü",
  XDG_STATE_HOME: '/Users/a/state dir',
  KUBECONFIG: '/never',
};
const plan = servicePlan('darwin', hostileEnv, '/opt/node & co/bin/node', '/Users/a/<kctx>/bin/kctx-guard.js');

const hasPython = spawnSync('python3', ['-c', 'import plistlib']).status === 0;

describe('launchdPlist', () => {
  it('names the agent file under ~/Library/LaunchAgents', () => {
    expect(plan.file).toBe('/Users/a <b> & "c"/Library/LaunchAgents/dev.kctx-guard.daemon.plist');
  });

  it('refuses a control character, naming the fix', () => {
    expect(() => launchdPlist(servicePlan('darwin', { HOME: '/h' }, '/a\u0007b', '/b'))).toThrow(
      /control character.*move it/,
    );
  });

  it.skipIf(!hasPython)('is a property list that python3 plistlib reads back value for value', () => {
    const script = 'import json, plistlib, sys; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))';
    const result = spawnSync('python3', ['-c', script], { input: launchdPlist(plan), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      Label: 'dev.kctx-guard.daemon',
      ProgramArguments: [
        '/opt/node & co/bin/node',
        '/Users/a/<kctx>/bin/kctx-guard.js',
        'daemon',
        'run',
        '--quiet',
        '--replace',
      ],
      EnvironmentVariables: { KCTX_GUARD_DIR: "/tmp/it's <&> ]]> ü", XDG_STATE_HOME: '/Users/a/state dir' },
      WorkingDirectory: '/Users/a <b> & "c"',
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ProcessType: 'Background',
      StandardOutPath: '/Users/a/state dir/kctx-guard/launchd.out.log',
      StandardErrorPath: '/Users/a/state dir/kctx-guard/launchd.err.log',
    });
  });

  it.skipIf(!hasPython)('a broken plist is rejected (the check can fail)', () => {
    const result = spawnSync('python3', ['-c', 'import plistlib, sys; plistlib.loads(sys.stdin.buffer.read())'], {
      input: launchdPlist(plan).replace('&amp;', '&'),
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
  });
});

if (!hasPython) console.warn('python3 with plistlib not found: skipping the plist read-back test');
