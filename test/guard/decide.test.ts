/** When the guard asks for the cluster name, and what it says. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type Tool } from '../../src/guard/argv.js';
import { defaultGuardConfig, parseGuardConfig } from '../../src/guard/config.js';
import { decide, type Shown } from '../../src/guard/decide.js';
import { maskArgv } from '../../src/guard/audit.js';
import { classify, defaultRules } from '../../src/rules/index.js';
import { KubeconfigError, type Resolution } from '../../src/kubeconfig/index.js';

function resolved(
  context: string,
  cluster: string,
  namespace = 'default',
  server = `https://${cluster}.example.com`,
): Resolution {
  return { ok: true, files: ['/k'], target: { context, cluster, namespace, user: 'u', server, source: '/k' } };
}

function run(tool: Tool, argv: string[], resolution: Resolution, shown?: Shown, config = defaultGuardConfig()) {
  const line = parseCommandLine(tool, argv);
  const classification = resolution.ok ? classify(resolution.target, defaultRules()) : undefined;
  return decide({
    line,
    destructive: config.destructive,
    protectedNamespaces: config.protectedNamespaces,
    resolution,
    classification,
    shown,
  });
}

const PROD = resolved('admin@prod-eu', 'prod-eu', 'payments');
const DEV = resolved('dev', 'dev-cluster');
const SHOWN_PROD: Shown = { context: 'admin@prod-eu', cluster: 'prod-eu', namespace: 'payments' };
const SHOWN_DEV: Shown = { context: 'dev', cluster: 'dev-cluster', namespace: 'default' };

describe('destructive operations on a danger cluster ask for its name', () => {
  it.each<[Tool, string[]]>([
    ['kubectl', ['delete', 'pod', 'p1']],
    ['kubectl', ['drain', 'node-1']],
    ['kubectl', ['replace', '--force', '-f', 'x.yaml']],
    ['kubectl', ['apply', '--prune', '-f', 'dir/', '-l', 'a=b']],
    ['kubectl', ['scale', 'deploy/web', '--replicas=0']],
    ['kubectl', ['config', 'delete-context', 'x']],
    ['helm', ['uninstall', 'web']],
    ['helm', ['delete', 'web']],
    ['helm', ['rollback', 'web', '2']],
  ])('%s %j', (tool, argv) => {
    const decision = run(tool, argv, PROD, SHOWN_PROD);
    expect(decision.action).toBe('confirm');
    expect(decision.answer).toBe('prod-eu');
    expect(decision.reasons.join('\n')).toContain('danger-level cluster');
  });

  it.each<[Tool, string[]]>([
    ['kubectl', ['get', 'pods']],
    ['kubectl', ['replace', '-f', 'x.yaml']],
    ['kubectl', ['apply', '-f', 'x.yaml']],
    ['kubectl', ['scale', 'deploy/web', '--replicas=3']],
    ['kubectl', ['logs', 'p1']],
    ['helm', ['upgrade', 'web', 'chart']],
    ['helm', ['list']],
  ])('not for %s %j when the prompt showed this target', (tool, argv) => {
    expect(run(tool, argv, PROD, SHOWN_PROD).action).toBe('run');
  });

  it('not on a cluster that is not danger-level', () => {
    expect(run('kubectl', ['delete', 'pod', 'p1'], DEV, SHOWN_DEV).action).toBe('run');
  });
});

describe('a target other than the one the prompt showed', () => {
  it('asks for every mutating command, naming both', () => {
    const decision = run('kubectl', ['apply', '-f', 'x.yaml'], PROD, SHOWN_DEV);
    expect(decision.action).toBe('confirm');
    expect(decision.reasons).toContain(
      'your prompt showed dev-cluster/dev:default; this runs against prod-eu/admin@prod-eu:payments',
    );
  });

  it('asks when -n points elsewhere, even on a safe cluster', () => {
    const decision = run('kubectl', ['delete', 'pod', 'p1', '-n', 'other'], DEV, SHOWN_DEV);
    expect(decision.action).toBe('confirm');
    expect(decision.reasons[0]).toContain('dev-cluster/dev:other');
  });

  it('does not ask for read-only commands', () => {
    expect(run('kubectl', ['get', 'pods', '-n', 'other'], DEV, SHOWN_DEV).action).toBe('run');
  });

  it('compares the names as the prompt showed them (sanitized)', () => {
    const weird = resolved('a\u001b[2Jb', 'c');
    expect(
      run('kubectl', ['apply', '-f', 'x'], weird, { context: 'a^[[2Jb', cluster: 'c', namespace: 'default' }).action,
    ).toBe('run');
  });
});

describe('protected namespaces', () => {
  it.each(['kube-system', 'kube-public', 'prod', 'production'])('deleting %s asks on any level', (name) => {
    const decision = run('kubectl', ['delete', 'namespace', name], DEV, SHOWN_DEV);
    expect(decision.action).toBe('confirm');
    expect(decision.reasons.join('\n')).toContain(`protected namespace "${name}"`);
  });

  it('deleting another namespace on a safe cluster runs', () => {
    expect(run('kubectl', ['delete', 'ns', 'scratch'], DEV, SHOWN_DEV).action).toBe('run');
  });

  it('config.yaml replaces the lists', () => {
    const config = parseGuardConfig(
      'guard:\n  protected-namespaces: ["team-*"]\n  destructive: ["kubectl delete", "kubectl rollout restart"]\n',
      'c.yaml',
    );
    expect(config.problems).toEqual([]);
    expect(run('kubectl', ['delete', 'ns', 'prod'], DEV, SHOWN_DEV, config).action).toBe('run');
    expect(run('kubectl', ['delete', 'ns', 'team-a'], DEV, SHOWN_DEV, config).action).toBe('confirm');
    expect(run('kubectl', ['rollout', 'restart', 'deploy/x'], PROD, SHOWN_PROD, config).action).toBe('confirm');
    expect(run('helm', ['uninstall', 'web'], PROD, SHOWN_PROD, config).action).toBe('run');
  });

  it('a broken guard section keeps the defaults and says why', () => {
    const config = parseGuardConfig('guard:\n  destructive: ["rm -rf"]\n  colour: red\n', 'c.yaml');
    expect(config.problems.join('\n')).toContain('"rm -rf" must start with kubectl or helm');
    expect(config.problems.join('\n')).toContain('unknown key guard.colour');
    expect(run('kubectl', ['delete', 'ns', 'prod'], DEV, SHOWN_DEV, config).action).toBe('confirm');
  });
});

describe('targets kctx-guard cannot see', () => {
  it('a destructive command with --server asks, answer the host', () => {
    const decision = run('kubectl', ['-s', 'https://user:pw@10.0.0.1:6443', 'delete', 'ns', 'x'], DEV, SHOWN_DEV);
    expect(decision.action).toBe('confirm');
    expect(decision.reasons.join('\n')).toContain('names a server directly');
  });

  it('a destructive command when the kubeconfig cannot be resolved asks', () => {
    const broken: Resolution = {
      ok: false,
      files: [],
      context: 'gone',
      error: new KubeconfigError('missing-context', 'current-context "gone" names a context that no file defines'),
    };
    const decision = run('kubectl', ['delete', 'pod', 'p'], broken, undefined);
    expect(decision.action).toBe('confirm');
    expect(decision.answer).toBe('gone');
  });
});

describe('audit masking', () => {
  it.each<[string[], string[]]>([
    [
      ['--token', 'abc', 'delete', 'ns', 'x'],
      ['--token', '***', 'delete', 'ns', 'x'],
    ],
    [
      ['--token=abc', 'get', 'pods'],
      ['--token=***', 'get', 'pods'],
    ],
    [
      ['--password', 'p', '--username', 'u'],
      ['--password', '***', '--username', 'u'],
    ],
    [
      ['--kube-token=t', 'uninstall', 'web'],
      ['--kube-token=***', 'uninstall', 'web'],
    ],
    [
      ['delete', 'secret', 'db-password'],
      ['delete', 'secret', 'db-password'],
    ],
  ])('%j', (argv, masked) => {
    expect(maskArgv(argv)).toEqual(masked);
  });
});
