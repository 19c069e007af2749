/** When the guard asks for the cluster name, and what it says. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type Tool } from '../../src/guard/argv.js';
import { defaultGuardConfig, parseGuardConfig } from '../../src/guard/config.js';
import { decide, type Shown } from '../../src/guard/decide.js';
import { maskArgv, maskUrl } from '../../src/guard/secrets.js';
import { classify, defaultRules, parseRuleConfig } from '../../src/rules/index.js';
import type { KnownCluster } from '../../src/guard/answer.js';
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
const BROKEN: Resolution = {
  ok: false,
  files: [],
  context: 'gone',
  error: new KubeconfigError('missing-context', 'current-context "gone" names a context that no file defines'),
};

/** One target per level, each with the prompt showing exactly it. */
const LEVELS: [string, Resolution, Shown | undefined][] = [
  ['danger', PROD, SHOWN_PROD],
  ['warn', resolved('stage', 'stage-eu'), { context: 'stage', cluster: 'stage-eu', namespace: 'default' }],
  ['safe', resolved('kind-dev', 'kind-dev'), { context: 'kind-dev', cluster: 'kind-dev', namespace: 'default' }],
  ['unclassified', DEV, SHOWN_DEV],
  ['unknown', BROKEN, undefined],
];

/** The policy table of docs/rules.md: per command, what happens on danger, warn, safe, unclassified, unknown. */
const POLICY: [string, Tool, string[], string][] = [
  ['read-only', 'kubectl', ['get', 'pods'], 'run run run run run'],
  ['read-only', 'kubectl', ['logs', '-p', 'pod-1'], 'run run run run run'],
  ['read-only', 'helm', ['list', '-A'], 'run run run run run'],
  ['read-only', 'kubectl', ['config', 'current-context'], 'run run run run run'],
  ['help', 'kubectl', ['delete', 'ns', 'prod', '--help'], 'run run run run run'],
  ['help', 'helm', ['uninstall', '-h'], 'run run run run run'],
  ['kubectl config edits the local file', 'kubectl', ['config', 'use-context', 'x'], 'run run run run run'],
  ['helm repositories are off the cluster', 'helm', ['repo', 'add', 'r', 'https://c.example'], 'run run run run run'],
  ['a plugin or a newer subcommand', 'kubectl', ['foo', 'bar'], 'ask run run run ask'],
  ['a plugin with flags of its own', 'kubectl', ['foo', '--bar', 'baz'], 'ask run run run ask'],
  ['a helm plugin', 'helm', ['diff', 'upgrade', 'web', './chart'], 'ask run run run ask'],
  ['a flag it does not know in front of a plugin', 'kubectl', ['--brand-new', 'foo'], 'ask ask run run ask'],
  ['reads every pod log of a cluster', 'kubectl', ['cluster-info', 'dump'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['apply', '-f', 'x.yaml'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['scale', 'deploy/web', '--replicas=3'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['replace', '-f', 'x.yaml'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['label', 'pod', 'p', 'a=b'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['set', 'image', 'deploy/x', 'c=i:2'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['rollout', 'undo', 'deploy/x'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['exec', '-it', 'pod-1', '--', 'sh'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['cp', 'pod-1:/etc/passwd', '.'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['attach', 'pod-1'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['debug', 'node/n1', '-it', '--image=busybox'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['port-forward', 'svc/db', '5432'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['proxy'], 'ask run run run ask'],
  ['mutating', 'kubectl', ['certificate', 'approve', 'csr-1'], 'ask run run run ask'],
  ['mutating', 'helm', ['upgrade', 'web', 'chart'], 'ask run run run ask'],
  ['mutating', 'helm', ['install', 'web', 'chart'], 'ask run run run ask'],
  ['mutating', 'helm', ['test', 'web'], 'ask run run run ask'],
  ['destructive', 'kubectl', ['delete', 'pod', 'p1'], 'ask ask run run ask'],
  ['destructive', 'kubectl', ['drain', 'node-1'], 'ask ask run run ask'],
  ['destructive', 'kubectl', ['replace', '--force', '-f', 'x.yaml'], 'ask ask run run ask'],
  ['destructive', 'kubectl', ['apply', '--prune', '-f', 'dir/', '-l', 'a=b'], 'ask ask run run ask'],
  ['destructive', 'kubectl', ['config', 'delete-context', 'x'], 'ask ask run run ask'],
  ['destructive', 'helm', ['uninstall', 'web'], 'ask ask run run ask'],
  ['destructive', 'helm', ['delete', 'web'], 'ask ask run run ask'],
  ['destructive', 'helm', ['del', 'web'], 'ask ask run run ask'],
  ['destructive', 'helm', ['un', 'web'], 'ask ask run run ask'],
  ['destructive', 'helm', ['rollback', 'web', '2'], 'ask ask run run ask'],
  [
    'destructive after a global flag with a value',
    'kubectl',
    ['--log-flush-frequency', '5s', 'delete', 'pod', 'p'],
    'ask ask run run ask',
  ],
  ...['0', '00', '0x0', '-0', '+0', '0_0', '0b0', '0o0'].map((n): [string, Tool, string[], string] => [
    `scale to zero (${n})`,
    'kubectl',
    ['scale', 'deploy/x', `--replicas=${n}`],
    'ask ask run run ask',
  ]),
  ['scale to zero, value apart', 'kubectl', ['scale', 'deploy/x', '--replicas', '00'], 'ask ask run run ask'],
  ['dry run', 'kubectl', ['delete', 'pod', 'p', '--dry-run'], 'run run run run run'],
  ['dry run', 'kubectl', ['delete', 'pod', 'p', '--dry-run=client'], 'run run run run run'],
  ['dry run', 'kubectl', ['delete', 'pod', 'p', '--dry-run=server'], 'run run run run run'],
  ['dry run', 'kubectl', ['delete', 'pod', 'p', '--dry-run=true'], 'run run run run run'],
  ['dry run', 'kubectl', ['apply', '-f', 'x.yaml', '--dry-run=server'], 'run run run run run'],
  ['dry run', 'kubectl', ['delete', 'ns', 'prod', '--dry-run=client'], 'run run run run run'],
  ['dry run', 'helm', ['uninstall', 'web', '--dry-run'], 'run run run run run'],
  ['dry run', 'helm', ['install', 'web', 'chart', '--dry-run=server'], 'run run run run run'],
  ['a real run', 'kubectl', ['delete', 'pod', 'p', '--dry-run=none'], 'ask ask run run ask'],
  ['a real run', 'kubectl', ['delete', 'pod', 'p', '--dry-run=false'], 'ask ask run run ask'],
  ['a real run', 'helm', ['install', 'web', 'chart', '--dry-run=none'], 'ask run run run ask'],
  ['protected namespace', 'kubectl', ['delete', 'namespace', 'prod'], 'ask ask ask ask ask'],
  ['protected namespace', 'kubectl', ['delete', 'Namespace', 'prod'], 'ask ask ask ask ask'],
  ['protected namespace', 'kubectl', ['delete', 'Namespaces/prod'], 'ask ask ask ask ask'],
  ['protected namespace', 'kubectl', ['delete', '--', 'ns', 'prod'], 'ask ask ask ask ask'],
  ['every namespace', 'kubectl', ['delete', 'ns', '--all'], 'ask ask ask ask ask'],
  ['namespaces by label', 'kubectl', ['delete', 'ns', '-l', 'team=a'], 'ask ask ask ask ask'],
  [
    'namespaces by field',
    'kubectl',
    ['delete', 'ns', '--field-selector', 'status.phase=Active'],
    'ask ask ask ask ask',
  ],
  ['another namespace', 'kubectl', ['delete', 'ns', 'scratch'], 'ask ask run run ask'],
  ['a flag the table does not know', 'kubectl', ['--brand-new', 'delete', 'ns', 'x'], 'ask ask run run ask'],
];

describe('the policy table (docs/rules.md): danger, warn, safe, unclassified, unknown', () => {
  it.each(POLICY)('%s: %s %j → %s', (_, tool, argv, expected) => {
    const got = LEVELS.map(([, resolution, shown]) =>
      run(tool, argv, resolution, shown).action === 'confirm' ? 'ask' : 'run',
    );
    expect(got.join(' ')).toBe(expected);
  });

  it('asks for the cluster name, and names the level and the rule', () => {
    const decision = run('kubectl', ['delete', 'pod', 'p1'], PROD, SHOWN_PROD);
    expect(decision.answer).toBe('prod-eu');
    expect(decision.reasons).toEqual([
      'destructive operation (kubectl delete) on a danger-level cluster (default: production names (context))',
    ]);
    expect(run('kubectl', ['exec', 'p', '--', 'sh'], PROD, SHOWN_PROD).reasons[0]).toContain(
      'kubectl exec on a danger-level cluster',
    );
  });
});

describe('a target other than the one the prompt showed', () => {
  const STAGE = resolved('stage', 'stage-eu');
  const SHOWN_STAGE: Shown = { context: 'stage', cluster: 'stage-eu', namespace: 'default' };

  it('asks for a mutating command when the user did not name the target, naming both', () => {
    const decision = run('kubectl', ['apply', '-f', 'x.yaml'], STAGE, SHOWN_DEV);
    expect(decision.action).toBe('confirm');
    expect(decision.reasons).toEqual([
      'your prompt showed dev-cluster/dev:default; this runs against stage-eu/stage:default',
    ]);
  });

  it('does not ask when the command line names it (--context, --kubeconfig, -n)', () => {
    expect(run('kubectl', ['apply', '-f', 'x', '--context', 'stage'], STAGE, SHOWN_DEV).action).toBe('run');
    expect(run('kubectl', ['apply', '-f', 'x', '--kubeconfig', '/k'], STAGE, SHOWN_DEV).action).toBe('run');
    expect(run('kubectl', ['apply', '-f', 'x', '-n', 'other'], STAGE, SHOWN_STAGE).action).toBe('run');
    expect(run('helm', ['upgrade', 'web', 'c', '--kube-context', 'stage'], STAGE, SHOWN_DEV).action).toBe('run');
  });

  it('a namespace named does not excuse a context that moved', () => {
    expect(run('kubectl', ['apply', '-f', 'x', '-n', 'other'], STAGE, SHOWN_DEV).action).toBe('confirm');
  });

  it('asks when helm’s environment moved it, and says which variable', () => {
    const line = parseCommandLine('helm', ['upgrade', 'web', 'chart'], { HELM_KUBECONTEXT: 'stage' });
    const decision = decide({
      line,
      ...defaultGuardConfig(),
      resolution: STAGE,
      classification: STAGE.ok ? classify(STAGE.target, defaultRules()) : undefined,
      shown: SHOWN_DEV,
    });
    expect(decision.action).toBe('confirm');
    expect(decision.reasons.join('\n')).toContain('(moved by HELM_KUBECONTEXT)');
  });

  it('asks on any level, since the prompt was wrong; not when the command line names the target', () => {
    expect(run('kubectl', ['delete', 'pod', 'p1'], DEV, SHOWN_PROD).action).toBe('confirm');
    expect(run('kubectl', ['delete', 'pod', 'p1', '-n', 'other'], DEV, SHOWN_DEV).action).toBe('run');
    expect(run('kubectl', ['delete', 'pod', 'p1', '--context', 'dev', '-n', 'x'], DEV, SHOWN_PROD).action).toBe('run');
  });

  it('does not ask for read-only commands', () => {
    expect(run('kubectl', ['get', 'pods'], STAGE, SHOWN_DEV).action).toBe('run');
  });

  it('compares the names as the prompt showed them (sanitized)', () => {
    const weird = resolved('a\u001b[2Jb-stage', 'c');
    expect(
      run('kubectl', ['apply', '-f', 'x'], weird, { context: 'a^[[2Jb-stage', cluster: 'c', namespace: 'default' })
        .action,
    ).toBe('run');
  });
});

describe('drift of the target context', () => {
  const DRIFT =
    'dev in ~/.kube/config now points at https://new.example.com:443 (was https://dev-cluster.example.com:443)';
  const withDrift = (argv: string[]) =>
    decide({
      line: parseCommandLine('kubectl', argv),
      ...defaultGuardConfig(),
      resolution: DEV,
      classification: DEV.ok ? classify(DEV.target, defaultRules()) : undefined,
      shown: SHOWN_DEV,
      unacknowledged: [DRIFT],
    });

  it('asks for every mutating command on any level, with what moved', () => {
    const decision = withDrift(['apply', '-f', 'x.yaml']);
    expect(decision.action).toBe('confirm');
    expect(decision.reasons).toEqual([`${DRIFT}, and that is not acknowledged yet (kctx-guard ack)`]);
    expect(withDrift(['--context', 'dev', 'scale', 'deploy/web', '--replicas=3']).action).toBe('confirm');
  });

  it('lets read-only commands and dry runs through', () => {
    expect(withDrift(['get', 'pods']).action).toBe('run');
    expect(withDrift(['apply', '-f', 'x.yaml', '--dry-run=server']).action).toBe('run');
  });
});

describe('manifests', () => {
  const withFiles = (argv: string[], resolution: Resolution, namespaces: string[], unseen: string[]) => {
    const line = parseCommandLine('kubectl', argv);
    return decide({
      line,
      ...defaultGuardConfig(),
      resolution,
      classification: resolution.ok ? classify(resolution.target, defaultRules()) : undefined,
      shown: undefined,
      manifests: { namespaces, unseen },
    });
  };

  it('a Namespace object named prod in a file deleted with -f is deleting namespace prod, on any level', () => {
    const decision = withFiles(['delete', '-f', 'ns.yaml'], DEV, ['prod'], []);
    expect(decision.action).toBe('confirm');
    expect(decision.reasons).toEqual(['it deletes the protected namespace "prod" (pattern prod)']);
    expect(withFiles(['apply', '-f', 'ns.yaml'], DEV, ['prod'], []).action).toBe('run');
  });

  it('-f - and -k on a danger cluster ask and say what kctx-guard cannot see', () => {
    const decision = withFiles(['apply', '-f', '-'], PROD, [], ['stdin (-f -)']);
    expect(decision.action).toBe('confirm');
    expect(decision.reasons).toContain('it reads objects from stdin (-f -), which kctx-guard cannot see');
    expect(withFiles(['delete', '-k', 'dir'], PROD, [], ['-k dir']).reasons).toContain(
      'it reads objects from -k dir, which kctx-guard cannot see',
    );
  });
});

describe('protected namespaces', () => {
  it.each(['kube-system', 'kube-public', 'prod', 'production'])('deleting %s asks on any level', (name) => {
    const decision = run('kubectl', ['delete', 'namespace', name], DEV, SHOWN_DEV);
    expect(decision.action).toBe('confirm');
    expect(decision.reasons.join('\n')).toContain(`protected namespace "${name}"`);
  });

  it('deleting another namespace on a dev cluster runs', () => {
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
    // Not destructive any more: on a warn cluster it runs (on danger every mutating command asks).
    expect(run('helm', ['uninstall', 'web'], resolved('stage', 'stage-eu'), undefined, config).action).toBe('run');
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

describe('secrets never reach the log or the screen', () => {
  it.each<[Tool, string[], string[]]>([
    ['kubectl', ['--token', 'abc', 'delete', 'ns', 'x'], ['--token', '***', 'delete', 'ns', 'x']],
    ['kubectl', ['--token=abc', 'get', 'pods'], ['--token=***', 'get', 'pods']],
    [
      'kubectl',
      ['--password', 'p', '--username', 'u', 'get', 'pods'],
      ['--password', '***', '--username', 'u', 'get', 'pods'],
    ],
    ['kubectl', ['--client-key', '/k/key.pem', 'delete', 'pod', 'p'], ['--client-key', '***', 'delete', 'pod', 'p']],
    ['helm', ['--kube-token=t', 'uninstall', 'web'], ['--kube-token=***', 'uninstall', 'web']],
    ['helm', ['--kube-token', 't', 'uninstall', 'web'], ['--kube-token', '***', 'uninstall', 'web']],
    ['kubectl', ['delete', 'secret', 'db-password'], ['delete', 'secret', 'db-password']],
    [
      'kubectl',
      ['-s', 'https://admin:pw@10.0.0.1:6443', 'delete', 'ns', 'x'],
      ['-s', 'https://admin:***@10.0.0.1:6443', 'delete', 'ns', 'x'],
    ],
    ['kubectl', ['--server=https://a:b@h', 'apply', '-f', 'x'], ['--server=https://a:***@h', 'apply', '-f', 'x']],
    ['kubectl', ['apply', '-f', 'https://u:p@git.example/x.yaml'], ['apply', '-f', 'https://u:***@git.example/x.yaml']],
    [
      'kubectl',
      ['create', 'secret', 'generic', 's', '--from-literal=user=admin', '--from-literal', 'pw=hunter2'],
      ['create', 'secret', 'generic', 's', '--from-literal=user=***', '--from-literal', 'pw=***'],
    ],
    [
      'kubectl',
      ['create', 'secret', 'generic', 's', '--from-env-file=/run/secrets/.env'],
      ['create', 'secret', 'generic', 's', '--from-env-file=/run/secrets/.env'],
    ],
    [
      'kubectl',
      ['create', 'secret', 'docker-registry', 'r', '--docker-password=hunter2'],
      ['create', 'secret', 'docker-registry', 'r', '--docker-password=***'],
    ],
    [
      'kubectl',
      ['set', 'env', 'deploy/api', 'DB_PASSWORD=hunter2', 'MODE=x', 'OLD-'],
      ['set', 'env', 'deploy/api', 'DB_PASSWORD=***', 'MODE=***', 'OLD-'],
    ],
    ['kubectl', ['set', 'env', 'deploy/api', '--env=API_KEY=k1'], ['set', 'env', 'deploy/api', '--env=API_KEY=***']],
    [
      'helm',
      ['upgrade', 'web', 'c', '--set', 'image.tag=2,db.password=hunter2,list={a,b}', '--set-string=auth.token=t'],
      ['upgrade', 'web', 'c', '--set', 'image.tag=2,db.password=***,list={a,b}', '--set-string=auth.token=***'],
    ],
    [
      'helm',
      ['upgrade', 'web', 'c', '--set-json', 'db={"password":"x"}', '--set-json', 'replicas=3'],
      ['upgrade', 'web', 'c', '--set-json', 'db=***', '--set-json', 'replicas=3'],
    ],
    [
      'kubectl',
      ['patch', 'deploy', 'x', '-p', '{"spec":{"replicas":2}}'],
      ['patch', 'deploy', 'x', '-p', '{"spec":{"replicas":2}}'],
    ],
    [
      'kubectl',
      ['patch', 'secret', 'x', '-p', '{"data":{"db":"aHVudGVyMg=="},"metadata":{"labels":{"a":"b"}}}'],
      ['patch', 'secret', 'x', '-p', '{"data":{"db":"***"},"metadata":{"labels":{"a":"b"}}}'],
    ],
    [
      'kubectl',
      [
        'patch',
        'deploy',
        'x',
        '--patch={"spec":{"template":{"spec":{"containers":[{"name":"c","env":[{"name":"A","value":"v"}]}]}}},"apiToken":"t"}',
      ],
      [
        'patch',
        'deploy',
        'x',
        '--patch={"spec":{"template":{"spec":{"containers":[{"name":"c","env":[{"name":"A","value":"v"}]}]}}},"apiToken":"***"}',
      ],
    ],
    [
      'kubectl',
      ['patch', 'secret', 'x', '--type=json', '-p', '[{"op":"replace","path":"/data/password","value":"aGk="}]'],
      ['patch', 'secret', 'x', '--type=json', '-p', '[{"op":"replace","path":"/data/password","value":"***"}]'],
    ],
    ['kubectl', ['patch', 'secret', 'x', '-p', '{password: hunter2'], ['patch', 'secret', 'x', '-p', '***']],
  ])('%s %j', (tool, argv, masked) => {
    expect(maskArgv(tool, argv)).toEqual(masked);
  });

  it('masks the password of any URL in a text', () => {
    expect(maskUrl('names a server directly (https://admin:pw@10.0.0.1:6443), so')).toBe(
      'names a server directly (https://admin:***@10.0.0.1:6443), so',
    );
    expect(maskUrl('https://10.0.0.1 and https://admin@h')).toBe('https://10.0.0.1 and https://admin@h');
  });

  it('the reason for a server named directly does not carry its password', () => {
    const decision = run('kubectl', ['-s', 'https://admin:pw@10.0.0.1:6443', 'delete', 'ns', 'x'], DEV, SHOWN_DEV);
    expect(decision.reasons.join('\n')).not.toContain('pw');
    expect(decision.answer).toBe('dev-cluster');
  });
});

describe('the short confirmation: the display name, unless another cluster shares it', () => {
  const arn = (region: string, name: string, account = '123456789012') =>
    `arn:aws:eks:${region}:${account}:cluster/${name}`;
  const EU = arn('eu-west-1', 'payments-prod');
  const US = arn('us-east-1', 'payments-prod');
  const eks = resolved(EU, EU, 'default', 'https://EU.gr7.eu-west-1.eks.amazonaws.com');
  const shownEks: Shown = { context: 'payments-prod', cluster: 'payments-prod', namespace: 'default' };

  function ask(
    resolution: Resolution,
    known: KnownCluster[],
    yaml?: string,
    shown: Shown | undefined = shownEks,
    argv = ['delete', 'pod', 'p1'],
  ) {
    const line = parseCommandLine('kubectl', argv);
    const ruleSet = parseRuleConfig(yaml, '/c.yaml');
    expect(ruleSet.problems).toEqual([]);
    const config = defaultGuardConfig();
    return decide({
      line,
      destructive: config.destructive,
      protectedNamespaces: config.protectedNamespaces,
      resolution,
      classification: resolution.ok ? classify(resolution.target, ruleSet.rules) : undefined,
      shown,
      display: ruleSet.display,
      knownClusters: known,
    });
  }
  const self: KnownCluster = { name: EU, server: 'https://EU.gr7.eu-west-1.eks.amazonaws.com' };

  it.each([
    ['only this cluster: the short name, and the full one too', [self], 'payments-prod', ['payments-prod', EU]],
    ['the same name in another region: only the full name', [self, { name: US, server: 'https://US.eks' }], EU, [EU]],
    [
      'the same name in another account: only the full name',
      [self, { name: arn('eu-west-1', 'payments-prod', '999999999999'), server: 'https://other.eks' }],
      EU,
      [EU],
    ],
    [
      'a GKE cluster of the same short name: only the full name',
      [self, { name: 'gke_acme_europe-west1_payments-prod', server: 'https://34.1.1.1' }],
      EU,
      [EU],
    ],
    [
      'a plain cluster named like the short name: only the full name',
      [self, { name: 'payments-prod', server: 'https://10.9.9.9' }],
      EU,
      [EU],
    ],
    [
      'another name for the same API server is the same cluster',
      [self, { name: 'payments-prod', server: self.server }],
      'payments-prod',
      ['payments-prod', EU],
    ],
    [
      'a shadowed duplicate of the same name cannot be told apart by the full name either',
      [self, { name: EU, server: 'https://elsewhere' }],
      'payments-prod',
      ['payments-prod', EU],
    ],
    [
      'an unrelated cluster changes nothing',
      [self, { name: 'dev', server: 'https://dev' }],
      'payments-prod',
      ['payments-prod', EU],
    ],
  ] as [string, KnownCluster[], string, string[]][])('%s', (_why, known, answer, accepted) => {
    const decision = ask(eks, known);
    expect(decision.action).toBe('confirm');
    expect(decision.answer).toBe(answer);
    expect(decision.accepted).toEqual(accepted);
    expect(decision.answerNote === undefined).toBe(answer !== EU);
  });

  it('the note names the other cluster', () => {
    const decision = ask(eks, [self, { name: US, server: 'https://US.gr7.us-east-1.eks.amazonaws.com' }]);
    expect(decision.answerNote).toBe(
      `the short name "payments-prod" also names cluster ${US} (US.gr7.us-east-1.eks.amazonaws.com), so type the full name`,
    );
  });

  it("the user's display rules decide the short name, and their clashes too", () => {
    const yaml = "display:\n  rules:\n    - match: 'arn:aws:eks:[^:]+:\\d+:cluster/(?<n>.+)'\n      name: 'eks-$n'\n";
    expect(ask(eks, [self], yaml).answer).toBe('eks-payments-prod');
    const clash = "display:\n  rules:\n    - match: '.*payments.*'\n      name: 'payments'\n";
    const shownClash: Shown = { context: 'payments', cluster: 'payments', namespace: 'default' };
    expect(ask(eks, [self, { name: 'k8s-payments-eu', server: 'https://x' }], clash, shownClash).answer).toBe(EU);
    expect(ask(eks, [self], 'display:\n  shorten: false\n', undefined).accepted).toEqual([EU]);
  });

  it('the answer is the whole display name even when the prompt shortens it to its length limit', () => {
    const long = arn('eu-west-1', 'payments-production-europe-west1-blue-green');
    const decision = ask(resolved(long, long), [], 'display:\n  max-length: 16\n', {
      context: 'payments…e-green',
      cluster: 'payments…e-green',
      namespace: 'default',
    });
    expect(decision.answer).toBe('payments-production-europe-west1-blue-green');
    expect(decision.reasons).toHaveLength(1);
  });

  it('a name nothing shortens is the answer, alone', () => {
    const decision = ask(PROD, [], undefined, SHOWN_PROD);
    expect(decision.answer).toBe('prod-eu');
    expect(decision.accepted).toEqual(['prod-eu']);
  });

  it('a server named directly is answered with its host, never shortened', () => {
    const decision = ask(eks, [self], undefined, shownEks, ['-s', 'https://10.0.0.1:6443', 'delete', 'ns', 'x']);
    expect(decision.answer).toBe(EU);
    expect(decision.accepted).toEqual([EU]);
  });

  it.each([
    ['the display names it showed', shownEks, false],
    [
      'the full names (an entry written before display names)',
      { context: EU, cluster: EU, namespace: 'default' },
      false,
    ],
    [
      'another cluster’s display name',
      { context: 'payments-dev', cluster: 'payments-dev', namespace: 'default' },
      true,
    ],
  ] as [string, Shown, boolean][])(
    'the prompt showed %s: does the incident check fire? (see the table)',
    (_why, shown, moved) => {
      const decision = ask(eks, [self], undefined, shown, ['apply', '-f', 'x.yaml']);
      expect(decision.reasons.some((reason) => reason.startsWith('your prompt showed'))).toBe(moved);
    },
  );
});
