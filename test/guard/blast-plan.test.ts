/** Which lookups a destructive command line makes, by table: the forms kubectl and helm accept. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/guard/argv.js';
import { age } from '../../src/guard/blast-message.js';
import { blastPlan, MAX_LOOKUPS } from '../../src/guard/blast-request.js';
import { DEFAULT_PRUNE } from '../../src/guard/blast-resources.js';
import type { Manifests } from '../../src/guard/decide.js';

const plan = (tool: 'kubectl' | 'helm', line: string, env = {}, manifests?: Manifests) =>
  blastPlan(parseCommandLine(tool, line.split(' '), env), manifests);

/** What manifests.ts reads from `-f app/`: a deployment in prod, a configmap left to -n, a widget, a namespace. */
const APP: Manifests = {
  namespaces: ['team'],
  unseen: [],
  objects: [
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'prod' },
    { apiVersion: 'v1', kind: 'ConfigMap', name: 'web-config', namespace: undefined },
    { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: undefined },
    { apiVersion: 'v1', kind: 'Namespace', name: 'team', namespace: undefined },
    // A kind the table knows, in a group it does not serve it from: not looked up.
    { apiVersion: 'extensions/v1beta1', kind: 'Deployment', name: 'old', namespace: undefined },
  ],
};
const APP_ITEMS = [
  { resource: 'deployments', name: 'web', namespace: 'prod' },
  { resource: 'configmaps', name: 'web-config' },
  { resource: 'namespaces', name: 'team' },
];

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
        more: 0,
        verb: 'deletes',
        unseen: [],
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
        more: 0,
        verb: 'deletes',
        unseen: [],
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
        more: 0,
        verb: 'deletes',
        unseen: [],
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
    'delete pods',
    'apply -f x.yaml',
    'apply --prune -f x.yaml',
    'replace -f x.yaml',
    'scale deploy/x',
  ])('kubectl %s: nothing it can describe', (line) => expect(plan('kubectl', line)).toBeUndefined());

  it.each([
    [
      'delete -f app/',
      { kind: 'objects', verb: 'deletes', items: APP_ITEMS, unknown: ['Widget', 'Deployment'], more: 0, unseen: [] },
    ],
    [
      'replace --force -f app/',
      { kind: 'objects', verb: 'replaces', items: APP_ITEMS, unknown: ['Widget', 'Deployment'], more: 0, unseen: [] },
    ],
    [
      'scale --replicas=0 -f app/',
      {
        kind: 'scale',
        replicas: '0',
        items: [{ resource: 'deployments', name: 'web', namespace: 'prod' }],
        unknown: ['ConfigMap', 'Widget', 'Namespace', 'Deployment'],
        more: 0,
      },
    ],
    [
      'apply --prune -l app=web -f app/',
      {
        kind: 'prune',
        labelSelector: 'app=web',
        resources: DEFAULT_PRUNE,
        namespaces: ['prod', null],
        keep: [
          { resource: 'deployments', name: 'web', namespace: 'prod' },
          { resource: 'configmaps', name: 'web-config', namespace: undefined },
          { resource: 'namespaces', name: 'team', namespace: undefined },
        ],
      },
    ],
  ])('kubectl %s: the objects the manifests hold', (line, query) => {
    expect(plan('kubectl', line, {}, APP)).toEqual({ query });
  });

  it.each([
    ['scale deploy/web --replicas=0', ['deployments', 'web'], '0'],
    ['scale deployment web --replicas=0x0', ['deployments', 'web'], '0'],
    ['scale sts db --replicas 00', ['statefulsets', 'db'], '0'],
    ['scale rs/r --replicas=3', ['replicasets', 'r'], '3'],
  ])('kubectl %s: the workload whose ready replicas stop', (line, [resource, name], replicas) => {
    expect(plan('kubectl', line)).toEqual({
      query: { kind: 'scale', replicas, items: [{ resource, name }], unknown: [], more: 0 },
    });
  });

  it('scale: kinds kubectl cannot scale are named, not looked up', () => {
    expect(plan('kubectl', 'scale pod/p deploy/web --replicas=0')).toEqual({
      query: {
        kind: 'scale',
        replicas: '0',
        items: [{ resource: 'deployments', name: 'web' }],
        unknown: ['pod'],
        more: 0,
      },
    });
  });

  it('apply --prune: --prune-allowlist names the kinds; --all instead of a selector; manifests that cannot all be read keep nothing', () => {
    expect(
      plan(
        'kubectl',
        'apply --prune --all --prune-allowlist core/v1/ConfigMap --prune-allowlist apps/v1/Deployment -f app/',
        {},
        {
          ...APP,
          unseen: ['stdin (-f -)'],
        },
      ),
    ).toEqual({
      query: {
        kind: 'prune',
        labelSelector: undefined,
        resources: ['configmaps', 'deployments'],
        namespaces: ['prod', null],
        keep: undefined,
      },
    });
    expect(plan('kubectl', 'apply --prune --applyset=cm/set -f app/', {}, APP)).toEqual({
      skip: 'with --applyset, kubectl prunes what the ApplySet lists, which the guard does not read',
    });
  });

  it('names past the cap are counted, not looked up', () => {
    const many: Manifests = {
      namespaces: [],
      unseen: [],
      objects: Array.from({ length: 11 }, (_, i) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: `c${i}`,
        namespace: undefined,
      })),
    };
    const query = plan('kubectl', 'delete -f many/', {}, many) as { query: { items: unknown[]; more: number } };
    expect(query.query.items).toHaveLength(MAX_LOOKUPS);
    expect(query.query.more).toBe(11 - MAX_LOOKUPS);
  });

  it.each([
    [
      'delete -k overlays/prod',
      { namespaces: [], unseen: ['-k overlays/prod'], objects: [] },
      'the guard cannot see what -k overlays/prod holds',
    ],
    [
      'delete -f -',
      { namespaces: [], unseen: ['stdin (-f -)'], objects: [] },
      'the guard cannot see what stdin (-f -) holds',
    ],
    [
      'replace --force -f https://x/y.yaml',
      { namespaces: [], unseen: ['https://x/y.yaml'], objects: [] },
      'the guard cannot see what https://x/y.yaml holds',
    ],
  ])('kubectl %s: says the objects cannot be seen', (line, manifests, skip) => {
    expect(plan('kubectl', line, {}, manifests)).toEqual({ skip });
  });

  it('files partly seen: the seen objects are looked up, the unseen sources named', () => {
    expect(plan('kubectl', 'delete -f app/ -f -', {}, { ...APP, unseen: ['stdin (-f -)'] })).toEqual({
      query: {
        kind: 'objects',
        verb: 'deletes',
        items: APP_ITEMS,
        unknown: ['Widget', 'Deployment'],
        more: 0,
        unseen: ['stdin (-f -)'],
      },
    });
  });

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
