/** Which lookups a destructive command line makes, by table: the forms kubectl and helm accept. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/guard/argv.js';
import { age } from '../../src/guard/blast-message.js';
import { blastPlan } from '../../src/guard/blast-request.js';

const plan = (tool: 'kubectl' | 'helm', line: string, env = {}) =>
  blastPlan(parseCommandLine(tool, line.split(' '), env));

describe('blastPlan', () => {
  it.each([
    ['delete ns prod', { kind: 'namespaces', names: ['prod'] }],
    ['delete Namespaces/prod', { kind: 'namespaces', names: ['prod'] }],
    ['delete -- ns a b', { kind: 'namespaces', names: ['a', 'b'] }],
    [
      'delete deploy web gone',
      {
        kind: 'objects',
        items: [
          { resource: 'deployments', name: 'web' },
          { resource: 'deployments', name: 'gone' },
        ],
        unknown: [],
      },
    ],
    [
      'delete ns,deploy x',
      {
        kind: 'objects',
        items: [
          { resource: 'namespaces', name: 'x' },
          { resource: 'deployments', name: 'x' },
        ],
        unknown: [],
      },
    ],
    [
      'delete pod/a deployments.apps/b widgets/c',
      {
        kind: 'objects',
        items: [
          { resource: 'pods', name: 'a' },
          { resource: 'deployments', name: 'b' },
        ],
        unknown: ['widgets'],
      },
    ],
    [
      'delete pods -l app=web',
      { kind: 'selected', resource: 'pods', labelSelector: 'app=web', fieldSelector: undefined },
    ],
    ['delete po --all', { kind: 'selected', resource: 'pods', labelSelector: undefined, fieldSelector: undefined }],
    ['drain node-1', { kind: 'drain', nodes: ['node-1'] }],
  ])('kubectl %s', (line, query) => {
    expect(plan('kubectl', line)).toEqual({ query });
  });

  it.each([
    'delete ns --all',
    'delete -f x.yaml',
    'delete -k dir',
    'delete pods',
    'apply -f x.yaml',
    'scale deploy/x --replicas=0',
  ])('kubectl %s: nothing it can describe', (line) => expect(plan('kubectl', line)).toBeUndefined());

  it('helm uninstall and its aliases name releases', () => {
    for (const verb of ['uninstall', 'del', 'un', 'delete'])
      expect(plan('helm', `${verb} web db -n prod`)).toEqual({ query: { kind: 'releases', names: ['web', 'db'] } });
  });

  it('does not look when the command brings its own server or credentials', () => {
    expect(plan('kubectl', 'delete ns prod --token T')).toEqual({
      skip: 'it sets its own server or credentials (--token)',
    });
    expect(plan('kubectl', '--server https://127.0.0.1:1 delete ns prod')).toEqual({
      skip: 'it sets its own server or credentials (--server)',
    });
    expect(plan('helm', 'uninstall web', { HELM_KUBETOKEN: 't' })).toEqual({
      skip: 'it sets its own server or credentials (HELM_KUBETOKEN)',
    });
  });
});

describe('age', () => {
  it.each([
    [0, '0s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [3_599_999, '59m'],
    [3_600_000, '1h'],
    [47 * 3_600_000, '47h'],
    [48 * 3_600_000, '2d'],
  ])('%i ms is %s', (ms, text) => expect(age(ms)).toBe(text));
});
