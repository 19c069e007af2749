/** `kctx-guard status` as a user runs it: real process, real files, daemon stopped. */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubeconfig, makeSandbox, runCli } from '../helpers/cli.js';

const PROD = { name: 'prod-admin', cluster: 'gke_acme_prod-eu', namespace: 'payments', server: 'https://10.0.0.1' };
const DEV = { name: 'dev', cluster: 'dev-cluster', server: 'https://dev.example.com' };

describe('kctx-guard status', () => {
  it('reports the default kubeconfig target as JSON with the stable field names, computed directly', () => {
    const box = makeSandbox();
    const file = box.write('home/.kube/config', kubeconfig('prod-admin', [DEV, PROD]));
    const result = runCli(['status', '--json'], box.env);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      context: 'prod-admin',
      cluster: 'gke_acme_prod-eu',
      namespace: 'payments',
      user: 'u',
      server: 'https://10.0.0.1',
      level: 'danger',
      kubeconfig: [file],
      source: file,
      error: null,
      daemon: { running: false },
      cacheDir: box.env['KCTX_GUARD_DIR'],
    });
    expect(report.rule).toMatch(/production/);
    expect(result.stdout).not.toContain('SECRET-TOKEN');
  });

  it('keeps the full names and adds the display names the prompt shows', () => {
    const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/payments-prod';
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('jane', [{ name: 'jane', cluster: arn, server: 'https://eu.eks' }]));
    const report = JSON.parse(runCli(['status', '--json'], box.env).stdout);
    expect(report).toMatchObject({
      context: 'jane',
      cluster: arn,
      display: { context: 'jane', cluster: 'payments-prod' },
    });
  });

  it("honours the caller's KUBECONFIG and reports the namespace default", () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('prod-admin', [PROD]));
    const other = box.write('other.yaml', kubeconfig('dev', [DEV]));
    const result = runCli(['status', '--json'], { ...box.env, KUBECONFIG: other });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      context: 'dev',
      namespace: 'default',
      level: 'unclassified',
      kubeconfig: [other],
    });
  });

  it('prints a readable report with every field and says the daemon is not running', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('prod-admin', [PROD]));
    const result = runCli(['status'], box.env);
    expect(result.status).toBe(0);
    for (const text of [
      'DANGER',
      'prod-admin',
      'gke_acme_prod-eu',
      'payments',
      'https://10.0.0.1',
      'not running',
      'computed directly',
    ]) {
      expect(result.stdout).toContain(text);
    }
    expect(result.stdout).not.toContain('\u001b');
  });

  it('exits 1 with the reason on stderr when current-context names a missing context', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('gone', [DEV]));
    const result = runCli(['status', '--json'], box.env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('current-context "gone" names a context that no file defines');
    expect(JSON.parse(result.stdout)).toMatchObject({ level: 'error', context: 'gone', errorCode: 'missing-context' });
  });

  it('exits 1 when no kubeconfig exists at all', () => {
    const box = makeSandbox();
    const result = runCli(['status'], box.env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('current-context is not set');
  });

  it('reports a broken config.yaml with file and line, and keeps the default rules', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('prod-admin', [PROD]));
    const config = box.write(
      'config/kctx-guard/config.yaml',
      'rules:\n  - context: "*"\n    level: safe\n  - context: x\n    level: dangr\n',
    );
    const result = runCli(['status', '--json'], box.env);
    const report = JSON.parse(result.stdout);
    expect(report.level).toBe('danger');
    // The line of the offending `level:` key.
    expect(report.configProblems).toEqual([
      { file: config, line: 5, message: expect.stringContaining('level "dangr"') },
    ]);
    expect(runCli(['status'], box.env).stdout).toContain(`${config}:5`);
  });

  it('reports a cache folder that other users can write', () => {
    const box = makeSandbox();
    box.write('home/.kube/config', kubeconfig('dev', [DEV]));
    const dir = box.env['KCTX_GUARD_DIR']!;
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const report = JSON.parse(runCli(['status', '--json'], box.env).stdout);
    expect(report.cacheDirProblem).toContain('writable by other users');
    expect(report.context).toBe('dev');
  });

  it('uses relative KUBECONFIG entries from the working directory, as kubectl does', () => {
    const box = makeSandbox();
    box.write('work/k.yaml', kubeconfig('dev', [DEV]));
    const result = runCli(['status', '--json'], { ...box.env, KUBECONFIG: 'k.yaml' }, join(box.root, 'work'));
    expect(JSON.parse(result.stdout)).toMatchObject({ context: 'dev', kubeconfig: [join(box.root, 'work', 'k.yaml')] });
  });
});

describe('kctx-guard status in the error state names the problem and the fix', () => {
  const cases: [string, (box: ReturnType<typeof makeSandbox>) => void, RegExp, RegExp][] = [
    ['no kubeconfig at all', () => {}, /current-context is not set/, /fix: create .*\.kube\/config/],
    [
      'current-context names a missing context',
      (box) => box.write('home/.kube/config', kubeconfig('gone', [DEV])),
      /"gone" names a context/,
      /fix: kubectl config use-context dev/,
    ],
    [
      'a context names a missing cluster',
      (box) => box.write('home/.kube/config', 'current-context: c\ncontexts: [{name: c, context: {cluster: k}}]\n'),
      /names cluster "k"/,
      /fix: define the cluster .*--cluster=NAME/,
    ],
    [
      'a context names a missing user',
      (box) => box.write('home/.kube/config', 'current-context: c\ncontexts: [{name: c, context: {user: u}}]\n'),
      /names user "u"/,
      /fix: define the user .*--user=NAME/,
    ],
    [
      'unparsable YAML',
      (box) => box.write('home/.kube/config', 'foo: [\n'),
      /not valid YAML/,
      /fix: repair '.*config' \(kubectl config view --kubeconfig/,
    ],
    [
      'a name defined twice in one file',
      (box) =>
        box.write(
          'home/.kube/config',
          'current-context: c\ncontexts: [{name: c, context: {}}, {name: c, context: {}}]\n',
        ),
      /defined twice/,
      /fix: repair /,
    ],
    [
      'a directory named in KUBECONFIG',
      (box) => mkdirSync(join(box.root, 'adir')),
      /is a directory/,
      /fix: remove or replace '.*adir', or leave it out of KUBECONFIG/,
    ],
  ];

  it.each(cases)('%s', (name, setup, problem, fix) => {
    const box = makeSandbox();
    setup(box);
    const env = name.includes('directory') ? { ...box.env, KUBECONFIG: join(box.root, 'adir') } : box.env;
    const result = runCli(['status'], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(problem);
    expect(result.stderr).toMatch(fix);
    expect(JSON.parse(runCli(['status', '--json'], env).stdout).fix).toMatch(
      fix.source.startsWith('fix: ') ? new RegExp(fix.source.slice(5)) : fix,
    );
  });
});
