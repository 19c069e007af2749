/**
 * A local HTTPS Kubernetes API server test double: TLS with a CA the test makes (real openssl),
 * bearer-token and client-certificate authentication (401 Status otherwise), legacy discovery
 * as kubectl reads it, get and list of a fixed set of objects with label and field selectors, the
 * PartialObjectMetadata forms, and 404 Status objects, all in the real API's shapes (the tests
 * check them against the real kubectl). Optionally answers late. Its parts: apiserver/pki.ts (the
 * certificates), apiserver/api-resources.ts (what it serves, discovery), apiserver/selectors.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { address, type ApiObject, discovery, groupVersion } from './apiserver/api-resources.js';
import type { Pki } from './apiserver/pki.js';
import { fieldsMatch, labelsMatch } from './apiserver/selectors.js';

export type { ApiObject } from './apiserver/api-resources.js';
export { API_HOST, makePki, type Pki } from './apiserver/pki.js';

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
