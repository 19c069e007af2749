/**
 * Normalises an API server URL into the part of a cluster's identity that names where it is:
 * scheme, host (lower-cased, IPv6 compressed, no trailing dot), port (always written, 443 when
 * https gives none), and the path without its trailing slash, since Rancher, GKE Connect and
 * Teleport put many clusters behind one host. Userinfo is dropped: it is a credential. Pure.
 */

/** A normalised server: what two spellings of one API server have in common. */
export interface NormalServer {
  /** `https://host:port/path`, port always written, no userinfo, query or fragment. */
  url: string;
  host: string;
  port: number;
  /** Empty for the root. */
  path: string;
  /** localhost, 127.0.0.0/8, ::1 or 0.0.0.0: a local cluster, or a tunnel to a remote one. */
  loopback: boolean;
}

const DEFAULT_PORT: Record<string, number> = { 'https:': 443, 'http:': 80 };

/** Hosts that reach this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    bare === 'localhost' ||
    bare.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) ||
    bare === '::1' ||
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(bare) ||
    bare === '0.0.0.0' ||
    bare === '::'
  );
}

/**
 * The normalised form of `server`, or undefined when it is empty or not a URL. A server without a
 * scheme is https, as client-go reads it (`DefaultServerURL`).
 */
export function normalizeServer(server: string): NormalServer | undefined {
  const text = server.trim();
  if (text === '') return undefined;
  const withScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  const scheme = url.protocol;
  const defaultPort = DEFAULT_PORT[scheme];
  if (defaultPort === undefined || url.hostname === '') return undefined;
  // URL already lower-cases the host, compresses IPv6 and punycodes names; a trailing dot is the same name.
  const host = url.hostname.replace(/\.$/, '');
  const port = url.port === '' ? defaultPort : Number(url.port);
  const path = url.pathname.replace(/\/+$/, '');
  return {
    url: `${scheme}//${host}:${port}${path}`,
    host,
    port,
    path,
    loopback: isLoopbackHost(host),
  };
}
