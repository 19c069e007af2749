/** listContexts: every context of a merged kubeconfig, first definition wins, as kubectl merges files. */
import { describe, expect, it } from 'vitest';
import { KubeconfigError, listContexts, parseKubeconfig, type LoadedFile } from '../../src/kubeconfig/index.js';

function file(path: string, text: string): LoadedFile {
  return { path, status: 'ok', config: parseKubeconfig(text, path) };
}

const A = file(
  '/a',
  `apiVersion: v1
kind: Config
current-context: ""
contexts:
- {name: prod, context: {cluster: prod-c, user: admin, namespace: payments}}
- {name: dev, context: {cluster: dev-c, user: dev}}
clusters:
- {name: prod-c, cluster: {server: "https://prod.a"}}
users: [{name: admin, user: {}}]
`,
);
const B = file(
  '/b',
  `apiVersion: v1
kind: Config
current-context: dev
contexts:
- {name: prod, context: {cluster: other, user: nobody}}
- {name: orphan, context: {cluster: nowhere, user: u}}
- {name: bare, context: {}}
clusters:
- {name: prod-c, cluster: {server: "https://prod.b"}}
- {name: dev-c, cluster: {server: "https://dev.b"}}
`,
);

describe('listContexts', () => {
  it('takes each context and cluster whole from the first file defining it, in first-seen order', () => {
    const list = listContexts([A, { path: '/missing', status: 'missing' }, B]);
    expect(list.currentContext).toBe('dev');
    expect(list.broken).toEqual([]);
    expect(list.contexts).toEqual([
      {
        name: 'prod',
        cluster: 'prod-c',
        server: 'https://prod.a',
        namespace: 'payments',
        user: 'admin',
        source: '/a',
        clusterMissing: false,
        current: false,
      },
      {
        name: 'dev',
        cluster: 'dev-c',
        server: 'https://dev.b',
        namespace: 'default',
        user: 'dev',
        source: '/a',
        clusterMissing: false,
        current: true,
      },
      {
        name: 'orphan',
        cluster: 'nowhere',
        server: '',
        namespace: 'default',
        user: 'u',
        source: '/b',
        clusterMissing: true,
        current: false,
      },
      {
        name: 'bare',
        cluster: '',
        server: '',
        namespace: 'default',
        user: '',
        source: '/b',
        clusterMissing: false,
        current: false,
      },
    ]);
  });

  it('lists broken files apart and keeps the contexts of the readable ones', () => {
    const broken: LoadedFile = {
      path: '/x',
      status: 'error',
      error: new KubeconfigError('unparsable', 'contexts: expected a list', '/x'),
    };
    const list = listContexts([broken, B]);
    expect(list.broken).toEqual([{ path: '/x', message: 'contexts: expected a list' }]);
    expect(list.contexts.map((context) => context.name)).toEqual(['prod', 'orphan', 'bare']);
  });

  it('has no current context and no contexts when no file exists', () => {
    expect(listContexts([{ path: '/none', status: 'missing' }])).toEqual({
      contexts: [],
      currentContext: undefined,
      broken: [],
    });
  });
});
