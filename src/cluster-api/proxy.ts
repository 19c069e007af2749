/**
 * The proxy a request to the API server goes through, as kubectl picks it: the cluster's
 * `proxy-url`, else the environment as Go's ProxyFromEnvironment reads it (HTTPS_PROXY, HTTP_PROXY,
 * NO_PROXY; loopback never goes through a proxy); and the agent that tunnels through it, from the
 * same packages client-node uses (hpagent, socks-proxy-agent), loaded only when there is a proxy.
 */
import type { Agent } from 'node:http';
import type { AgentOptions } from 'node:https';

export function proxyFromEnvironment(server: string): string | undefined {
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

/** An agent that reaches `server` through `proxy` with the TLS options in `tls` (as client-node's createAgent). */
export async function proxyAgent(server: string, proxy: string, tls: AgentOptions): Promise<Agent> {
  if (proxy.startsWith('socks')) {
    const { SocksProxyAgent } = await import('socks-proxy-agent');
    return new SocksProxyAgent(proxy, tls);
  }
  const { HttpProxyAgent, HttpsProxyAgent } = await import('hpagent');
  return server.startsWith('https:') ? new HttpsProxyAgent({ ...tls, proxy }) : new HttpProxyAgent({ ...tls, proxy });
}
