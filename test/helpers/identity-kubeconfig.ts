/**
 * Kubeconfigs for the identity tests: clusters with a server, a stand-in CA (a PEM block around a
 * name: the fingerprint needs no real certificate, and kubectl never verifies it offline) and
 * `kctx-guard` extensions. Servers are on 127.0.0.1 or example.invalid only.
 */
export interface IdentityContext {
  name: string;
  server: string;
  /** The CA's stand-in name: equal names are one CA. */
  ca?: string;
  /** `certificate-authority:` path, relative to the kubeconfig's folder or absolute. */
  caFile?: string;
  tlsServerName?: string;
  /** Flow YAML for the cluster's `kctx-guard` extension, e.g. `{level: danger, alias: leap}`. */
  clusterExtension?: string;
  contextExtension?: string;
}

export function caPem(name: string): string {
  return `-----BEGIN CERTIFICATE-----\n${Buffer.from(`${name} CA stand-in`).toString('base64')}\n-----END CERTIFICATE-----\n`;
}

export function identityKubeconfig(current: string, contexts: IdentityContext[]): string {
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${current}`, 'clusters:'];
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`);
    if (c.ca) lines.push(`    certificate-authority-data: ${Buffer.from(caPem(c.ca)).toString('base64')}`);
    if (c.caFile) lines.push(`    certificate-authority: ${c.caFile}`);
    if (c.tlsServerName) lines.push(`    tls-server-name: ${c.tlsServerName}`);
    if (c.clusterExtension)
      lines.push('    extensions:', '    - name: kctx-guard', `      extension: ${c.clusterExtension}`);
  }
  lines.push('contexts:');
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, '    user: u');
    if (c.contextExtension)
      lines.push('    extensions:', '    - name: kctx-guard', `      extension: ${c.contextExtension}`);
  }
  lines.push('users:', '- name: u', '  user: {token: not-a-real-token}');
  return `${lines.join('\n')}\n`;
}
