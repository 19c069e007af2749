/** `daemon install` / `daemon uninstall` as a user runs them: what they write, print, refuse and remove, in a throw-away HOME. */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/daemon.js';
import { makeSandbox, runCli } from '../helpers/cli.js';

beforeAll(() => ensureBuilt());

/** oclif wraps error text over lines prefixed with ›; the message is what matters. */
const oneLine = (text: string): string => text.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ');
const unitPath = (env: Record<string, string>): string =>
  join(env['XDG_CONFIG_HOME']!, 'systemd', 'user', 'kctx-guard.service');

describe('daemon install', () => {
  it('writes the systemd unit, prints it, the passed variables and the commands to enable it', () => {
    const box = makeSandbox();
    const result = runCli(['daemon', 'install', '--platform', 'linux'], box.env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const unit = readFileSync(unitPath(box.env), 'utf8');
    expect(result.stdout).toContain(`Wrote ${unitPath(box.env)}:`);
    expect(result.stdout).toContain(`    ExecStart=${process.execPath} `);
    expect(unit).toContain(`Environment=KCTX_GUARD_DIR=${box.env['KCTX_GUARD_DIR']}`);
    // Every kctx-guard location the sandbox sets, and PATH (for exec credential plugins); nothing else.
    expect(result.stdout).toContain(
      'Passed on from this shell: KCTX_GUARD_DIR, XDG_CACHE_HOME, XDG_STATE_HOME, XDG_CONFIG_HOME, PATH.',
    );
    expect(result.stdout).toContain(`The daemon logs to ${box.env['XDG_STATE_HOME']}/kctx-guard/daemon.log.`);
    expect(result.stdout).toContain('systemctl --user daemon-reload\n    systemctl --user enable --now kctx-guard');
  });

  it('writes the launchd agent with --platform darwin and creates the log folder it names', () => {
    const box = makeSandbox();
    const result = runCli(['daemon', 'install', '--platform', 'darwin'], box.env);
    const plist = join(box.home, 'Library', 'LaunchAgents', 'dev.kctx-guard.daemon.plist');
    expect(result.status).toBe(0);
    expect(readFileSync(plist, 'utf8')).toContain('<key>KeepAlive</key>');
    expect(existsSync(join(box.env['XDG_STATE_HOME']!, 'kctx-guard'))).toBe(true);
    expect(result.stdout).toContain(
      `launchctl bootout gui/$(id -u)/dev.kctx-guard.daemon 2>/dev/null || true\n    launchctl bootstrap gui/$(id -u) ${plist}`,
    );
  });

  it('says so when the file is already up to date', () => {
    const box = makeSandbox();
    runCli(['daemon', 'install', '--platform', 'linux'], box.env);
    const again = runCli(['daemon', 'install', '--platform', 'linux'], box.env);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`Already up to date: ${unitPath(box.env)}`);
  });

  it('refuses to overwrite a different file, naming --force, and replaces it with --force', () => {
    const box = makeSandbox();
    mkdirSync(join(box.env['XDG_CONFIG_HOME']!, 'systemd', 'user'), { recursive: true });
    writeFileSync(unitPath(box.env), '[Service]\nExecStart=/bin/true\n');
    const refused = runCli(['daemon', 'install', '--platform', 'linux'], box.env);
    expect(refused.status).toBe(1);
    expect(oneLine(refused.stderr)).toMatch(
      /already exists, was not written by kctx-guard, and differs from what kctx-guard would write; .*run kctx-guard daemon install --force to replace it/,
    );
    expect(readFileSync(unitPath(box.env), 'utf8')).toBe('[Service]\nExecStart=/bin/true\n');
    const forced = runCli(['daemon', 'install', '--platform', 'linux', '--force'], box.env);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain('Replaced ');
    expect(readFileSync(unitPath(box.env), 'utf8')).toContain('daemon run --quiet --replace');
  });

  it('replaces a file an earlier kctx-guard wrote (other node and package paths) without --force', () => {
    const box = makeSandbox();
    runCli(['daemon', 'install', '--platform', 'darwin'], box.env);
    const plist = join(box.home, 'Library', 'LaunchAgents', 'dev.kctx-guard.daemon.plist');
    const current = readFileSync(plist, 'utf8');
    // What the file held before an upgrade: a Homebrew node that is gone, the package somewhere else.
    const older = current
      .replace(
        /(<key>ProgramArguments<\/key>\s*<array>\s*<string>)[^<]*/,
        '$1/opt/homebrew/Cellar/node/21.1.0/bin/node',
      )
      .replace(/<string>[^<]*kctx-guard\.js<\/string>/, '<string>/old/place/bin/kctx-guard.js</string>');
    expect(older).not.toBe(current);
    writeFileSync(plist, older);
    const again = runCli(['daemon', 'install', '--platform', 'darwin'], box.env);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`Replaced ${plist}:`);
    expect(readFileSync(plist, 'utf8')).toBe(current);
  });

  it('--print writes nothing', () => {
    const box = makeSandbox();
    const result = runCli(['daemon', 'install', '--platform', 'darwin', '--print'], box.env);
    expect(result.stdout).toMatch(/^<\?xml/);
    expect(existsSync(join(box.home, 'Library'))).toBe(false);
  });

  it('rejects an unknown platform, listing the ones it knows', () => {
    const result = runCli(['daemon', 'install', '--platform', 'windows'], makeSandbox().env);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/linux, darwin/);
  });
});

describe('daemon uninstall', () => {
  it('removes the unit and its enable link and prints how to stop the running service', () => {
    const box = makeSandbox();
    runCli(['daemon', 'install', '--platform', 'linux'], box.env);
    const wants = join(box.env['XDG_CONFIG_HOME']!, 'systemd', 'user', 'default.target.wants');
    mkdirSync(wants);
    symlinkSync(unitPath(box.env), join(wants, 'kctx-guard.service'));
    const result = runCli(['daemon', 'uninstall', '--platform', 'linux'], box.env);
    expect(result.status).toBe(0);
    expect(existsSync(unitPath(box.env))).toBe(false);
    expect(existsSync(join(wants, 'kctx-guard.service'))).toBe(false);
    expect(result.stdout).toContain('systemctl --user stop kctx-guard');
  });

  it('prints launchctl bootout for the launchd agent', () => {
    const box = makeSandbox();
    runCli(['daemon', 'install', '--platform', 'darwin'], box.env);
    const result = runCli(['daemon', 'uninstall', '--platform', 'darwin'], box.env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('launchctl bootout gui/$(id -u)/dev.kctx-guard.daemon');
  });

  it('says there is nothing to remove when nothing is installed', () => {
    const result = runCli(['daemon', 'uninstall', '--platform', 'linux'], makeSandbox().env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Nothing to remove');
  });

  it('refuses to remove a file it did not write, naming --force, and removes it with --force', () => {
    const box = makeSandbox();
    mkdirSync(join(box.env['XDG_CONFIG_HOME']!, 'systemd', 'user'), { recursive: true });
    writeFileSync(unitPath(box.env), '[Service]\nExecStart=/bin/true\n');
    const refused = runCli(['daemon', 'uninstall', '--platform', 'linux'], box.env);
    expect(refused.status).toBe(1);
    expect(oneLine(refused.stderr)).toMatch(
      /was not written by kctx-guard daemon install .*remove it yourself, or run kctx-guard daemon uninstall --force/,
    );
    expect(existsSync(unitPath(box.env))).toBe(true);
    expect(runCli(['daemon', 'uninstall', '--platform', 'linux', '--force'], box.env).status).toBe(0);
    expect(existsSync(unitPath(box.env))).toBe(false);
  });
});
