/** `kctx-guard __guard` as a process without a terminal (scripts, CI): refusal, KCTX_GUARD_CONFIRM, the audit log. */
import { type SpawnSyncOptionsWithStringEncoding, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, kubeconfig, makeSandbox } from '../helpers/cli.js';

const PROD = { name: 'prod-admin', cluster: 'gke_acme_prod-eu', namespace: 'payments', server: 'https://10.0.0.1' };
const DEV = { name: 'dev', cluster: 'dev-cluster', server: 'https://dev.example.com' };

function guard(env: Record<string, string>, argv: string[]) {
  // detached: a new session with no controlling terminal, as under cron or CI. Node's spawnSync
  // honours it, but @types/node leaves it out of the sync options.
  const options: SpawnSyncOptionsWithStringEncoding & { detached: boolean } = {
    env,
    encoding: 'utf8',
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  const result = spawnSync(process.execPath, [BIN, '__guard', 'kubectl', '--', ...argv], options);
  return { status: result.status, stderr: result.stderr };
}

function auditLines(env: Record<string, string>): Record<string, unknown>[] {
  const file = join(env['XDG_STATE_HOME']!, 'kctx-guard', 'guard.log');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
    : [];
}

describe('the guard without a terminal', () => {
  it('lets commands that need no confirmation through, and logs nothing for them', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('dev', [DEV, PROD]));
    expect(guard(box.env, ['get', 'pods']).status).toBe(0);
    expect(guard(box.env, ['delete', 'pod', 'p1']).status).toBe(0);
    expect(auditLines(box.env)).toEqual([]);
  });

  it('refuses a destructive command on a danger cluster, says how to confirm, and logs it with secrets masked', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('dev', [DEV, PROD]));
    const result = guard(box.env, ['--context', 'prod-admin', '--token', 'SECRET-T', 'delete', 'ns', 'scratch']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cluster    gke_acme_prod-eu  [DANGER]');
    expect(result.stderr).toContain('KCTX_GUARD_CONFIRM="gke_acme_prod-eu"');
    expect(result.stderr).not.toContain('SECRET-T');
    const [line] = auditLines(box.env);
    expect(line).toMatchObject({
      decision: 'refused',
      tool: 'kubectl',
      target: { context: 'prod-admin', cluster: 'gke_acme_prod-eu' },
    });
    expect(line!['argv']).toEqual(['--context', 'prod-admin', '--token', '***', 'delete', 'ns', 'scratch']);
  });

  it('runs it when KCTX_GUARD_CONFIRM names the exact cluster, not when it names another', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('prod-admin', [DEV, PROD]));
    expect(guard({ ...box.env, KCTX_GUARD_CONFIRM: 'dev-cluster' }, ['delete', 'ns', 'x']).status).toBe(1);
    expect(guard({ ...box.env, KCTX_GUARD_CONFIRM: 'prod-admin' }, ['delete', 'ns', 'x']).status).toBe(1);
    expect(guard({ ...box.env, KCTX_GUARD_CONFIRM: 'gke_acme_prod-eu' }, ['delete', 'ns', 'x']).status).toBe(0);
    expect(auditLines(box.env).map((line) => line['decision'])).toEqual(['refused', 'refused', 'confirmed']);
  });

  it('refuses deleting a protected namespace on a safe cluster', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('dev', [DEV]));
    const result = guard(box.env, ['delete', 'namespace', 'kube-system']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('protected namespace "kube-system"');
  });

  it('honours --kubeconfig and -n: the message names the file’s cluster and the namespace given', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('dev', [DEV]));
    const other = box.write('deploy/tmp-kubeconfig.yaml', kubeconfig('prod-admin', [PROD]));
    const result = guard(box.env, ['delete', 'deploy', 'web', '--kubeconfig', other, '-n', 'web-team']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cluster\s+gke_acme_prod-eu/);
    expect(result.stderr).toMatch(/namespace\s+web-team/);
  });

  it('with no known target, refuses and does not take KCTX_GUARD_CONFIRM=yes', () => {
    const box = makeSandbox();
    const result = guard({ ...box.env, KCTX_GUARD_CONFIRM: 'yes' }, ['delete', 'ns', 'x']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Run it from a terminal to confirm');
  });

  it('answers a malformed call with a usage message and status 2 (the wrappers then refuse)', () => {
    const box = makeSandbox();
    const result = spawnSync(process.execPath, [BIN, '__guard', 'rm', '-rf'], { env: box.env, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: kctx-guard __guard');
  });
});
