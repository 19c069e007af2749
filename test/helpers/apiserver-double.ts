/**
 * A local HTTPS Kubernetes API server test double: TLS with a CA the test makes (real openssl),
 * bearer-token and client-certificate authentication (401 Status otherwise), legacy discovery
 * (`/api`, `/apis`, group versions) as kubectl reads it, get and list of a fixed set of objects with
 * label and field selectors, the PartialObjectMetadata form, and 404 Status objects, all in the real
 * API's shapes (the tests check them against the real kubectl). Optionally answers late.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';

export interface Pki {
  ca: string;
  serverKey: string;
  serverCert: string;
  /** A client certificate for CN=cert-user, O=devs, signed by the CA. */
  clientKey: string;
  clientCert: string;
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with the real openssl in `dir`. */
export function makePki(dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  writeFileSync(join(dir, 'server.cnf'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  writeFileSync(join(dir, 'client.cnf'), 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
  const key = (name: string): void =>
    run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  key('ca');
  run('req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=kctx-guard test CA');
  for (const [name, subject] of [
    ['server', '/CN=127.0.0.1'],
    ['client', '/O=devs/CN=cert-user'],
  ] as const) {
    key(name);
    run('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      `${name}.cnf`,
    );
  }
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return {
    ca: read('ca.crt'),
    serverKey: read('server.key'),
    serverCert: read('server.crt'),
    clientKey: read('client.key'),
    clientCert: read('client.crt'),
  };
}

export interface ApiObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp: string;
    uid?: string;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string }[];
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  type?: string;
  data?: Record<string, string>;
}

interface Resource {
  group: string;
  version: string;
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
}

/** As a 1.32 API server lists them (`kubectl api-resources`), trimmed to what the tests use. */
const RESOURCES: Resource[] = [
  {
    group: '',
    version: 'v1',
    name: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
  },
  {
    group: '',
    version: 'v1',
    name: 'nodes',
    singularName: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
  },
  { group: '', version: 'v1', name: 'pods', singularName: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'] },
  {
    group: '',
    version: 'v1',
    name: 'persistentvolumeclaims',
    singularName: 'persistentvolumeclaim',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    shortNames: ['pvc'],
  },
  { group: '', version: 'v1', name: 'secrets', singularName: 'secret', kind: 'Secret', namespaced: true },
  {
    group: '',
    version: 'v1',
    name: 'services',
    singularName: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
  },
  {
    group: '',
    version: 'v1',
    name: 'configmaps',
    singularName: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    group: '',
    version: 'v1',
    name: 'serviceaccounts',
    singularName: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    group: 'apps',
    version: 'v1',
    name: 'deployments',
    singularName: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
  },
  {
    group: 'apps',
    version: 'v1',
    name: 'statefulsets',
    singularName: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
  },
  {
    group: 'apps',
    version: 'v1',
    name: 'daemonsets',
    singularName: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
  },
  { group: 'batch', version: 'v1', name: 'jobs', singularName: 'job', kind: 'Job', namespaced: true },
  {
    group: 'batch',
    version: 'v1',
    name: 'cronjobs',
    singularName: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    shortNames: ['cj'],
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    name: 'ingresses',
    singularName: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    shortNames: ['ing'],
  },
];

const groupVersion = (r: Resource): string => (r.group ? `${r.group}/${r.version}` : r.version);

export interface Seen {
  path: string;
  accept: string;
  /** Who the request authenticated as: `token`, `cert:<CN>`, or undefined (refused). */
  user: string | undefined;
  impersonate: string | undefined;
}

export interface ApiDouble {
  url: string;
  seen: Seen[];
  close(): void;
}

export interface DoubleOptions {
  pki: Pki;
  token: string;
  objects: ApiObject[];
  /** Every answer waits this long (a slow or distant cluster). */
  delayMs?: number;
}

const json = (res: ServerResponse, code: number, body: unknown, type = 'application/json'): void =>
  void res.writeHead(code, { 'content-type': type }).end(JSON.stringify(body));

const status = (code: number, reason: string, message: string, details?: Record<string, string>) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
});

/** kubectl's label selector grammar, the parts tests use: `a=b`, `a==b`, `a!=b`, `a`, `!a`, comma-joined. */
function labelsMatch(selector: string | null, labels: Record<string, string> = {}): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [, key = '', op, value = ''] = /^\s*(!?[^=!\s]+)\s*(==|=|!=)?\s*(.*?)\s*$/.exec(term) ?? [];
    if (op === undefined) return key.startsWith('!') ? !(key.slice(1) in labels) : key in labels;
    return op === '!=' ? labels[key] !== value : labels[key] === value;
  });
}

