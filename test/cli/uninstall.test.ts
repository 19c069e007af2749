/** `kctx-guard uninstall` as a user runs it, in a throw-away HOME: what it removes, what it keeps, and the rc lines. */
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/daemon.js';
import { BIN, kubeconfig, makeSandbox, runCli } from '../helpers/cli.js';

beforeAll(() => ensureBuilt());

const BASHRC = ['# my bashrc', 'export EDITOR=vim', 'eval "$(kctx-guard init bash)"', 'alias k=kubectl', ''].join('\n');
const ZSHRC = [
  'setopt prompt_subst',
  'eval "$(kctx-guard init zsh)"',
  'eval "$(kctx-guard completion zsh)"',
  '# eval "$(kctx-guard init zsh)"  (a comment stays)',
  'if command -v kctx-guard >/dev/null; then',
  '  eval "$(kctx-guard init zsh)"',
  'fi',
  '',
].join('\n');
const FISH = ['set -gx EDITOR vim', '~/src/kctx-guard/bin/kctx-guard.js init fish | source', ''].join('\n');

/** A sandbox with everything kctx-guard installs, plus a kubeconfig and config.yaml that must survive. */
function installed() {
  const box = makeSandbox();
  const env = box.env;
  const files = {
    kubeconfig: box.write(
      'home/.kube/config',
      kubeconfig('kind-x', [{ name: 'kind-x', cluster: 'k', server: 'https://127.0.0.1:6443' }]),
    ),
    config: box.write('config/kctx-guard/config.yaml', 'rules: []\n'),
    bashrc: box.write('home/.bashrc', BASHRC),
    zshrc: box.write('home/.zshrc', ZSHRC),
    fish: box.write('config/fish/config.fish', FISH),
    link: join(box.home, '.local', 'bin', 'kctx-guard'),
    unit: join(env['XDG_CONFIG_HOME']!, 'systemd', 'user', 'kctx-guard.service'),
    cache: env['KCTX_GUARD_DIR']!,
    state: join(env['XDG_STATE_HOME']!, 'kctx-guard'),
  };
  mkdirSync(join(box.home, '.local', 'bin'), { recursive: true });
  symlinkSync(BIN, files.link);
  expect(runCli(['daemon', 'install', '--platform', 'linux'], env).status).toBe(0);
  expect(runCli(['daemon', 'start'], env).status).toBe(0);
  expect(existsSync(files.cache) && existsSync(files.state)).toBe(true);
  return { box, files };
}

const exists = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

