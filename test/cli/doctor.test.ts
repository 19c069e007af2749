/** `kctx-guard doctor` as a user runs it: a healthy setup passes, each broken part prints ✖ and its exact fix, and nothing is written. */
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfig, makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import {
  cleanup,
  cli,
  ensureBuilt,
  IS_ROOT,
  kubeconfigText,
  makeEnv,
  spawnDaemon,
  waitForContext,
} from '../helpers/daemon.js';
import { requireSetpriv } from '../helpers/no-dac.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix: string | null;
}

const DEV = { name: 'dev', cluster: 'dev-cluster', server: 'https://dev.example.com' };

/** A folder holding an executable `kubectl` stub, so the check does not depend on the machine. */
function fakeKubectl(root: string): string {
  const bin = join(root, 'fake-bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return bin;
}

function doctorJson(
  args: string[],
  env: Record<string, string>,
  options: { boundByPermissions?: boolean } = {},
): { status: number | null; checks: Check[]; ok: boolean } {
  const result = runCli(['doctor', '--json', ...args], env, undefined, options);
  const report = JSON.parse(result.stdout) as { ok: boolean; checks: Check[] };
  return { status: result.status, ...report };
}

const named = (checks: Check[], name: string): Check[] => checks.filter((check) => check.name === name);

/** Everything broken that can be broken without root: no daemon, no kubectl, no hook. */
function brokenBox(): Sandbox {
  const box = makeSandbox();
  box.env['PATH'] = join(box.root, 'empty-bin');
  box.env['SHELL'] = '/usr/bin/zsh';
  return box;
}

describe('kctx-guard doctor', () => {
  it('passes a healthy setup: daemon answering, private cache, valid config, kubeconfig, kubectl, hooked shell and rc file', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'dev' }]));
    const daemon = await spawnDaemon(t);
    await waitForContext(t, 'dev');
    mkdirSync(join(t.home, '.zdot'));
    writeFileSync(join(t.home, '.zdot', '.zshrc'), 'export EDITOR=vi\neval "$(kctx-guard init zsh)"\n');
    Object.assign(t.env, {
      PATH: fakeKubectl(t.root),
      KCTX_GUARD_LEVEL: 'safe',
      SHELL: '/bin/zsh',
      ZDOTDIR: join(t.home, '.zdot'),
    });
    expect((await cli(t, ['config', 'init'])).code).toBe(0);
    const human = await cli(t, ['doctor']);
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout).not.toContain('✖');
    expect(human.stdout).toContain('all checks passed');
    expect(human.stdout).toMatch(new RegExp(`✔ daemon\\s+running \\(pid ${daemon.pid}`));
    expect(human.stdout).toMatch(/✔ cache folder\s+.*: yours, mode 700/);
    expect(human.stdout).toMatch(/✔ config\s+.*config\.yaml: valid, 9 rules in force/);
    expect(human.stdout).toMatch(/✔ kubeconfig\s+.*\.kube\/config: readable, 1 context$/m);
    expect(human.stdout).toMatch(/✔ current context\s+dev \(cluster dev-cluster, namespace default\)/);
    expect(human.stdout).toMatch(/✔ this shell\s+runs the kctx-guard hook \(level safe\)/);
    expect(human.stdout).toContain(`the init line is in ${join(t.home, '.zdot', '.zshrc')}`);
    const json = JSON.parse((await cli(t, ['doctor', '--json'])).stdout);
    expect(json.ok).toBe(true);
    expect(json.checks.map((check: Check) => check.status)).not.toContain('fail');
  });

  it('fails with an exact fix for each missing part, and creates nothing', () => {
    const box = brokenBox();
    const result = runCli(['doctor'], box.env);
    expect(result.status).toBe(1);
    const out = result.stdout;
    expect(out).toMatch(/✖ daemon\s+not running/);
    expect(out).toContain('fix: kctx-guard daemon start');
    expect(out).toMatch(/! cache folder\s+.*does not exist yet/);
    expect(out).toMatch(/✔ config\s+.*absent, the built-in rules apply/);
    expect(out).toMatch(/✖ kubeconfig\s+.*\.kube\/config: absent, and no other kubeconfig file exists/);
    expect(out).toMatch(/✖ kubectl\s+not found on PATH/);
    expect(out).toContain('fix: install kubectl (https://kubernetes.io/docs/tasks/tools/) and add its folder to PATH');
    expect(out).toMatch(/! this shell\s+does not run the kctx-guard hook/);
    expect(out).toContain('fix: open a new terminal, or run here: eval "$(kctx-guard init zsh)"');
    expect(out).toMatch(/✖ rc files\s+no rc file loads the hook/);
    expect(out).toContain(`fix: add this line to ${join(box.home, '.zshrc')}: eval "$(kctx-guard init zsh)"`);
    expect(out).toContain('4 checks failed (2 warnings');
    expect(existsSync(box.env['KCTX_GUARD_DIR']!)).toBe(false);
    expect(existsSync(join(box.root, 'config'))).toBe(false);
    expect(readdirSync(box.home)).toEqual([]);
  });

  it('reports each kubeconfig file: absent ones are fine when another exists; a broken one fails with its fix', () => {
    const box = brokenBox();
    const good = box.write('a.yaml', kubeconfig('gone', [DEV]));
    const broken = join(box.root, 'dir.yaml');
    mkdirSync(broken);
    const env = { ...box.env, KUBECONFIG: `${box.root}/missing.yaml:${good}` };
    const { checks } = doctorJson([], env);
    expect(checks.filter((check) => check.name === 'kubeconfig' || check.name === 'current context')).toEqual([
      {
        name: 'kubeconfig',
        status: 'ok',
        detail: `${box.root}/missing.yaml: absent, skipped as kubectl skips it`,
        fix: null,
      },
      { name: 'kubeconfig', status: 'ok', detail: `${good}: readable, 1 context`, fix: null },
      {
        name: 'current context',
        status: 'fail',
        detail: 'current-context "gone" names a context that no file defines',
        fix: 'kubectl config use-context dev',
      },
    ]);
    const withBroken = doctorJson([], { ...env, KUBECONFIG: `${good}:${broken}` });
    expect(withBroken.status).toBe(1);
    expect(named(withBroken.checks, 'kubeconfig')[1]).toEqual({
      name: 'kubeconfig',
      status: 'fail',
      detail: `${broken}: cannot read: is a directory`,
      fix: `remove or replace '${broken}', or leave it out of KUBECONFIG`,
    });
    expect(named(withBroken.checks, 'current context')).toEqual([]);
  });

  it('lists every config.yaml problem with file and line, and an unreadable file with chmod', () => {
    const box = brokenBox();
    const file = box.write(
      'config/kctx-guard/config.yaml',
      'rules:\n  - context: "x"\n    level: dangr\nguard:\n  destructive: [rm -rf]\n',
    );
    const [config] = named(doctorJson([], box.env).checks, 'config');
    expect(config!.status).toBe('fail');
    expect(config!.detail).toContain(`${file} is ignored, the built-in defaults are in force`);
    expect(config!.detail).toContain(`${file}:3: rule 1: level "dangr" is not one of danger, warn, safe, unclassified`);
    expect(config!.detail).toContain('guard.destructive');
    expect(config!.fix).toBe(
      `edit ${file} at the lines above (docs/rules.md describes the format), then run kctx-guard doctor again`,
    );
  });

  it('suggests chmod for a config.yaml it cannot read', () => {
    requireSetpriv();
    const box = brokenBox();
    const file = box.write('config/kctx-guard/config.yaml', 'rules: []\n');
    chmodSync(file, 0o000);
    // As root, doctor runs without the capability that reads through chmod 000.
    const [config] = named(doctorJson([], box.env, { boundByPermissions: true }).checks, 'config');
    expect(config).toMatchObject({ status: 'fail', fix: `chmod u+r '${file}'` });
    expect(config!.detail).toContain('cannot read: permission denied');
  });

  it('fails a cache folder others can read or write, with chmod 700, and leaves its mode alone', () => {
    const box = brokenBox();
    const dir = box.env['KCTX_GUARD_DIR']!;
    mkdirSync(dir);
    for (const [mode, what] of [
      [0o755, 'is readable by other users (mode 755)'],
      [0o777, 'is writable by other users (mode 777)'],
    ] as const) {
      chmodSync(dir, mode);
      const [check] = named(doctorJson([], box.env).checks, 'cache folder');
      expect(check).toEqual({
        name: 'cache folder',
        status: 'fail',
        detail: expect.stringContaining(`${dir}: ${what}`),
        fix: `chmod 700 '${dir}'`,
      });
      expect(statSync(dir).mode & 0o777).toBe(mode);
    }
    const regular = box.write('cache-file', 'x');
    const [file] = named(doctorJson([], { ...box.env, KCTX_GUARD_DIR: regular }).checks, 'cache folder');
    expect(file).toMatchObject({
      status: 'fail',
      detail: `${regular}: is not a directory (a symlink or file is in the way)`,
    });
  });

  it.runIf(IS_ROOT)('fails a cache folder that another user owns', () => {
    const box = brokenBox();
    const dir = box.env['KCTX_GUARD_DIR']!;
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, 12345, 12345);
    const [check] = named(doctorJson([], box.env).checks, 'cache folder');
    expect(check).toMatchObject({ status: 'fail', detail: `${dir}: belongs to uid 12345, not to you (uid 0)` });
  });

  it('finds the init line in bash and fish rc files, ignores a commented one, and warns when the login shell lacks it', () => {
    const box = brokenBox();
    box.write('home/.zshrc', '# eval "$(kctx-guard init zsh)"\n');
    box.write('home/.bash_profile', 'eval "$(~/src/kctx-guard/bin/kctx-guard.js init bash)"\n');
    const fish = box.write('config/fish/config.fish', 'kctx-guard init fish | source\n');
    const [rc] = named(doctorJson([], box.env).checks, 'rc files');
    expect(rc).toEqual({
      name: 'rc files',
      status: 'warn',
      detail: `the init line is in ${join(box.home, '.bash_profile')}, ${fish}, but not in one your login shell (zsh) reads`,
      fix: `add this line to ${join(box.home, '.zshrc')}: eval "$(kctx-guard init zsh)"`,
    });
    const [asFish] = named(doctorJson([], { ...box.env, SHELL: '/usr/bin/fish' }).checks, 'rc files');
    expect(asFish).toMatchObject({ status: 'ok', fix: null });
  });

  it('prints the fix for every shell when the login shell is unknown', () => {
    const box = brokenBox();
    delete box.env['SHELL'];
    const [rc] = named(doctorJson([], box.env).checks, 'rc files');
    expect(rc!.fix!.split('\n')).toEqual([
      `add this line to ${join(box.home, '.bashrc')}: eval "$(kctx-guard init bash)"`,
      `add this line to ${join(box.home, '.zshrc')}: eval "$(kctx-guard init zsh)"`,
      `add this line to ${join(box.root, 'config', 'fish', 'config.fish')}: kctx-guard init fish | source`,
    ]);
  });

  it('rejects an unknown flag with oclif usage', () => {
    const result = runCli(['doctor', '--fix'], makeSandbox().env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Nonexistent flag: --fix');
  });
});
