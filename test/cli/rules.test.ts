/** `kctx-guard rules` and `rules test` as a user runs them: real kubeconfig files, real config.yaml, every error path. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kubeconfig, makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/daemon.js';

beforeAll(ensureBuilt);

const PROD = {
  name: 'prod-admin',
  cluster: 'gke_acme_prod-eu',
  namespace: 'payments',
  server: 'https://ops:hunter2@10.0.0.1',
};
const DEV = { name: 'dev', cluster: 'dev-cluster', server: 'https://dev.example.com' };
const KIND = { name: 'kind-demo', cluster: 'kind-demo', server: 'https://127.0.0.1:6443' };
const SHADOW = { name: 'dev', cluster: 'shadow-prod', server: 'https://shadow.example.com' };

function twoFiles(box: Sandbox): { first: string; second: string; env: Record<string, string> } {
  const first = box.write('a.yaml', kubeconfig('', [PROD, DEV]));
  const second = box.write('b.yaml', kubeconfig('dev', [SHADOW, KIND]));
  return { first, second, env: { ...box.env, KUBECONFIG: `${first}:${box.root}/missing.yaml:${second}` } };
}

describe('kctx-guard rules', () => {
  it('lists every context of the merged KUBECONFIG, first definition winning, with level, rule and the current one marked', () => {
    const box = makeSandbox();
    const { first, second, env } = twoFiles(box);
    const result = runCli(['rules', '--json'], env);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.currentContext).toBe('dev');
    expect(report.configProblems).toEqual([]);
    expect(report.contexts).toEqual([
      expect.objectContaining({
        context: 'prod-admin',
        cluster: 'gke_acme_prod-eu',
        server: 'https://***@10.0.0.1',
        level: 'danger',
        rule: 'default: production names (context)',
        current: false,
        source: first,
      }),
      expect.objectContaining({
        context: 'dev',
        cluster: 'dev-cluster',
        level: 'unclassified',
        rule: 'no rule matched',
        current: true,
        source: first,
      }),
      expect.objectContaining({
        context: 'kind-demo',
        level: 'safe',
        rule: 'default: local clusters (context)',
        source: second,
      }),
    ]);
    expect(result.stdout).not.toContain('hunter2');
    expect(result.stdout).not.toContain('SECRET-TOKEN');
  });

  it('prints an aligned table with the current context starred', () => {
    const box = makeSandbox();
    const result = runCli(['rules'], twoFiles(box).env);
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^\s+CONTEXT\s+CLUSTER\s+SERVER\s+LEVEL\s+RULE$/);
    expect(lines.find((line) => line.includes('prod-admin'))).toMatch(
      /^ {3}prod-admin\s+gke_acme_prod-eu\s+https:\/\/\*\*\*@10\.0\.0\.1\s+danger\s+default: production names \(context\)$/,
    );
    expect(lines.find((line) => line.includes('dev-cluster'))).toMatch(
      /^\*\s+dev\s+dev-cluster\s+.*unclassified\s+no rule matched$/,
    );
    expect(result.stdout).not.toContain('\u001b');
  });

  it('uses the rules of config.yaml and names their line', () => {
    const box = makeSandbox();
    box.write('config/kctx-guard/config.yaml', 'rules:\n  - context: "dev"\n    level: warn\n');
    const report = JSON.parse(runCli(['rules', '--json'], twoFiles(box).env).stdout);
    expect(report.contexts[1]).toMatchObject({
      context: 'dev',
      level: 'warn',
      rule: expect.stringMatching(/config\.yaml:2 \(rule 1\)$/),
    });
  });

  it('says the defaults are in force when config.yaml is broken, and still exits 0', () => {
    const box = makeSandbox();
    const file = box.write('config/kctx-guard/config.yaml', 'rules:\n  - context: "dev"\n    level: dangr\n');
    const result = runCli(['rules'], twoFiles(box).env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('config.yaml is broken, so the built-in defaults are in force');
    expect(result.stdout).toContain(`${file}:3: rule 1: level "dangr" is not one of danger, warn, safe, unclassified`);
    expect(result.stdout).toMatch(/dev\s+dev-cluster\s+\S+\s+unclassified/);
  });

  it('treats an unreadable config.yaml (a directory) as broken, with the reason', () => {
    const box = makeSandbox();
    mkdirSync(join(box.root, 'config', 'kctx-guard', 'config.yaml'), { recursive: true });
    const report = JSON.parse(runCli(['rules', '--json'], twoFiles(box).env).stdout);
    expect(report.configProblems).toEqual([expect.stringContaining('config.yaml: cannot read: is a directory')]);
    expect(report.contexts).toHaveLength(3);
  });

  it('exits 1 naming a broken kubeconfig file and the fix, and still lists the readable files', () => {
    const box = makeSandbox();
    const good = box.write('a.yaml', kubeconfig('dev', [DEV]));
    const bad = box.write('b.yaml', 'apiVersion: v1\nkind: Config\ncontexts: 7\n');
    const result = runCli(['rules'], { ...box.env, KUBECONFIG: `${good}:${bad}` });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/\*\s+dev\s+dev-cluster/);
    expect(result.stderr).toContain(`kctx-guard: ${bad}: `);
    expect(result.stderr).toContain('repair or remove it, or leave it out of KUBECONFIG');
  });

  it('exits 1 with the fix when no kubeconfig exists', () => {
    const box = makeSandbox();
    const result = runCli(['rules'], box.env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`no contexts found in ${join(box.home, '.kube', 'config')}`);
    expect(result.stderr).toContain('kubectl config set-context NAME --cluster=CLUSTER --user=USER');
  });

  it('rejects an unknown flag with oclif usage', () => {
    const result = runCli(['rules', '--all'], makeSandbox().env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Nonexistent flag: --all');
  });
});

describe('kctx-guard rules test', () => {
  it('names the deciding rule and the pattern that matched', () => {
    const result = runCli(
      ['rules', 'test', '--context', 'shop', '--cluster', 'preprod-1', '--server', 'https://prod.example.com'],
      makeSandbox().env,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/level\s+danger/);
    expect(result.stdout).toMatch(/rule\s+default: production names \(server\)/);
    expect(result.stdout).toMatch(/server\s+"https:\/\/prod\.example\.com" matches \/\(\^\|/);
    expect(result.stdout).toMatch(/before it\s+2 earlier rule\(s\) did not match/);
  });

  it('explains a config.yaml rule with several fields as JSON; fields not given are empty strings', () => {
    const box = makeSandbox();
    box.write(
      'config/kctx-guard/config.yaml',
      'rules:\n  - context: "dev-*"\n    namespace: "kube-system"\n    level: warn\n    symbol: "⚠"\n',
    );
    const result = runCli(['rules', 'test', '--context', 'dev-1', '--namespace', 'kube-system', '--json'], box.env);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      target: { context: 'dev-1', cluster: '', server: '', namespace: 'kube-system', user: '' },
      level: 'warn',
      rule: expect.stringMatching(/config\.yaml:2 \(rule 1\)$/),
      symbol: '⚠',
      matched: [
        { field: 'context', pattern: 'dev-*', value: 'dev-1' },
        { field: 'namespace', pattern: 'kube-system', value: 'kube-system' },
      ],
      skipped: 0,
      configProblems: [],
    });
  });

  it('says when no rule matched and where to add one', () => {
    const result = runCli(['rules', 'test', '--context', 'shop'], makeSandbox().env);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/level\s+unclassified/);
    expect(result.stdout).toContain('none of the 9 rules matched; add one to');
    expect(result.stdout).toContain('kctx-guard config init');
  });

  it('decides with the defaults when config.yaml is broken, and says so', () => {
    const box = makeSandbox();
    box.write('config/kctx-guard/config.yaml', 'rules: [\n');
    const result = runCli(['rules', 'test', '--context', 'prod', '--json'], box.env);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ level: 'danger', rule: 'default: production names (context)' });
    expect(report.configProblems[0]).toContain('not valid YAML');
    expect(runCli(['rules', 'test', '--context', 'prod'], box.env).stdout).toContain(
      'config.yaml is broken, so the built-in defaults decided',
    );
  });

  it('exits 1 with an example when no field is given, and 2 for usage errors', () => {
    const box = makeSandbox();
    const none = runCli(['rules', 'test'], box.env);
    expect(none.status).toBe(1);
    expect(none.stderr).toBe(
      'kctx-guard: nothing to test: give at least one of --context, --cluster, --server, --namespace, --user (for example: kctx-guard rules test --context prod-eu)\n',
    );
    const missingValue = runCli(['rules', 'test', '--context'], box.env);
    expect(missingValue.status).toBe(2);
    expect(missingValue.stderr).toContain('--context');
    const unknown = runCli(['rules', 'test', '--kube-context', 'x'], box.env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Nonexistent flag: --kube-context');
  });
});
