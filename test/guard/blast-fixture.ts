/**
 * What the blast-radius tests put in the API server double (namespace prod with pods, PVCs,
 * workloads with ready replicas, objects `kubectl apply` left, helm releases; two nodes) and the kubeconfig that reaches it with every kind of
 * credential, plus the exec plugins, which record how they were run.
 */
import { join } from 'node:path';
import type { ApiObject, Pki } from '../helpers/apiserver-double.js';

export const TOKEN = 'blast-token-SECRET-123';
/** What a helm release Secret holds; it must never reach the guard, let alone the screen. */
export const RELEASE_PAYLOAD = 'H4sI-RELEASE-PAYLOAD-SECRET';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
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
  const object = (
    apiVersion: string,
    kind: string,
    name: string,
    extra: Partial<ApiObject['metadata']> = {},
    status?: Record<string, unknown>,
  ): ApiObject => ({
    apiVersion,
    kind,
    metadata: meta(name, 'prod', 100 * MIN, extra),
    spec: {},
    ...(status ? { status } : {}),
  });
  /** Labelled app=web; `lastApplied`: left by `kubectl apply`, so `apply --prune -l app=web` may delete it. */
  const web = (kind: string, name: string, lastApplied: boolean, base: Partial<ApiObject['metadata']> = {}) => ({
    labels: { ...base.labels, app: 'web' },
    annotations: {
      ...base.annotations,
      ...(lastApplied
        ? { [LAST_APPLIED]: JSON.stringify({ kind, metadata: { name, namespace: 'prod', labels: { app: 'web' } } }) }
        : {}),
    },
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
    object('apps/v1', 'Deployment', 'web', web('Deployment', 'web', true, helm('web')), {
      replicas: 2,
      readyReplicas: 2,
    }),
    object('apps/v1', 'Deployment', 'api', {}, { replicas: 3, readyReplicas: 1 }),
    // Scaled down already: the API leaves readyReplicas out when none are ready.
    object('apps/v1', 'Deployment', 'idle', {}, { replicas: 0 }),
    object('apps/v1', 'StatefulSet', 'db', {}, { replicas: 1, readyReplicas: 1 }),
    object('v1', 'Service', 'web', helm('web')),
    object('v1', 'ConfigMap', 'web-config', web('ConfigMap', 'web-config', true, helm('web'))),
    object('v1', 'ConfigMap', 'old-web-config', web('ConfigMap', 'old-web-config', true)),
    object('v1', 'ConfigMap', 'web-notes', web('ConfigMap', 'web-notes', false)),
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
  /** A port that accepts connections and never answers. */
  blackHole?: string;
  /** The HTTP proxy double (apiserver/proxy.ts), and the double by a name only that proxy resolves. */
  proxy?: string;
  named?: string;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** Exec plugins by file name (put in <root>/bin): each logs how it was run to <root>/<name>.log. */
function plugins(root: string): Record<string, string> {
  const log = (name: string): string => JSON.stringify(join(root, `${name}.log`));
  const how = `{ if [ -t 0 ]; then printf 'stdin=tty '; else printf 'stdin=notty '; fi; if (exec 3<>/dev/tty) 2>/dev/null; then echo tty=open; else echo tty=none; fi; echo "display=\${DISPLAY:-none}"; printf '%s\\n' "$KUBERNETES_EXEC_INFO"; }`;
  return {
    'exec-never': `#!/bin/sh\n${how} >> ${log('exec-never')}\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}\\n'\n`,
    'exec-always': `#!/bin/sh\n${how} >> ${log('exec-always')}\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}\\n'\n`,
    // A plugin that never answers (a login waiting for a person): ended at the deadline.
    'exec-hang': `#!/bin/sh\n${how} >> ${log('exec-hang')}\necho $$ > ${log('exec-hang.pid')}\nexec sleep 60\n`,
    // As kubelogin without a cached token: it wants a browser, and fails without one.
    'exec-browser': `#!/bin/sh\n${how} >> ${log('exec-browser')}\necho 'error: could not open the browser' >&2\nexit 1\n`,
  };
}

/**
 * The kubeconfig (JSON, which is YAML) for <root>/kubeconfig: relative paths in it (a token-file, an
 * exec command with a slash) are relative to that file's folder, as kubectl reads them.
 */
function text(places: Places, current = 'dev-token'): string {
  const cluster = (name: string, server: string, extra: Record<string, string> = {}) => ({
    name,
    cluster: { server, 'certificate-authority-data': b64(places.pki.ca), ...extra },
  });
  const exec = (name: string, plugin: string, mode: string, command = join(places.root, 'bin', plugin)) => ({
    name,
    user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command, interactiveMode: mode } },
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
      // Another cluster, as identity sees it (server path and CA differ from payments-prod's), on the
      // same double: any request the guard sent for it would still be seen there.
      { name: 'dev', cluster: { server: `${places.api}/dev`, 'insecure-skip-tls-verify': true } },
      cluster('blackhole-prod', places.blackHole ?? places.refused),
      cluster('proxied-prod', places.named ?? places.api, places.proxy ? { 'proxy-url': places.proxy } : {}),
      cluster('named-prod', places.named ?? places.api),
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
      exec('hang', 'exec-hang', 'IfAvailable'),
      exec('relative-exec', 'exec-never', 'Never', './bin/exec-never'),
      { name: 'file-token', user: { 'token-file': 'tokens/blast.token' } },
      { name: 'as-jane', user: { token: TOKEN, as: 'jane' } },
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
      context('prod-blackhole', 'blackhole-prod', 'token-user'),
      context('prod-hang', 'payments-prod', 'hang'),
      context('prod-proxy', 'proxied-prod', 'token-user'),
      context('prod-envproxy', 'named-prod', 'token-user'),
      context('prod-tokenfile', 'payments-prod', 'file-token'),
      context('prod-relexec', 'payments-prod', 'relative-exec'),
      context('prod-as', 'payments-prod', 'as-jane'),
    ],
  });
}

export const blastKubeconfig = { text, plugins };
