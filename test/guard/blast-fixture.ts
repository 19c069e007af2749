/**
 * What the blast-radius tests put in the API server double (namespace prod with pods, PVCs,
 * workloads and helm releases; two nodes) and the kubeconfig that reaches it with every kind of
 * credential, plus the exec plugins, which record how they were run.
 */
import { join } from 'node:path';
import type { ApiObject, Pki } from '../helpers/apiserver-double.js';

export const TOKEN = 'blast-token-SECRET-123';
/** What a helm release Secret holds; it must never reach the guard, let alone the screen. */
export const RELEASE_PAYLOAD = 'H4sI-RELEASE-PAYLOAD-SECRET';

const ago = (now: number, ms: number): string => new Date(now - ms).toISOString().replace(/\.\d+Z$/, 'Z');
const MIN = 60_000;

export function blastFixture(now: number): ApiObject[] {
  const meta = (
    name: string,
    namespace: string | undefined,
    age: number,
    extra: Partial<ApiObject['metadata']> = {},
  ) => ({
    name,
    ...(namespace ? { namespace } : {}),
    uid: `uid-${namespace ?? ''}-${name}`,
    creationTimestamp: ago(now, age),
    ...extra,
  });
  const pod = (name: string, namespace: string, phase: string, node: string, age: number, extra = {}): ApiObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, namespace, age, extra),
    spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }] },
    status: { phase },
  });
  const helm = (release: string) => ({
    labels: { 'app.kubernetes.io/managed-by': 'Helm' },
    annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': 'prod' },
  });
  const release = (name: string, namespace: string, version: number, status: string): ApiObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(`sh.helm.release.v1.${name}.v${version}`, namespace, 60 * MIN, {
      labels: { owner: 'helm', name, status, version: String(version) },
    }),
    type: 'helm.sh/release.v1',
    data: { release: Buffer.from(RELEASE_PAYLOAD).toString('base64') },
  });
  const object = (apiVersion: string, kind: string, name: string, extra = {}): ApiObject => ({
    apiVersion,
    kind,
    metadata: meta(name, 'prod', 100 * MIN, extra),
    spec: {},
  });
  return [
    ...['prod', 'kube-system', 'lab'].map((name) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: meta(name, undefined, 9 * 24 * 60 * MIN),
      status: { phase: 'Active' },
    })),
    ...['node-1', 'node-2'].map((name) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: meta(name, undefined, 9 * 24 * 60 * MIN),
      status: {},
    })),
    pod('web-1', 'prod', 'Running', 'node-1', 3 * MIN + 10_000, { labels: { app: 'web' } }),
    pod('web-2', 'prod', 'Running', 'node-2', 120 * MIN, { labels: { app: 'web' } }),
    pod('api-0', 'prod', 'Running', 'node-1', 24 * 60 * MIN),
    pod('migrate-x', 'prod', 'Succeeded', 'node-2', 1 * MIN),
    pod('fluentd-x', 'kube-system', 'Running', 'node-1', 30 * MIN, {
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: 'uid-ds' }],
    }),
    object('v1', 'PersistentVolumeClaim', 'data-db-0'),
    object('v1', 'PersistentVolumeClaim', 'data-api'),
    object('apps/v1', 'Deployment', 'web', helm('web')),
    object('apps/v1', 'Deployment', 'api'),
    object('apps/v1', 'StatefulSet', 'db'),
    object('v1', 'Service', 'web', helm('web')),
    object('v1', 'ConfigMap', 'web-config', helm('web')),
    object('v1', 'ConfigMap', 'plain'),
    release('web', 'prod', 1, 'superseded'),
    release('web', 'prod', 2, 'deployed'),
    release('db', 'prod', 1, 'deployed'),
    release('hostile', 'lab', 1, 'pending\u001b[2J'),
  ];
}

interface Places {
  api: string;
  slow: string;
  refused: string;
  pki: Pki;
  root: string;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** Exec plugins by file name (put in <root>/bin): each logs how it was run to <root>/<name>.log. */
function plugins(root: string): Record<string, string> {
  const log = (name: string): string => JSON.stringify(join(root, `${name}.log`));
  const how = `{ if [ -t 0 ]; then printf 'stdin=tty '; else printf 'stdin=notty '; fi; if (exec 3<>/dev/tty) 2>/dev/null; then echo tty=open; else echo tty=none; fi; echo "display=\${DISPLAY:-none}"; printf '%s\\n' "$KUBERNETES_EXEC_INFO"; }`;
  return {
    'exec-never': `#!/bin/sh\n${how} >> ${log('exec-never')}\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}\\n'\n`,
    'exec-always': `#!/bin/sh\n${how} >> ${log('exec-always')}\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}\\n'\n`,
    // As kubelogin without a cached token: it wants a browser, and fails without one.
    'exec-browser': `#!/bin/sh\n${how} >> ${log('exec-browser')}\necho 'error: could not open the browser' >&2\nexit 1\n`,
  };
}

function text(places: Places, current = 'dev-token'): string {
  const cluster = (name: string, server: string) => ({
    name,
    cluster: { server, 'certificate-authority-data': b64(places.pki.ca) },
  });
  const exec = (name: string, plugin: string, mode: string) => ({
    name,
    user: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: join(places.root, 'bin', plugin),
        interactiveMode: mode,
      },
    },
  });
  const context = (name: string, clusterName: string, user: string) => ({
    name,
    context: { cluster: clusterName, user },
  });
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': current,
    clusters: [
      cluster('payments-prod', places.api),
      cluster('slow-prod', places.slow),
      cluster('refused-prod', places.refused),
      cluster('dev', places.api),
    ],
    users: [
      { name: 'token-user', user: { token: TOKEN } },
      { name: 'bad', user: { token: 'WRONG-TOKEN' } },
      {
        name: 'cert-user',
        user: { 'client-certificate-data': b64(places.pki.clientCert), 'client-key-data': b64(places.pki.clientKey) },
      },
      exec('exec-never', 'exec-never', 'Never'),
      exec('exec-ifavailable', 'exec-never', 'IfAvailable'),
      exec('always', 'exec-always', 'Always'),
      exec('browser', 'exec-browser', 'IfAvailable'),
    ],
    contexts: [
      context('prod-token', 'payments-prod', 'token-user'),
      context('prod-cert', 'payments-prod', 'cert-user'),
      context('prod-exec', 'payments-prod', 'exec-never'),
      context('prod-exec-ifavailable', 'payments-prod', 'exec-ifavailable'),
      context('prod-always', 'payments-prod', 'always'),
      context('prod-browser', 'payments-prod', 'browser'),
      context('prod-badtoken', 'payments-prod', 'bad'),
      context('prod-slow', 'slow-prod', 'token-user'),
      context('prod-refused', 'refused-prod', 'token-user'),
      context('dev-token', 'dev', 'token-user'),
    ],
  });
}

export const blastKubeconfig = { text, plugins };
