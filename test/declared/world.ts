/**
 * The world the cluster-declared-level tests run in: the HTTPS API server double holding (or not)
 * the ConfigMap kube-public/kctx-guard, a port that refuses, a black hole that accepts and never
 * answers, exec plugins that record whether they ran, and one kubeconfig file per target (each its
 * own current context), so each can be a shell's KUBECONFIG.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { refusedUrl, startBlackHole } from '../helpers/apiserver/unreachable.js';
import { caFingerprint } from '../../src/identity/ca.js';
import { clusterIdentity } from '../../src/identity/identity.js';
import {
  type ApiDouble,
  type ApiObject,
  makePki,
  type Pki,
  startApiServerDouble,
} from '../helpers/apiserver-double.js';

export const TOKEN = 'declared-token-SECRET-456';

export interface DeclaredWorld {
  pki: Pki;
  api: ApiDouble;
  /** Puts the ConfigMap in the double (replacing any), or removes it (undefined). */
  declare(data: Record<string, string> | undefined): void;
  /** Kubeconfig files by target: `temple` (the double), `login` (a plugin with interactiveMode Always), `refused`, `blackhole`. */
  files: Record<'temple' | 'login' | 'refused' | 'blackhole', string>;
  /** The identity id of each target's cluster, as the daemon computes it. */
  ids: Record<'temple' | 'login' | 'refused' | 'blackhole', string>;
  /** Connections the black hole accepted and never answered. */
  swallowed(): number;
  /** Whether the login plugin was ever run. */
  loginPluginRan(): boolean;
  close(): void;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function kubeconfig(context: string, server: string, ca: string, user: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': context,
    clusters: [{ name: context, cluster: { server, 'certificate-authority-data': b64(ca) } }],
    users: [{ name: `${context}-user`, user }],
    contexts: [{ name: context, context: { cluster: context, user: `${context}-user` } }],
  });
}

/** Starts the doubles and writes the kubeconfigs into `dir`. */
export async function startDeclaredWorld(dir: string): Promise<DeclaredWorld> {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const pki = makePki(join(dir, 'pki'));
  // kubectl asks for the namespace when an object in it is not found, to say which is missing.
  const objects: ApiObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'kube-public', uid: 'uid-kube-public', creationTimestamp: '2025-01-01T00:00:00Z' },
      status: { phase: 'Active' },
    },
  ];
  const api = await startApiServerDouble({ pki, token: TOKEN, objects });
  const refused = await refusedUrl();
  const hole = await startBlackHole();
  const blackHole = hole.url;
  const ran = join(dir, 'login-plugin.ran');
  const plugin = join(dir, 'bin', 'sso-login');
  writeFileSync(
    plugin,
    `#!/bin/sh\ntouch ${JSON.stringify(ran)}\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}\\n'\n`,
  );
  chmodSync(plugin, 0o755);
  const token = { token: TOKEN };
  const idOf = (server: string): string =>
    clusterIdentity({ server, tlsServerName: '', ca: caFingerprint(Buffer.from(pki.ca)) })!.id;
  const write = (name: string, text: string): string => {
    const file = join(dir, `${name}.kubeconfig`);
    writeFileSync(file, text);
    return file;
  };
  const files = {
    temple: write('temple', kubeconfig('temple', api.url, pki.ca, token)),
    // Another path on the same server and CA is another cluster (Rancher): its own identity.
    login: write(
      'login',
      kubeconfig('shop', `${api.url}/sso`, pki.ca, {
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Always' },
      }),
    ),
    refused: write('refused', kubeconfig('edge', refused, pki.ca, token)),
    blackhole: write('blackhole', kubeconfig('vault', blackHole, pki.ca, token)),
  };
  return {
    pki,
    api,
    declare(data) {
      const at = objects.findIndex((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kctx-guard');
      if (at >= 0) objects.splice(at, 1);
      if (data)
        objects.push({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: 'kctx-guard',
            namespace: 'kube-public',
            uid: 'uid-kctx-guard',
            creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          },
          data,
        });
    },
    files,
    ids: {
      temple: idOf(api.url),
      login: idOf(`${api.url}/sso`),
      refused: idOf(refused),
      blackhole: idOf(blackHole),
    },
    swallowed: hole.swallowed,
    loginPluginRan: () => existsSync(ran),
    close() {
      api.close();
      hole.close();
    },
  };
}
