/**
 * The connection the blast radius uses: the target's cluster and user as kubectl finds them
 * (cluster-api/definitions.ts), turned into HTTPS request options (cluster-api/request-options.ts),
 * with exec plugins run by blast-exec.ts instead of client-node (which would hand them our terminal
 * and ignore `interactiveMode`). Loads none of client-node's generated API code.
 */
import { readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import type { User } from '@kubernetes/client-node';
import { findDefinitions, proxyFromEnvironment, requestOptions } from '../cluster-api/index.js';
import { type ExecConfig, type PidSlot, runExecPlugin } from './blast-exec.js';

export interface Connection {
  server: string;
  options: RequestOptions;
}

export interface ConnectTarget {
  files: string[];
  cluster: string;
  user: string;
  /** `--as` / `--as-group` on the command line: the command acts as them, so we look as them. */
  impersonate: { user: string | undefined; groups: string[] };
}

const pemToBase64 = (pem: string | undefined): string | undefined =>
  pem === undefined ? undefined : Buffer.from(pem).toString('base64');

/**
 * The server URL and request options for the target.
 * @throws NeedsInteractiveLogin when the credentials need a person; Error when they cannot be had.
 */
export async function connect(target: ConnectTarget, deadline: number, slot: PidSlot): Promise<Connection> {
  const { cluster, user: defined } = findDefinitions(target.files, target.cluster, target.user);
  let user: User = defined;
  if (user.exec) {
    const caData = cluster.caData ?? (cluster.caFile ? readFileSync(cluster.caFile).toString('base64') : undefined);
    const credentials = await runExecPlugin(
      user.exec as ExecConfig,
      user.name,
      {
        server: cluster.server,
        caData,
        skipTLSVerify: cluster.skipTLSVerify,
        tlsServerName: cluster.tlsServerName,
        proxyUrl: cluster.proxyUrl ?? proxyFromEnvironment(cluster.server),
      },
      deadline,
      slot,
    );
    user = {
      name: user.name,
      impersonateUser: user.impersonateUser,
      token: credentials.token,
      certData: pemToBase64(credentials.certData) ?? user.certData,
      keyData: pemToBase64(credentials.keyData) ?? user.keyData,
      certFile: credentials.certData ? undefined : user.certFile,
      keyFile: credentials.keyData ? undefined : user.keyFile,
    };
  }
  // The command's own --as replaces the kubeconfig's `as`, as in kubectl.
  const impersonated = target.impersonate.user ?? user.impersonateUser;
  const options = await requestOptions(cluster, { ...user, impersonateUser: impersonated });
  if (target.impersonate.groups.length > 0) options.headers['Impersonate-Group'] = target.impersonate.groups;
  return { server: cluster.server.replace(/\/+$/, ''), options };
}
