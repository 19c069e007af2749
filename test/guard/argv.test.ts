/** Reading kubectl and helm command lines: every flag form, flags before and after the verb. */
import { describe, expect, it } from 'vitest';
import { deletedNamespaces, parseCommandLine, type Tool } from '../../src/guard/argv.js';

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
    ['--all-namespaces', 'delete', 'pods', '-l', 'app=x'],
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
    });
  });
});

describe('deletedNamespaces', () => {
  it.each<[string[], string[]]>([
    [['delete', 'namespace', 'prod'], ['prod']],
    [
      ['delete', 'ns', 'a', 'b'],
      ['a', 'b'],
    ],
    [['delete', 'namespaces', 'x', '--wait=false'], ['x']],
    [['delete', 'namespace/prod'], ['prod']],
    [['delete', 'ns/prod', 'pod/p1'], ['prod']],
    [['delete', 'ns,deploy', 'x'], ['x']],
    [['--context', 'c', 'delete', 'ns', 'kube-system'], ['kube-system']],
    [['delete', 'pod', 'prod'], []],
    [['get', 'ns', 'prod'], []],
  ])('%j → %j', (argv, expected) => {
    expect(deletedNamespaces(parseCommandLine('kubectl', argv))).toEqual(expected);
  });
});
