/** Reading kubectl and helm command lines: every flag form, flags before and after the verb. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type Tool } from '../../src/guard/argv.js';
import { goInteger } from '../../src/guard/go-int.js';
import { namespaceDeletion } from '../../src/guard/namespaces.js';

type Row = [string, Tool, string[], Partial<ReturnType<typeof parseCommandLine>['target']>, string[]];

const rows: Row[] = [
  ['--context X', 'kubectl', ['--context', 'prod', 'delete', 'ns', 'a'], { context: 'prod' }, ['delete', 'ns', 'a']],
  ['--context=X', 'kubectl', ['delete', '--context=prod', 'ns', 'a'], { context: 'prod' }, ['delete', 'ns', 'a']],
  [
    '--context after the objects',
    'kubectl',
    ['delete', 'ns', 'a', '--context', 'prod'],
    { context: 'prod' },
    ['delete', 'ns', 'a'],
  ],
  [
    '--kubeconfig X',
    'kubectl',
    ['--kubeconfig', '/tmp/k.yaml', 'get', 'pods'],
    { kubeconfig: '/tmp/k.yaml' },
    ['get', 'pods'],
  ],
  [
    '--kubeconfig=X',
    'kubectl',
    ['get', 'pods', '--kubeconfig=/tmp/k.yaml'],
    { kubeconfig: '/tmp/k.yaml' },
    ['get', 'pods'],
  ],
  ['--cluster X', 'kubectl', ['--cluster', 'c1', 'apply', '-f', 'x.yaml'], { cluster: 'c1' }, ['apply']],
  [
    '--user=X',
    'kubectl',
    ['--user=admin', 'scale', 'deploy/x', '--replicas=0'],
    { user: 'admin' },
    ['scale', 'deploy/x'],
  ],
  ['-n X', 'kubectl', ['-n', 'payments', 'delete', 'pod', 'p1'], { namespace: 'payments' }, ['delete', 'pod', 'p1']],
  ['-nX', 'kubectl', ['delete', 'pod', 'p1', '-npayments'], { namespace: 'payments' }, ['delete', 'pod', 'p1']],
  ['-n=X', 'kubectl', ['delete', '-n=payments', 'pod', 'p1'], { namespace: 'payments' }, ['delete', 'pod', 'p1']],
  [
    '--namespace=X',
    'kubectl',
    ['delete', 'pod', 'p1', '--namespace=payments'],
    { namespace: 'payments' },
    ['delete', 'pod', 'p1'],
  ],
  [
    '--namespace X',
    'kubectl',
    ['--namespace', 'payments', 'delete', 'pod', 'p1'],
    { namespace: 'payments' },
    ['delete', 'pod', 'p1'],
  ],
  ['-A', 'kubectl', ['delete', 'pods', '-A', '--all'], { allNamespaces: true }, ['delete', 'pods']],
  [
    '--all-namespaces',
    'kubectl',
    ['delete', '--all-namespaces', 'pods', '-l', 'app=x'],
    { allNamespaces: true },
    ['delete', 'pods'],
  ],
  [
    '-s server',
    'kubectl',
    ['-s', 'https://1.2.3.4', 'delete', 'ns', 'x'],
    { server: 'https://1.2.3.4' },
    ['delete', 'ns', 'x'],
  ],
  [
    'value flags do not become objects',
    'kubectl',
    ['delete', '-f', 'prod.yaml', '--grace-period', '0', '-o', 'name'],
    {},
    ['delete'],
  ],
  [
    'exec arguments after -- are not objects',
    'kubectl',
    ['exec', '-it', 'pod', '--', 'rm', '-rf', '/'],
    {},
    ['exec', 'pod'],
  ],
  ['bundled short booleans', 'kubectl', ['exec', '-it', 'p', '--', 'sh'], {}, ['exec', 'p']],
  [
    'helm --kube-context X',
    'helm',
    ['--kube-context', 'prod', 'uninstall', 'web'],
    { context: 'prod' },
    ['uninstall', 'web'],
  ],
  [
    'helm --kube-context=X',
    'helm',
    ['uninstall', 'web', '--kube-context=prod'],
    { context: 'prod' },
    ['uninstall', 'web'],
  ],
  [
    'helm --kubeconfig X',
    'helm',
    ['--kubeconfig', '/k', 'rollback', 'web', '3'],
    { kubeconfig: '/k' },
    ['rollback', 'web', '3'],
  ],
  ['helm -n X', 'helm', ['uninstall', '-n', 'payments', 'web'], { namespace: 'payments' }, ['uninstall', 'web']],
  ['helm -nX', 'helm', ['uninstall', 'web', '-npayments'], { namespace: 'payments' }, ['uninstall', 'web']],
  [
    'helm --namespace=X',
    'helm',
    ['--namespace=payments', 'upgrade', 'web', 'chart', '-f', 'v.yaml'],
    { namespace: 'payments' },
    ['upgrade', 'web', 'chart'],
  ],
  [
    'helm --kube-apiserver',
    'helm',
    ['--kube-apiserver', 'https://x', 'uninstall', 'web'],
    { server: 'https://x' },
    ['uninstall', 'web'],
  ],
  // Global flags with a separate value, from kubectl's own table: the value is not the verb.
  [
    '--log-flush-frequency 5s',
    'kubectl',
    ['--log-flush-frequency', '5s', 'delete', 'ns', 'prod'],
    {},
    ['delete', 'ns', 'prod'],
  ],
  ['--profile-output X', 'kubectl', ['--profile-output', 'p', 'delete', 'ns', 'a'], {}, ['delete', 'ns', 'a']],
  ['--as-uid X', 'kubectl', ['--as-uid', 'u1', 'drain', 'node-1'], { as: undefined }, ['drain', 'node-1']],
  ['--as X', 'kubectl', ['--as', 'admin', 'drain', 'node-1'], { as: 'admin' }, ['drain', 'node-1']],
  ['-v 6', 'kubectl', ['-v', '6', 'delete', 'pod', 'p'], {}, ['delete', 'pod', 'p']],
  ['helm --burst-limit N', 'helm', ['--burst-limit', '50', 'uninstall', 'web'], {}, ['uninstall', 'web']],
  ['helm --qps N', 'helm', ['--qps', '5', 'rollback', 'web'], {}, ['rollback', 'web']],
  // Flags of the command itself: -p is logs' --previous (a boolean), patch's body (a value).
  ['logs -p is a boolean', 'kubectl', ['logs', '-p', 'pod-1'], {}, ['logs', 'pod-1']],
  ['patch -p takes the body', 'kubectl', ['patch', 'deploy', 'x', '-p', '{}'], {}, ['patch', 'deploy', 'x']],
  ['create deployment -r N', 'kubectl', ['create', 'deployment', 'x', '-r', '0'], {}, ['create', 'deployment', 'x']],
  ['--dry-run takes no separate value', 'kubectl', ['delete', '--dry-run', 'ns', 'x'], {}, ['delete', 'ns', 'x']],
  ['--cascade takes no separate value', 'kubectl', ['delete', '--cascade', 'ns', 'x'], {}, ['delete', 'ns', 'x']],
  // helm's own aliases are the same command.
  ['helm del', 'helm', ['del', 'web'], {}, ['uninstall', 'web']],
  ['helm un', 'helm', ['un', 'web', '-n', 'x'], { namespace: 'x' }, ['uninstall', 'web']],
  ['helm delete', 'helm', ['delete', 'web'], {}, ['uninstall', 'web']],
  ['kubectl delete after --', 'kubectl', ['delete', '--', 'ns', 'prod'], {}, ['delete']],
];

describe('parseCommandLine', () => {
  it.each(rows)('%s', (_, tool, argv, target, words) => {
    const line = parseCommandLine(tool, argv);
    expect(line.target).toMatchObject(target);
    expect(line.words).toEqual(words);
  });

  it('leaves target fields unset when no flag names them', () => {
    expect(parseCommandLine('kubectl', ['delete', 'ns', 'x']).target).toEqual({
      context: undefined,
      kubeconfig: undefined,
      cluster: undefined,
      user: undefined,
      namespace: undefined,
      server: undefined,
      allNamespaces: false,
      as: undefined,
      named: { context: false, namespace: false },
      fromEnv: [],
    });
  });

  it('keeps what follows -- apart', () => {
    expect(parseCommandLine('kubectl', ['delete', '--', 'ns', 'prod']).afterDash).toEqual(['ns', 'prod']);
  });

  it('lists flags its table does not know', () => {
    expect(parseCommandLine('kubectl', ['--brand-new', 'x', 'delete', 'ns', 'p']).unknownFlags).toEqual([
      '--brand-new',
    ]);
    expect(parseCommandLine('kubectl', ['--log-flush-frequency', '5s', 'delete']).unknownFlags).toEqual([]);
    // A command's own flag before the verb: kubectl itself refuses ("flags cannot be placed before plugin name").
    expect(parseCommandLine('kubectl', ['-A', 'delete', 'pods']).unknownFlags).toEqual(['-A']);
  });
});

describe("helm's environment moves its target like its flags", () => {
  const env = {
    HELM_KUBECONTEXT: 'prod',
    HELM_NAMESPACE: 'payments',
    HELM_KUBEAPISERVER: 'https://10.0.0.9',
    HELM_KUBEASUSER: 'admin',
    HELM_KUBETOKEN: 't0k3n',
  };

  it('reads each variable, and says which moved the target; none of them counts as named', () => {
    const line = parseCommandLine('helm', ['uninstall', 'web'], env);
    expect(line.target).toMatchObject({
      context: 'prod',
      namespace: 'payments',
      server: 'https://10.0.0.9',
      as: 'admin',
      named: { context: false, namespace: false },
    });
    expect(line.target.fromEnv).toEqual([
      'HELM_KUBECONTEXT',
      'HELM_NAMESPACE',
      'HELM_KUBEAPISERVER',
      'HELM_KUBEASUSER',
      'HELM_KUBETOKEN',
    ]);
  });

  it('a flag wins over its variable, even an empty one', () => {
    const line = parseCommandLine(
      'helm',
      ['uninstall', 'web', '--kube-context', 'dev', '-n', 'x', '--kube-apiserver='],
      env,
    );
    expect(line.target).toMatchObject({ context: 'dev', namespace: 'x', server: undefined });
    expect(line.target.named).toEqual({ context: true, namespace: true });
  });

  it('kubectl ignores them', () => {
    expect(parseCommandLine('kubectl', ['delete', 'pod', 'p'], env).target.context).toBeUndefined();
  });
});

describe("Go's integer syntax, as kubectl reads --replicas (checked against kubectl 1.32)", () => {
  it.each<[string, bigint | undefined]>([
    ['0', 0n],
    ['00', 0n],
    ['0x0', 0n],
    ['0X0', 0n],
    ['-0', 0n],
    ['+0', 0n],
    ['0_0', 0n],
    ['0b0', 0n],
    ['0o0', 0n],
    ['0x_0', 0n],
    ['010', 8n],
    ['1_000', 1000n],
    ['-1', -1n],
    ['_0', undefined],
    ['0__0', undefined],
    ['08', undefined],
    [' 0', undefined],
    ['0.0', undefined],
    ['0x', undefined],
  ])('%j → %s', (text, value) => {
    expect(goInteger(text)).toBe(value);
  });
});

describe('namespaceDeletion', () => {
  it.each<[string[], string[], string | undefined]>([
    [['delete', 'namespace', 'prod'], ['prod'], undefined],
    [['delete', 'ns', 'a', 'b'], ['a', 'b'], undefined],
    [['delete', 'namespaces', 'x', '--wait=false'], ['x'], undefined],
    [['delete', 'namespace/prod'], ['prod'], undefined],
    [['delete', 'ns/prod', 'pod/p1'], ['prod'], undefined],
    [['delete', 'ns,deploy', 'x'], ['x'], undefined],
    [['--context', 'c', 'delete', 'ns', 'kube-system'], ['kube-system'], undefined],
    [['delete', 'Namespace', 'prod'], ['prod'], undefined],
    [['delete', 'NAMESPACES', 'prod'], ['prod'], undefined],
    [['delete', 'Namespaces/prod'], ['prod'], undefined],
    [['delete', 'namespaces.v1./prod'], ['prod'], undefined],
    [['delete', '--', 'ns', 'prod'], ['prod'], undefined],
    [['delete', 'ns', '--', 'prod'], ['prod'], undefined],
    [['--log-flush-frequency', '5s', 'delete', 'ns', 'prod'], ['prod'], undefined],
    [['delete', 'ns', '--all'], [], '--all'],
    [['delete', 'ns', '--all=false', '-l', 'team=a'], [], '--selector team=a'],
    [['delete', 'ns', '--selector=team=a'], [], '--selector team=a'],
    [['delete', 'ns', '--field-selector', 'metadata.name!=x'], [], '--field-selector metadata.name!=x'],
    [['delete', 'pod', 'prod'], [], undefined],
    [['delete', 'pods', '--all'], [], undefined],
    [['get', 'ns', 'prod'], [], undefined],
  ])('%j → %j %s', (argv, names, selectedBy) => {
    expect(namespaceDeletion(parseCommandLine('kubectl', argv))).toEqual({ names, selectedBy });
  });
});
