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
      EnvironmentVariables: {
        KCTX_GUARD_DIR: "/tmp/it's <&> ]]> ü",
        XDG_STATE_HOME: '/Users/a/state dir',
        HOME: '/Users/a <b> & "c"',
        KUBECONFIG: '',
      },
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

/**
 * A property list as launchd reads it, parsed here (plutil is macOS-only): dict, array, string, true,
 * false and integer, every other element refused, entities decoded.
 */
function parsePlist(xml: string): unknown {
  const body = /<plist version="1.0">([\s\S]*)<\/plist>/.exec(xml)?.[1];
  if (body === undefined) throw new Error('no <plist version="1.0"> element');
  const tokens = body.replace(/<!--[\s\S]*?-->/g, '').match(/<[^>]+>|[^<]+/g) ?? [];
  let at = 0;
  const decode = (text: string): string =>
    text.replace(
      /&(lt|gt|quot|apos|amp);/g,
      (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name as 'lt'],
    );
  const next = (): string => {
    while (at < tokens.length && tokens[at]!.trim() === '') at++;
    const token = tokens[at++];
    if (token === undefined) throw new Error('the property list ends early');
    return token;
  };
  const text = (close: string): string => {
    let value = '';
    while (tokens[at] !== close) {
      const token = tokens[at++];
      if (token === undefined || token.startsWith('<')) throw new Error(`expected text, then ${close}`);
      if (/&(?!(lt|gt|quot|apos|amp);)/.test(token)) throw new Error(`a bare & in ${JSON.stringify(token)}`);
      value += decode(token);
    }
    at++;
    return value;
  };
  const value = (): unknown => {
    const token = next();
    if (token === '<true/>') return true;
    if (token === '<false/>') return false;
    if (token === '<string>') return text('</string>');
    if (token === '<string/>') return '';
    if (token === '<integer>') return Number(text('</integer>'));
    if (token === '<array>') {
      const items: unknown[] = [];
      while (tokens.slice(at).find((t) => t.trim() !== '') !== '</array>') items.push(value());
      next();
      return items;
    }
    if (token === '<dict>') {
      const dict: Record<string, unknown> = {};
      for (;;) {
        const key = next();
        if (key === '</dict>') return dict;
        if (key !== '<key>') throw new Error(`expected <key>, found ${key}`);
        const name = text('</key>');
        if (name in dict) throw new Error(`key ${name} twice`);
        dict[name] = value();
      }
    }
    throw new Error(`unexpected ${token}`);
  };
  const root = value();
  if (tokens.slice(at).some((t) => t.trim() !== '')) throw new Error('text after the root element');
  return root;
}

describe('the launchd agent, read back as launchd reads it', () => {
  const installing = {
    HOME: '/Users/ana',
    PATH: '/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin',
    KUBECONFIG: '/Users/ana/deploy/tmp.yaml',
  };
  const agent = parsePlist(
    launchdPlist(
      servicePlan('darwin', installing, '/opt/homebrew/bin/node', '/opt/homebrew/lib/kctx/bin/kctx-guard.js'),
    ),
  ) as Record<string, unknown>;

  it('runs the daemon in the foreground with the absolute node and package paths', () => {
    expect(agent['Label']).toBe('dev.kctx-guard.daemon');
    expect(agent['ProgramArguments']).toEqual([
      '/opt/homebrew/bin/node',
      '/opt/homebrew/lib/kctx/bin/kctx-guard.js',
      'daemon',
      'run',
      '--quiet',
      '--replace',
    ]);
    expect(agent['RunAtLoad']).toBe(true);
  });

  it('is started again after any unsuccessful exit (75 after an upgrade), not after a requested stop (0)', () => {
    expect(agent['KeepAlive']).toEqual({ SuccessfulExit: false });
  });

  it("carries the installing shell's PATH (exec plugins) and HOME, and empties an inherited KUBECONFIG", () => {
    expect(agent['EnvironmentVariables']).toEqual({
      PATH: installing.PATH,
      HOME: '/Users/ana',
      KUBECONFIG: '',
    });
  });

  it('logs stdout and stderr into the state folder', () => {
    expect(agent['StandardOutPath']).toBe('/Users/ana/.local/state/kctx-guard/launchd.out.log');
    expect(agent['StandardErrorPath']).toBe('/Users/ana/.local/state/kctx-guard/launchd.err.log');
    expect(agent['WorkingDirectory']).toBe('/Users/ana');
  });

  it('the parser refuses a broken list (the checks above can fail)', () => {
    expect(() => parsePlist(launchdPlist(plan).replace('&amp;', '&'))).toThrow(/bare &/);
    expect(() => parsePlist(launchdPlist(plan).replace('<key>Label</key>', '<key>RunAtLoad</key>'))).toThrow(/twice/);
  });
});
