/**
 * The HTTPS request options for a kubeconfig cluster and user, as client-node's
 * `KubeConfig.applyToHTTPSOptions` makes them (CA, client certificate and key from files or data,
 * `insecure-skip-tls-verify`, `tls-server-name`, bearer token, token-file, basic auth, `as`,
 * the oidc auth-provider, `proxy-url`) without loading KubeConfig: its module imports client-node's
 * generated API models, ~0.4 s of a 1.5 s budget. The pieces come from client-node's own modules
 * where it has them (oidc, token-file auth-provider), loaded only for a user that needs them.
 * Exec plugins are the caller's: they decide how a plugin may run (see guard/blast-exec.ts).
 */
import { readFileSync } from 'node:fs';
import type { AgentOptions, RequestOptions } from 'node:https';
import type { Cluster, User } from '@kubernetes/client-node';
import { proxyAgent, proxyFromEnvironment } from './proxy.js';

export interface ApiRequestOptions extends RequestOptions {
  headers: Record<string, string | string[]>;
}

const fileOrData = (file: string | undefined, data: string | undefined): Buffer | undefined =>
  file ? readFileSync(file) : data ? Buffer.from(data, 'base64') : undefined;

interface AuthProvider {
  name?: string;
  config?: Record<string, string>;
}

/** What an auth-provider adds: client-node's authenticator for it, loaded only now. */
async function providerHeaders(user: User, options: ApiRequestOptions): Promise<void> {
  const provider = user.authProvider as AuthProvider | null | undefined;
  if (!provider) return;
  if (provider.name === 'gcp' || provider.name === 'azure')
    throw new Error(`user "${user.name}" uses the ${provider.name} auth-provider, which kubectl no longer supports`);
  if (provider.name === 'oidc') {
    const { OpenIDConnectAuth } = await import('@kubernetes/client-node/dist/oidc_auth.js');
    await new OpenIDConnectAuth().applyAuthentication(user, options);
  } else if (provider.config?.['tokenFile']) {
    const { FileAuth } = await import('@kubernetes/client-node/dist/file_auth.js');
    await new FileAuth().applyAuthentication(user, options);
  }
}

/**
 * Request options for `cluster` as `user`; `user.exec` must already have been turned into a token
 * or certificate by the caller.
 * @throws Error when a file the kubeconfig names cannot be read, or an auth-provider fails.
 */
export async function requestOptions(cluster: Cluster, user: User): Promise<ApiRequestOptions> {
  const tls: AgentOptions = {};
  if (cluster.skipTLSVerify) tls.rejectUnauthorized = false;
  if (cluster.tlsServerName) tls.servername = cluster.tlsServerName;
  const ca = fileOrData(cluster.caFile, cluster.caData);
  const cert = fileOrData(user.certFile, user.certData);
  const key = fileOrData(user.keyFile, user.keyData);
  if (ca) tls.ca = ca;
  if (cert) tls.cert = cert;
  if (key) tls.key = key;
  const options: ApiRequestOptions = { ...tls, headers: {} };
  if (user.impersonateUser) options.headers['Impersonate-User'] = user.impersonateUser;
  await providerHeaders(user, options);
  if (user.token) options.headers['Authorization'] = `Bearer ${user.token}`;
  if (user.username) options.auth = `${user.username}:${user.password ?? ''}`;
  const proxy = cluster.proxyUrl ?? proxyFromEnvironment(cluster.server);
  if (proxy) options.agent = await proxyAgent(cluster.server, proxy, tls);
  return options;
}
