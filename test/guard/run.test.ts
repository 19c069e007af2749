/** `kctx-guard __guard` as a process without a terminal (scripts, CI): refusal, KCTX_GUARD_CONFIRM, the audit log. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, guardWithoutTerminal, kubeconfig, makeSandbox } from '../helpers/cli.js';

const PROD = { name: 'prod-admin', cluster: 'gke_acme_prod-eu', namespace: 'payments', server: 'https://10.0.0.1' };
const DEV = { name: 'dev', cluster: 'dev-cluster', server: 'https://dev.example.com' };

const guard = guardWithoutTerminal;

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

  it('names the words after a known verb objects, and after a plugin (a verb it does not know) arguments', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('prod-admin', [DEV, PROD]));
    const known = guard(box.env, ['delete', 'ns', 'scratch']);
    expect(known.stderr).toContain('  objects    ns scratch\n');
    const plugin = guard(box.env, ['foo', 'bar']);
    expect(plugin.status).toBe(1);
    expect(plugin.stderr).toContain('  arguments  foo bar\n');
    expect(plugin.stderr).not.toContain('objects');
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

  it('takes the display name the prompt shows (an EKS ARN’s cluster name), or the full name', () => {
    const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/payments-prod';
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig(arn, [{ name: arn, cluster: arn, server: 'https://eu.eks' }, DEV]));
    const refused = guard(box.env, ['delete', 'ns', 'x']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`cluster    ${arn}  [DANGER]`);
    expect(refused.stderr).toContain('KCTX_GUARD_CONFIRM="payments-prod"');
    expect(guard({ ...box.env, KCTX_GUARD_CONFIRM: 'payments-prod' }, ['delete', 'ns', 'x']).status).toBe(0);
    expect(guard({ ...box.env, KCTX_GUARD_CONFIRM: arn }, ['delete', 'ns', 'x']).status).toBe(0);
    expect(guard({ ...box.env, KCTX_GUARD_CONFIRM: 'payments' }, ['delete', 'ns', 'x']).status).toBe(1);
  });

  it('asks for the full name when a cluster in ~/.kube/config shares the short name of the KUBECONFIG one', () => {
    const eu = 'arn:aws:eks:eu-west-1:123456789012:cluster/payments-prod';
    const us = 'arn:aws:eks:us-east-1:123456789012:cluster/payments-prod';
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig(us, [{ name: us, cluster: us, server: 'https://us.eks' }]));
    const file = box.write('deploy/eu.yaml', kubeconfig(eu, [{ name: eu, cluster: eu, server: 'https://eu.eks' }]));
    const env = { ...box.env, KUBECONFIG: file };
    const refused = guard({ ...env, KCTX_GUARD_CONFIRM: 'payments-prod' }, ['delete', 'ns', 'x']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`KCTX_GUARD_CONFIRM=${JSON.stringify(eu)}`);
    expect(refused.stderr).toContain(`the short name "payments-prod" also names cluster ${us} (us.eks)`);
    expect(guard({ ...env, KCTX_GUARD_CONFIRM: eu }, ['delete', 'ns', 'x']).status).toBe(0);
    // Without the other file in sight, the short name is enough again.
    box.write('home/.kube/config', kubeconfig(eu, [{ name: eu, cluster: eu, server: 'https://eu.eks' }]));
    expect(guard({ ...env, KCTX_GUARD_CONFIRM: 'payments-prod' }, ['delete', 'ns', 'x']).status).toBe(0);
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

  it('reads -f files and folders: a Namespace named prod among them is deleting namespace prod', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('dev', [DEV]));
    box.write(
      'work/app/all.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: prod}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n',
    );
    box.write('work/app/list.json', '{"kind":"List","items":[{"kind":"Namespace","metadata":{"name":"kube-public"}}]}');
    box.write('work/other/ns.yaml', 'kind: Namespace\nmetadata: {name: scratch}\n');
    const cwd = join(box.root, 'work');
    const byFile = guard(box.env, ['delete', '-f', 'app/all.yaml'], 'kubectl', cwd);
    expect(byFile.status).toBe(1);
    expect(byFile.stderr).toContain('protected namespace "prod"');
    const byFolder = guard(box.env, ['delete', '-f', 'app'], 'kubectl', cwd);
    expect(byFolder.stderr).toContain('protected namespace "prod"');
    expect(byFolder.stderr).toContain('protected namespace "kube-public"');
    expect(guard(box.env, ['delete', '-f', 'other'], 'kubectl', cwd).status).toBe(0);
    expect(guard(box.env, ['apply', '-f', 'app'], 'kubectl', cwd).status).toBe(0);
  });

  it('-f - and -k on a danger cluster ask without reading stdin', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('prod-admin', [PROD]));
    const result = guard(box.env, ['apply', '-f', '-']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('it reads objects from stdin (-f -), which kctx-guard cannot see');
    expect(guard(box.env, ['delete', '-k', 'overlays/prod']).stderr).toContain(
      'it reads objects from -k overlays/prod',
    );
  });

  it("helm's HELM_KUBECONTEXT and HELM_NAMESPACE move its target", () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('dev', [DEV, PROD]));
    const env = { ...box.env, HELM_KUBECONTEXT: 'prod-admin', HELM_NAMESPACE: 'web-team' };
    const result = guard(env, ['uninstall', 'web'], 'helm');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cluster\s+gke_acme_prod-eu\s+\[DANGER\]/);
    expect(result.stderr).toMatch(/namespace\s+web-team/);
    expect(result.stderr).toMatch(/from env\s+HELM_KUBECONTEXT HELM_NAMESPACE/);
    expect(guard(box.env, ['uninstall', 'web'], 'helm').status).toBe(0);
  });

  it('a password in a URL, a literal or a --set value reaches neither the screen nor the log', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('prod-admin', [PROD]));
    box.write('secret.env', 'DB_PASSWORD=ENV-FILE-SECRET\n');
    const argvs: [string, string[]][] = [
      ['kubectl', ['-s', 'https://admin:URL-SECRET@10.0.0.1:6443', 'delete', 'ns', 'x']],
      [
        'kubectl',
        [
          'create',
          'secret',
          'generic',
          's',
          '--from-literal=pw=LITERAL-SECRET',
          `--from-env-file=${join(box.root, 'secret.env')}`,
        ],
      ],
      ['kubectl', ['set', 'env', 'deploy/x', 'DB_PASSWORD=ENV-SECRET']],
      ['helm', ['upgrade', 'web', 'c', '--set', 'db.password=SET-SECRET']],
    ];
    for (const [tool, argv] of argvs) {
      const result = guard(box.env, argv, tool);
      expect(result.status).toBe(1);
      expect(result.stderr).not.toContain('-SECRET');
    }
    const log = readFileSync(join(box.env['XDG_STATE_HOME']!, 'kctx-guard', 'guard.log'), 'utf8');
    expect(log.split('\n').filter(Boolean)).toHaveLength(4);
    expect(log).not.toContain('-SECRET');
    expect(log).toContain('https://admin:***@10.0.0.1:6443');
  });
});
