/** Normalising API server URLs: every spelling of one server is one identity, and no credential survives. */
import { describe, expect, it } from 'vitest';
import { clusterIdentity, normalizeServer } from '../../src/identity/index.js';

describe('normalizeServer', () => {
  it.each([
    ['default https port written out', 'https://api.example.invalid', 'https://api.example.invalid:443'],
    ['explicit 443 is the same', 'https://api.example.invalid:443', 'https://api.example.invalid:443'],
    ['host lower-cased', 'https://API.Example.INVALID:6443', 'https://api.example.invalid:6443'],
    ['trailing slash dropped', 'https://api.example.invalid:6443/', 'https://api.example.invalid:6443'],
    ['trailing dot of the host dropped', 'https://api.example.invalid.:6443', 'https://api.example.invalid:6443'],
    ['no scheme means https (client-go)', 'api.example.invalid:6443', 'https://api.example.invalid:6443'],
    ['http keeps port 80', 'http://127.0.0.1', 'http://127.0.0.1:80'],
    ['query and fragment dropped', 'https://a.example.invalid/x?y=1#z', 'https://a.example.invalid:443/x'],
    ['userinfo stripped', 'https://admin:s3cret@api.example.invalid:6443', 'https://api.example.invalid:6443'],
    ['user alone stripped', 'https://token@api.example.invalid', 'https://api.example.invalid:443'],
    ['IPv6 compressed', 'https://[0:0:0:0:0:0:0:1]:6443', 'https://[::1]:6443'],
    ['IPv6 lower-cased', 'https://[FD00::ABCD]:6443/', 'https://[fd00::abcd]:6443'],
    [
      'Rancher path kept',
      'https://rancher.example.invalid/k8s/clusters/c-m-abc12/',
      'https://rancher.example.invalid:443/k8s/clusters/c-m-abc12',
    ],
    [
      'GKE Connect path kept',
      'https://connectgateway.googleapis.invalid/v1/projects/123/locations/global/gkeMemberships/leap',
      'https://connectgateway.googleapis.invalid:443/v1/projects/123/locations/global/gkeMemberships/leap',
    ],
    [
      'Teleport path kept',
      'https://teleport.example.invalid:3026/v1/teleport/a2V5/bGVhcA',
      'https://teleport.example.invalid:3026/v1/teleport/a2V5/bGVhcA',
    ],
    [
      'path case kept (paths are case-sensitive)',
      'https://h.example.invalid/K8s/Clusters/C-1',
      'https://h.example.invalid:443/K8s/Clusters/C-1',
    ],
  ])('%s', (_, server, url) => {
    expect(normalizeServer(server)?.url).toBe(url);
  });

  it.each([[''], ['   '], ['https://'], ['ftp://api.example.invalid'], ['https://exa mple.invalid']])(
    'no identity for %j',
    (server) => expect(normalizeServer(server)).toBeUndefined(),
  );

  it.each([
    ['https://127.0.0.1:6443', true],
    ['https://127.42.0.9:6443', true],
    ['https://localhost:6443', true],
    ['https://LOCALHOST:6443', true],
    ['https://kind.localhost:6443', true],
    ['https://[::1]:6443', true],
    ['https://[::ffff:127.0.0.1]:6443', true],
    ['https://0.0.0.0:6443', true],
    ['https://10.0.0.1:6443', false],
    ['https://127.example.invalid:6443', false],
    ['https://localhost.example.invalid', false],
  ])('%s is loopback: %s', (server, loopback) => {
    expect(normalizeServer(server)?.loopback).toBe(loopback);
  });

  it('never keeps a credential anywhere in the identity', () => {
    const identity = clusterIdentity({
      server: 'https://admin:hunter2@api.example.invalid:6443/',
      tlsServerName: '',
      ca: undefined,
    });
    expect(JSON.stringify(identity)).not.toContain('hunter2');
    expect(JSON.stringify(identity)).not.toContain('admin');
  });
});

describe('clusterIdentity', () => {
  const ca = 'sha256:aa';
  // null: the cluster names no CA.
  const id = (server: string, tlsServerName = '', fingerprint: string | null = ca): string | undefined =>
    clusterIdentity({ server, tlsServerName, ca: fingerprint ?? undefined })?.id;

  it('is the same for every spelling of one server', () => {
    expect(id('https://API.example.invalid/')).toBe(id('api.example.invalid:443'));
  });
  it('differs by path: Rancher serves many clusters behind one host and CA', () => {
    expect(id('https://r.example.invalid/k8s/clusters/c-1')).not.toBe(id('https://r.example.invalid/k8s/clusters/c-2'));
  });
  it('differs by tls-server-name, compared without case', () => {
    expect(id('https://127.0.0.1:6443', 'leap.example.invalid')).not.toBe(id('https://127.0.0.1:6443'));
    expect(id('https://127.0.0.1:6443', 'LEAP.example.invalid')).toBe(
      id('https://127.0.0.1:6443', 'leap.example.invalid'),
    );
  });
  it('differs by CA, and a CA differs from none', () => {
    expect(id('https://127.0.0.1:6443', '', 'sha256:bb')).not.toBe(id('https://127.0.0.1:6443'));
    expect(id('https://127.0.0.1:6443', '', null)).not.toBe(id('https://127.0.0.1:6443'));
  });
  it('is 12 hex digits', () => expect(id('https://a.example.invalid')).toMatch(/^[0-9a-f]{12}$/));
});