describe('kctx-guard uninstall', () => {
  it('stops the daemon, removes the service, the link, cache and state; keeps kubeconfig, config.yaml and rc files', () => {
    const { box, files } = installed();
    const result = runCli(['uninstall', '--platform', 'linux'], box.env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Stopped the daemon \(pid \d+\)/);
    expect(runCli(['daemon', 'status'], box.env).status).toBe(1);
    for (const gone of [files.unit, files.link, files.cache, files.state]) expect(exists(gone), gone).toBe(false);
    expect(readFileSync(files.kubeconfig, 'utf8')).toContain('kind-x');
    expect(readFileSync(files.config, 'utf8')).toBe('rules: []\n');
    expect(result.stdout).toContain(`Kept ${files.config}`);
    expect(result.stdout).toContain('Kept your kubeconfig files');
    expect(result.stdout).toContain('systemctl --user stop kctx-guard');
    // Listed with file:line, comments left out; the files themselves unchanged.
    expect(result.stdout).toContain(`${files.bashrc}:3: eval "$(kctx-guard init bash)"`);
    expect(result.stdout).toContain(`${files.zshrc}:2: eval "$(kctx-guard init zsh)"`);
    expect(result.stdout).toContain(`${files.zshrc}:3: eval "$(kctx-guard completion zsh)"`);
    expect(result.stdout).toContain(`${files.zshrc}:6:   eval "$(kctx-guard init zsh)"`);
    expect(result.stdout).toContain(`${files.fish}:2: ~/src/kctx-guard/bin/kctx-guard.js init fish | source`);
    expect(result.stdout).not.toContain(':4: # eval');
    expect(result.stdout).toContain('kctx-guard uninstall --rc');
    expect(readFileSync(files.bashrc, 'utf8')).toBe(BASHRC);
    expect(readFileSync(files.zshrc, 'utf8')).toBe(ZSHRC);
  });

  it('--dry-run shows every step and changes nothing', () => {
    const { box, files } = installed();
    const result = runCli(['uninstall', '--dry-run', '--rc', '--config', '--platform', 'linux'], box.env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Dry run: nothing is changed.');
    expect(result.stdout).toMatch(/Would stop the daemon \(pid \d+\)/);
    expect(result.stdout).toContain(`Would remove ${files.unit}`);
    expect(result.stdout).toContain(`Would remove the link ${files.link} → ${BIN}`);
    expect(result.stdout).toContain(`Would remove the cache folder ${files.cache}`);
    expect(result.stdout).toContain(`Would remove ${files.config}`);
    expect(result.stdout).toContain(`${files.bashrc}:3:`);
    for (const kept of [files.unit, files.link, files.cache, files.state, files.config])
      expect(exists(kept), kept).toBe(true);
    expect(runCli(['daemon', 'status'], box.env).status).toBe(0);
    expect(readFileSync(files.zshrc, 'utf8')).toBe(ZSHRC);
    expect(exists(`${files.zshrc}.kctx-guard.bak`)).toBe(false);
    runCli(['daemon', 'stop'], box.env);
  });

  it('--rc removes exactly the standalone lines, keeps a backup, and lists the ones to edit by hand', () => {
    const { box, files } = installed();
    const result = runCli(['uninstall', '--rc', '--platform', 'linux'], box.env);
    expect(result.status).toBe(0);
    expect(readFileSync(files.bashrc, 'utf8')).toBe(
      ['# my bashrc', 'export EDITOR=vim', 'alias k=kubectl', ''].join('\n'),
    );
    expect(readFileSync(files.zshrc, 'utf8')).toBe(
      [
        'setopt prompt_subst',
        '# eval "$(kctx-guard init zsh)"  (a comment stays)',
        'if command -v kctx-guard >/dev/null; then',
        '  eval "$(kctx-guard init zsh)"',
        'fi',
        '',
      ].join('\n'),
    );
    expect(readFileSync(files.fish, 'utf8')).toBe('set -gx EDITOR vim\n');
    expect(readFileSync(`${files.bashrc}.kctx-guard.bak`, 'utf8')).toBe(BASHRC);
    expect(readFileSync(`${files.zshrc}.kctx-guard.bak`, 'utf8')).toBe(ZSHRC);
    expect(readFileSync(`${files.fish}.kctx-guard.bak`, 'utf8')).toBe(FISH);
    expect(result.stdout).toContain(`backup of ${files.zshrc}: ${files.zshrc}.kctx-guard.bak`);
    expect(result.stdout).toMatch(/edit them by hand:\n.*\.zshrc:6: {3}eval/);
    expect(readFileSync(files.config, 'utf8')).toBe('rules: []\n');
  });

  it('leaves a ~/.local/bin/kctx-guard that points elsewhere, and says so', () => {
    const box = makeSandbox();
    const other = box.write('elsewhere/kctx-guard', '#!/bin/sh\n');
    const link = join(box.home, '.local', 'bin', 'kctx-guard');
    mkdirSync(join(box.home, '.local', 'bin'), { recursive: true });
    symlinkSync(other, link);
    const result = runCli(['uninstall', '--platform', 'linux'], box.env);
    expect(result.status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(result.stdout).toContain(`Left alone: ${link} points to ${other}, not to this kctx-guard`);
    expect(result.stdout).toContain('No rc file loads kctx-guard.');
  });

  it('--config removes config.yaml too, and never a KCTX_GUARD_DIR that holds other files', () => {
    const box = makeSandbox();
    const config = box.write('config/kctx-guard/config.yaml', 'rules: []\n');
    const mine = box.write('cache/notes.txt', 'mine\n');
    const result = runCli(['uninstall', '--config', '--platform', 'linux'], box.env);
    expect(result.status).toBe(0);
    expect(existsSync(config)).toBe(false);
    expect(readFileSync(mine, 'utf8')).toBe('mine\n');
    expect(result.stdout).toContain('it holds files kctx-guard did not make (notes.txt)');
  });
});
