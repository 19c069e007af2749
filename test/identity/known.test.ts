/** Matching a target against the classified contexts elsewhere: same server, or a tunnel with the same CA. */
import { describe, expect, it } from 'vitest';
import { clusterIdentity, matchIdentity, type ClusterIdentity, type KnownContext } from '../../src/identity/index.js';

const identity = (server: string, ca?: string, tlsServerName = ''): ClusterIdentity =>
  clusterIdentity({ server, tlsServerName, ca })!;
const LEAP = identity('https://leap.example.invalid', 'sha256:leap');
const known = (
  id: ClusterIdentity,
  level: KnownContext['level'],
  context: string,
  file = '/h/.kube/config',
): KnownContext => ({
  identity: id,
  level,
  context,
  file,
});
const SELF = { context: 'temple', file: '/tmp/deploy/kubeconfig' };

describe('matchIdentity', () => {
  it('matches the same server and CA, spelled differently', () => {
    const match = matchIdentity(identity('https://LEAP.example.invalid:443/', 'sha256:leap'), SELF, [
      known(LEAP, 'danger', 'prod-leap'),
    ]);
    expect(match).toMatchObject({ via: 'server', known: { context: 'prod-leap', level: 'danger' } });
  });
  it('does not match the same server with another CA (another cluster took the name)', () => {
    expect(
      matchIdentity(identity('https://leap.example.invalid', 'sha256:new'), SELF, [known(LEAP, 'danger', 'prod-leap')]),
    ).toBeUndefined();
  });
  it('never matches a context with itself', () => {
    expect(
      matchIdentity(LEAP, { context: 'prod-leap', file: '/h/.kube/config' }, [known(LEAP, 'danger', 'prod-leap')]),
    ).toBeUndefined();
  });
  it('matches the same name in another file', () => {
    expect(
      matchIdentity(LEAP, { context: 'prod-leap', file: '/tmp/k' }, [known(LEAP, 'danger', 'prod-leap')])?.via,
    ).toBe('server');
  });
  it.each([
    ['127.0.0.1', 'https://127.0.0.1:6443'],
    ['localhost', 'https://localhost:16443'],
    ['::1', 'https://[::1]:6443'],
  ])('a %s server with a known CA is a tunnel to that cluster', (_, server) => {
    expect(matchIdentity(identity(server, 'sha256:leap'), SELF, [known(LEAP, 'danger', 'prod-leap')])).toMatchObject({
      via: 'ca',
      known: { context: 'prod-leap' },
    });
  });
  it('a remote server with a known CA is not matched by the CA alone (Rancher, public CAs)', () => {
    expect(
      matchIdentity(identity('https://other.example.invalid', 'sha256:leap'), SELF, [
        known(LEAP, 'danger', 'prod-leap'),
      ]),
    ).toBeUndefined();
  });
  it('a tunnel keeps the path: Rancher clusters behind one CA stay apart', () => {
    const c1 = identity('https://rancher.example.invalid/k8s/clusters/c-1', 'sha256:rancher');
    const c2 = identity('https://rancher.example.invalid/k8s/clusters/c-2', 'sha256:rancher');
    const tunnel = identity('https://127.0.0.1:8443/k8s/clusters/c-2', 'sha256:rancher');
    const match = matchIdentity(tunnel, SELF, [known(c1, 'danger', 'prod'), known(c2, 'warn', 'staging')]);
    expect(match?.known.context).toBe('staging');
  });
  it('a local server without a CA matches nothing but its own server', () => {
    expect(
      matchIdentity(identity('https://127.0.0.1:6443'), SELF, [known(LEAP, 'danger', 'prod-leap')]),
    ).toBeUndefined();
  });
  it('the most dangerous match wins, then a same-server match over a tunnel', () => {
    const tunnel = identity('https://127.0.0.1:6443', 'sha256:leap');
    const match = matchIdentity(tunnel, SELF, [
      known(LEAP, 'warn', 'leap-ro'),
      known(LEAP, 'danger', 'prod-leap'),
      known(tunnel, 'safe', 'kind-x'),
    ]);
    expect(match?.known.context).toBe('prod-leap');
    const tie = matchIdentity(tunnel, SELF, [
      known(LEAP, 'danger', 'prod-leap'),
      known(tunnel, 'danger', 'leap-tunnel'),
    ]);
    expect(tie).toMatchObject({ via: 'server', known: { context: 'leap-tunnel' } });
  });
});
