/**
 * The PATH shim in the real /bin/sh (dash here; macOS runs it in bash 3.2): read-only commands run
 * the real binary and nothing else, everything that may change a cluster asks the guard first, from
 * xargs and scripts too; it never runs itself (PATH listing it twice, a link to it), a marker is
 * honoured only for the exact command line from the process that set it, and `shim install` /
 * `uninstall` / `status` and the real guard behind it work as the README says.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderShim, SHIM_TOOLS } from '../../src/shell-tables/index.js';
import { BIN, cleanup, ensureBuilt, kubeconfigText, makeEnv, type TestEnv } from '../helpers/daemon.js';
import { makeStandIns, type StandIns } from '../helpers/guard.js';

const standIns: StandIns[] = [];
beforeAll(ensureBuilt);
afterEach(async () => {
  await cleanup();
  for (const s of standIns.splice(0)) rmSync(s.dir, { recursive: true, force: true });
});

interface ShimSetup {
  t: TestEnv;
  s: StandIns;
  shim: string;
  env: Record<string, string>;
  run(script: string, extra?: Record<string, string>): { status: number; stderr: string };
}

/** The shim rendered with the guard stand-in, first on PATH, the recording kubectl/helm after it. */
function setup(): ShimSetup {
  const t = makeEnv();
  const s = makeStandIns();
  standIns.push(s);
  const shim = join(s.dir, 'shim');
  mkdirSync(shim, { mode: 0o700 });
  for (const tool of SHIM_TOOLS) {
    writeFileSync(join(shim, tool), renderShim(tool, shim, s.guardCommand), { mode: 0o755 });
  }
  const env = { ...t.env, PATH: `${shim}:${s.binDir}:/usr/bin:/bin` };
  const run = (script: string, extra: Record<string, string> = {}) => {
    const result = spawnSync('/bin/sh', ['-c', script], {
      env: { ...env, ...extra },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: result.status ?? -1, stderr: result.stderr };
  };
  return { t, s, shim, env, run };
}

const logged = (words: string[]): string => words.map((word) => ` [${word}]`).join('');
/** What the stand-in logs for one run: its argv, then its stdin (here never a terminal). */
const ran = (tool: string, args: string[], stdin = ''): string => `${tool}${logged(args)}\nstdin:${stdin}\n`;
const guardCall = (tool: string, args: string[]): string =>
  `guard${logged(['__guard', tool, '--', ...args])} stdin=/dev/null\n`;

describe('the PATH shim in /bin/sh', () => {
  it('is clean for shellcheck as POSIX sh', () => {
    const { shim } = setup();
    const out = spawnSync('shellcheck', ['-s', 'sh', join(shim, 'kubectl'), join(shim, 'helm')], { encoding: 'utf8' });
    expect(out.stdout + out.stderr).toBe('');
    expect(out.status).toBe(0);
  });

  it('asks the guard for every command line but the read-only ones, and then runs the real tool', () => {
    const { s, run } = setup();
    const table: [string, boolean][] = [
      ['kubectl get pods', false],
      ['kubectl --context prod-eu get pods -o wide', false],
      ['kubectl logs -f deploy/web', false],
      ['kubectl config get-contexts', false],
      ['kubectl config current-context', false],
      ['kubectl foo bar', true],
      ['kubectl exec web -- ls', true],
      ['kubectl delete namespace prod', true],
      ['kubectl apply -f app.yaml', true],
      ['kubectl scale deploy/web --replicas 3', true],
      ['kubectl scale deploy/web --replicas=00', true],
      ['kubectl --some-new-flag value get pods', true],
      ['helm list -A', false],
      ['helm status web', false],
      ['helm diff upgrade web ./chart', true],
      ['helm un web', true],
      ['helm install web ./chart', true],
    ];
    const wrong: string[] = [];
    for (const [line, guarded] of table) {
      s.clearLogs();
      const [tool, ...args] = line.split(' ');
      const result = run(line);
      if (result.status !== 0) wrong.push(`${line}: status ${result.status} ${result.stderr}`);
      if (s.toolLog() !== ran(tool!, args)) wrong.push(`${line}: the tool logged ${JSON.stringify(s.toolLog())}`);
      const expected = guarded ? guardCall(tool!, args) : '';
      if (s.guardLog() !== expected) wrong.push(`${line}: the guard logged ${JSON.stringify(s.guardLog())}`);
    }
    expect(wrong).toEqual([]);
  });

  it('guards xargs and scripts; an abort or a failed guard runs nothing', () => {
    const { s, run } = setup();
    let result = run("printf 'a\\nb\\n' | xargs kubectl delete pod");
    expect(result.status).toBe(0);
    expect(s.guardLog()).toBe(guardCall('kubectl', ['delete', 'pod', 'a', 'b']));
    expect(s.toolLog()).toBe(ran('kubectl', ['delete', 'pod', 'a', 'b']));

    s.clearLogs();
    const script = join(s.dir, 'deploy.sh');
    writeFileSync(script, '#!/bin/sh\nkubectl get pods\nhelm uninstall web\n', { mode: 0o755 });
    s.guardStatus(1);
    result = run(script);
    expect(result.status).toBe(1);
    expect(s.toolLog()).toBe(ran('kubectl', ['get', 'pods']));
    expect(s.guardLog()).toBe(guardCall('helm', ['uninstall', 'web']));

    s.clearLogs();
    s.guardStatus(3);
    result = run('command kubectl delete ns prod');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the guard failed (status 3)');
    expect(s.toolLog()).toBe('');
  });

  it('a read-only command starts the real binary and nothing else (no guard, no node)', () => {
    const { s, shim, run } = setup();
    const trace = join(s.dir, 'trace');
    const result = run(`strace -f -qq -e trace=execve -o ${trace} kubectl get pods`);
    expect(result.status).toBe(0);
    const programs = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((line) => /execve\(.*= 0$/.test(line))
      .map((line) => /execve\("([^"]+)"/.exec(line)?.[1] ?? '');
    // The shim, then the stand-in kubectl at once (which runs `cat` for its stdin log): no guard, no node.
    expect(programs.slice(0, 2)).toEqual([join(shim, 'kubectl'), join(s.binDir, 'kubectl')]);
    expect(programs.filter((p) => /\/(node|kctx-guard(\.js)?|guard-standin)$/.test(p))).toEqual([]);
    expect(programs.length).toBe(3);
  });

  it('never runs itself: PATH listing it twice, a link to it in another folder, a copy that hands over', () => {
    const { s, shim, run } = setup();
    const links = join(s.dir, 'links');
    mkdirSync(links);
    symlinkSync(join(shim, 'kubectl'), join(links, 'kubectl'));
    const copy = join(s.dir, 'copy');
    mkdirSync(copy);
    writeFileSync(join(copy, 'kubectl'), renderShim('kubectl', copy, s.guardCommand), { mode: 0o755 });
    const path = `${shim}:${links}:${shim}/:${copy}:${s.binDir}:/usr/bin:/bin`;
    const result = run('kubectl delete pod x', { PATH: path });
    expect(result.stderr).not.toContain('kctx-guard shim:');
    expect(result.status).toBe(0);
    expect(s.toolLog()).toBe(ran('kubectl', ['delete', 'pod', 'x']));
    // The first shim asked; the copy it handed over to did not ask again.
    expect(s.guardLog()).toBe(guardCall('kubectl', ['delete', 'pod', 'x']));

    // With no real kubectl after it, it says so instead of looping.
    s.clearLogs();
    const alone = run('kubectl get pods', { PATH: `${shim}:${links}` });
    expect(alone.status).toBe(127);
    expect(alone.stderr).toContain('no kubectl on PATH after');
  });

  it('honours a marker only for the same command line from its parent; a copied one asks again', () => {
    const { s, run } = setup();
    const us = '\u001f';
    // What a wrapper sets: its own pid (here the sh that runs kubectl as its child), the tool, the argv.
    let result = run(
      `__KCTX_GUARD_ASKED="$$${us}kubectl${us}delete${us}pod${us}x"; export __KCTX_GUARD_ASKED; kubectl delete pod x; :`,
    );
    expect(result.status).toBe(0);
    expect(s.guardLog()).toBe('');
    expect(s.toolLog()).toBe(ran('kubectl', ['delete', 'pod', 'x']));

    // Another command line under the same marker.
    s.clearLogs();
    run(
      `__KCTX_GUARD_ASKED="$$${us}kubectl${us}delete${us}pod${us}x"; export __KCTX_GUARD_ASKED; kubectl delete pod y; :`,
    );
    expect(s.guardLog()).toBe(guardCall('kubectl', ['delete', 'pod', 'y']));

    // A marker inherited from elsewhere (a saved environment, a fresh shell): another pid.
    s.clearLogs();
    const sleeper = spawnSync('sh', ['-c', 'sleep 30 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' });
    const other = sleeper.stdout.trim();
    try {
      result = run('kubectl delete pod x; :', { __KCTX_GUARD_ASKED: `${other}${us}kubectl${us}delete${us}pod${us}x` });
      expect(s.guardLog()).toBe(guardCall('kubectl', ['delete', 'pod', 'x']));
      expect(s.toolLog()).toBe(ran('kubectl', ['delete', 'pod', 'x']));
    } finally {
      process.kill(Number(other));
    }
  });
});

describe('kctx-guard shim install | status | uninstall, with the real guard', () => {
  function cli(t: TestEnv, args: string[], env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [BIN, ...args], { env: { ...t.env, ...env }, encoding: 'utf8' });
  }

  it('writes a private folder, refuses a danger command without a terminal, runs it with KCTX_GUARD_CONFIRM, and removes only its own files', () => {
    const t = makeEnv();
    const s = makeStandIns();
    standIns.push(s);
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('prod-eu', [{ name: 'prod-eu', cluster: 'prod-eu-1' }]));
    const install = cli(t, ['shim', 'install']);
    expect(install.status).toBe(0);
    const dir = join(t.home, '.local', 'share', 'kctx-guard', 'shim');
    expect(install.stdout).toContain(`export PATH="${dir}:$PATH"`);
    expect(install.stdout).toContain(`fish_add_path --prepend --move ${dir}`);
    expect(statSync(dir).mode & 0o777).toBe(0o700);

    const path = `${dir}:${s.binDir}:${t.env['PATH']}`;
    let status = cli(t, ['shim', 'status'], { PATH: path });
    expect(status.stdout).toContain(`${join(dir, 'kubectl')}: current`);
    expect(status.stdout).toContain('first on PATH');
    expect(status.status).toBe(0);
    expect(cli(t, ['shim', 'status']).stdout).toContain('is not on PATH');

    const sh = (line: string, env: Record<string, string> = {}) =>
      // setsid: no controlling terminal, as in CI or cron.
      spawnSync('setsid', ['-w', '/bin/sh', '-c', line], {
        env: { ...t.env, PATH: path, ...env },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    let result = sh('echo prod | xargs kubectl delete namespace');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('refusing without a terminal');
    expect(s.toolLog()).toBe('');
    result = sh('echo prod | xargs kubectl delete namespace', { KCTX_GUARD_CONFIRM: 'prod-eu-1' });
    expect(result.status).toBe(0);
    expect(s.toolLog()).toBe(ran('kubectl', ['delete', 'namespace', 'prod']));
    const log = readFileSync(join(t.stateDir, 'guard.log'), 'utf8');
    expect(
      log
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).decision),
    ).toEqual(['refused', 'confirmed']);

    // An outdated script is reported; uninstall leaves a file it did not write.
    writeFileSync(join(dir, 'helm'), `${readFileSync(join(dir, 'helm'), 'utf8')}# edited\n`);
    status = cli(t, ['shim', 'status'], { PATH: path });
    expect(status.stdout).toContain(`${join(dir, 'helm')}: outdated`);
    expect(status.status).toBe(1);
    writeFileSync(join(dir, 'notes'), 'mine\n');
    const removed = cli(t, ['shim', 'uninstall']);
    expect(removed.stdout).toContain(`Removed ${join(dir, 'kubectl')}`);
    expect(existsSync(join(dir, 'kubectl'))).toBe(false);
    expect(existsSync(join(dir, 'notes'))).toBe(true);
  });

  it('doctor lists the shim (fine when absent, a warning when installed but not on PATH); kctx-guard uninstall removes it', () => {
    const t = makeEnv();
    const shimCheck = () =>
      JSON.parse(cli(t, ['doctor', '--json']).stdout).checks.find(
        (check: { name: string }) => check.name === 'PATH shim',
      );
    expect(shimCheck().status).toBe('ok');
    expect(cli(t, ['shim', 'install']).status).toBe(0);
    expect(shimCheck()).toMatchObject({ status: 'warn', detail: expect.stringContaining('is not on PATH') });
    const dir = join(t.home, '.local', 'share', 'kctx-guard', 'shim');
    const out = cli(t, ['uninstall']);
    expect(out.stdout).toContain(`Removed ${join(dir, 'kubectl')}`);
    expect(existsSync(dir)).toBe(false);
  });
});
