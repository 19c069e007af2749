/** Generated kubeconfigs shared by tests and benchmarks. */

/**
 * A valid kubeconfig of about `mib` MiB whose current context is c0: many small contexts on one
 * cluster and user, so its size (not its shape) is what costs.
 * @param {number} mib
 * @returns {string}
 */
export function sizedKubeconfig(mib) {
  const parts = ['apiVersion: v1\nkind: Config\ncurrent-context: c0\ncontexts:\n'];
  let size = parts[0]?.length ?? 0;
  for (let i = 0; size < mib * 1024 * 1024; i++) {
    const part = `- name: c${i}\n  context:\n    cluster: k\n    user: u\n`;
    parts.push(part);
    size += part.length;
  }
  parts.push(
    'clusters:\n- name: k\n  cluster:\n    server: https://k.example.invalid\nusers:\n- name: u\n  user: {}\n',
  );
  return parts.join('');
}