function fieldsMatch(selector: string | null, object: ApiObject): boolean {
  if (!selector) return true;
  const fields: Record<string, unknown> = {
    'metadata.name': object.metadata.name,
    'metadata.namespace': object.metadata.namespace,
    'status.phase': object.status?.['phase'],
    'spec.nodeName': object.spec?.['nodeName'],
  };
  return selector.split(',').every((term) => {
    const [, key = '', op, value] = /^([^=!]+)(==|=|!=)(.*)$/.exec(term) ?? [];
    return op === '!=' ? fields[key] !== value : fields[key] === value;
  });
}

function discovery(req: URL): unknown {
  const p = req.pathname.replace(/\/+$/, '');
  if (p === '/version') return { major: '1', minor: '32', gitVersion: 'v1.32.0-double', platform: 'linux/amd64' };
  if (p === '/api')
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: req.host }],
    };
  const groups = [...new Set(RESOURCES.filter((r) => r.group).map(groupVersion))];
  if (p === '/apis')
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map((gv) => {
        const [name = '', version = ''] = gv.split('/');
        return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
      }),
    };
  const gv = p === '/api/v1' ? 'v1' : p.startsWith('/apis/') ? p.slice('/apis/'.length) : undefined;
  if (gv === undefined || (gv !== 'v1' && !groups.includes(gv))) return undefined;
  const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: RESOURCES.filter((r) => groupVersion(r) === gv).map((r) => ({
      name: r.name,
      singularName: r.singularName,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    })),
  };
}

/** `/api/v1/namespaces/prod/pods/p1` → the resource, namespace and name it addresses. */
function address(pathname: string): { resource: Resource; namespace?: string; name?: string } | undefined {
  const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.*)$/.exec(pathname);
  if (!m) return undefined;
  const gv = m[1] ?? `${m[2]}/${m[3]}`;
  let rest = m[4]!.split('/').filter(Boolean).map(decodeURIComponent);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) [, namespace, ...rest] = rest as [string, string, ...string[]];
  const resource = RESOURCES.find((r) => groupVersion(r) === gv && r.name === rest[0]);
  if (!resource || rest.length > 2) return undefined;
  return {
    resource,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(rest[1] !== undefined ? { name: rest[1] } : {}),
  };
}

/** The status and body for one authenticated request. */
function answer(req: IncomingMessage, objects: ApiObject[]): [number, unknown] {
  const url = new URL(req.url ?? '/', `https://${req.headers.host}`);
  const accept = req.headers.accept ?? '';
  const found = discovery(url);
  if (found !== undefined) return [200, found];
  const at = address(url.pathname);
  if (!at) return [404, status(404, 'NotFound', 'the server could not find the requested resource', {})];
  const { resource, namespace, name } = at;
  const of = objects.filter(
    (o) => o.kind === resource.kind && (namespace === undefined || o.metadata.namespace === namespace),
  );
  const meta = (o: ApiObject) => ({
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: o.metadata,
  });
  if (name !== undefined) {
    const object = of.find((o) => o.metadata.name === name);
    const qualified = resource.group ? `${resource.name}.${resource.group}` : resource.name;
    const details = { name, ...(resource.group ? { group: resource.group } : {}), kind: resource.name };
    if (!object) return [404, status(404, 'NotFound', `${qualified} "${name}" not found`, details)];
    return accept.includes('as=PartialObjectMetadata') ? [200, meta(object)] : [200, object];
  }
  const items = of.filter(
    (o) =>
      labelsMatch(url.searchParams.get('labelSelector'), o.metadata.labels) &&
      fieldsMatch(url.searchParams.get('fieldSelector'), o),
  );
  if (accept.includes('as=PartialObjectMetadataList'))
    return [
      200,
      {
        kind: 'PartialObjectMetadataList',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { resourceVersion: '1' },
        items: items.map(meta),
      },
    ];
  return [
    200,
    {
      kind: `${resource.kind}List`,
      apiVersion: groupVersion(resource),
      metadata: { resourceVersion: '1' },
      items,
    },
  ];
}

export function startApiServerDouble(options: DoubleOptions): Promise<ApiDouble> {
  const seen: Seen[] = [];
  const server: Server = createServer(
    {
      key: options.pki.serverKey,
      cert: options.pki.serverCert,
      ca: options.pki.ca,
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.authorized ? socket.getPeerCertificate() : undefined;
      const user =
        req.headers.authorization === `Bearer ${options.token}`
          ? 'token'
          : peer?.subject?.CN
            ? `cert:${peer.subject.CN}`
            : undefined;
      const impersonate = req.headers['impersonate-user'] as string | undefined;
      seen.push({ path: req.url ?? '', accept: req.headers.accept ?? '', user, impersonate });
      setTimeout(() => {
        if (user === undefined) return json(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
        json(res, ...answer(req, options.objects));
      }, options.delayMs ?? 0);
    },
  );
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}
