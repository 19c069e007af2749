/**
 * The connection the blast radius uses: the target's cluster and user taken whole from the first
 * kubeconfig file that defines each (kubectl's rule, which client-node's own merge does not follow),
 * turned into HTTPS request options by `@kubernetes/client-node` (CA, client certificates, tokens,
 * token files, basic auth, OIDC, `proxy-url`), with exec plugins run by blast-exec.ts instead of
 * client-node (which would hand them our terminal and ignore `interactiveMode`).
 */
import { readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import type { Cluster, KubeConfig, User } from '@kubernetes/client-node';
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

/** Node's proxy environment, as Go's ProxyFromEnvironment reads it (loopback never goes through a proxy). */
function proxyFromEnvironment(server: string): string | undefined {
  const url = new URL(server);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) return undefined;
  const env = process.env;
  const proxy =
    url.protocol === 'https:' ? (env['HTTPS_PROXY'] ?? env['https_proxy']) : (env['HTTP_PROXY'] ?? env['http_proxy']);
  if (!proxy) return undefined;
  const bypass = (env['NO_PROXY'] ?? env['no_proxy'] ?? '').split(',').map((entry) => entry.trim().toLowerCase());
  const hit = bypass.some(
    (entry) =>
      entry === '*' ||
      (entry !== '' && (host === entry.replace(/^\./, '') || host.endsWith(`.${entry.replace(/^\./, '')}`))),
  );
  return hit ? undefined : proxy;
}

async function definitions(target: ConnectTarget): Promise<{ config: KubeConfig; cluster: Cluster; user: User }> {
  const { KubeConfig: Config } = await import('@kubernetes/client-node');
  let cluster: Cluster | null = null;
  let user: User | null = null;
  for (const file of target.files) {
    const loaded = new Config();
    try {
      loaded.loadFromFile(file);
    } catch {
      continue;
    }
    cluster ??= loaded.getCluster(target.cluster);
    user ??= loaded.getUser(target.user);
  }
  if (!cluster) throw new Error(`@kubernetes/client-node cannot read cluster "${target.cluster}"`);
  return { config: new Config(), cluster, user: user ?? { name: target.user } };
}

const pemToBase64 = (pem: string | undefined): string | undefined =>
  pem === undefined ? undefined : Buffer.from(pem).toString('base64');

/**
 * The server URL and request options for the target.
 * @throws NeedsInteractiveLogin when the credentials need a person; Error when they cannot be had.
 */
export async function connect(target: ConnectTarget, deadline: number, slot: PidSlot): Promise<Connection> {
  const found = await definitions(target);
  const cluster: Cluster = {
    ...found.cluster,
    proxyUrl: found.cluster.proxyUrl ?? proxyFromEnvironment(found.cluster.server),
  };
  let user: User = found.user;
  const provider = user.authProvider as { name?: string } | undefined | null;
  if (provider?.name === 'gcp' || provider?.name === 'azure')
    throw new Error(`user "${user.name}" uses the ${provider.name} auth-provider, which kubectl no longer supports`);
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
        proxyUrl: cluster.proxyUrl,
      },
      deadline,
      slot,
    );
    user = {
      name: user.name,
      token: credentials.token,
      certData: pemToBase64(credentials.certData) ?? user.certData,
      keyData: pemToBase64(credentials.keyData) ?? user.keyData,
      certFile: credentials.certData ? undefined : user.certFile,
      keyFile: credentials.keyData ? undefined : user.keyFile,
    };
  }
  const impersonated = target.impersonate.user ?? user.impersonateUser;
  user = { ...user, impersonateUser: undefined };
  found.config.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: [{ name: 'blast', cluster: cluster.name, user: user.name }],
    currentContext: 'blast',
  });
  const options: RequestOptions & { headers: Record<string, string | string[]> } = { headers: {} };
  await found.config.applyToHTTPSOptions(options);
  if (impersonated) options.headers['Impersonate-User'] = impersonated;
  if (target.impersonate.groups.length > 0) options.headers['Impersonate-Group'] = target.impersonate.groups;
  return { server: cluster.server.replace(/\/+$/, ''), options };
}
