/**
 * The pure parts of overlays, by table: which paths are overlays, the KUBECONFIG values of pinning
 * and unpinning (a nested `use` replaces, never stacks), "did you mean", and a missing overlay read
 * as an error where kubectl would silently skip it.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closestNames,
  isOverlayPath,
  overlayText,
  pinnedValue,
  unpinnedValue,
  useNamespace,
  type NamespaceLookup,
} from '../../src/overlay/index.js';
import { loadKubeconfigFile } from '../../src/pipeline/index.js';
import { parseKubeconfig } from '../../src/kubeconfig/index.js';

const OV = '/run/user/1/kctx-guard/overlays/kctx-overlay-42-9001-1.yaml';
const OV2 = '/run/user/1/kctx-guard/overlays/kctx-overlay-77-9002-3.yaml';

describe('overlay paths', () => {
  it.each([
    [OV, true],
    ['/x/overlays/kctx-overlay-1-0-1.yaml', true],
    ['/x/other/kctx-overlay-1-0-1.yaml', false],
    ['/x/overlays/kctx-overlay-0-0-1.yaml', false],
    ['/x/overlays/kctx-overlay-1-0-1.yaml.lock', false],
    ['/home/u/.kube/config', false],
  ])('%s → %s', (path, expected) => expect(isOverlayPath(path)).toBe(expected));
});

describe('KUBECONFIG values', () => {
  it.each([
    [undefined, `${OV}:/h/.kube/config`],
    ['', `${OV}:/h/.kube/config`],
    ['/d/a.yaml:/d/b.yaml', `${OV}:/d/a.yaml:/d/b.yaml`],
    [`${OV2}:/d/a.yaml`, `${OV}:/d/a.yaml`],
    [`/d/x.yaml:${OV2}:/d/a.yaml`, `${OV}:/d/x.yaml:/d/a.yaml`],
    [`${OV2}:/h/.kube/config`, `${OV}:/h/.kube/config`],
  ])('pinning %s', (value, expected) => expect(pinnedValue(OV, value, '/h')).toBe(expected));

  it.each([
    [`${OV}:/h/.kube/config`, ''],
    [`${OV}:/d/a.yaml:/d/b.yaml`, '/d/a.yaml:/d/b.yaml'],
    [OV, ''],
    [undefined, ''],
  ])('unpinning %s', (value, expected) => expect(unpinnedValue(value, '/h')).toBe(expected));
});

describe('closest names', () => {
  it.each([
    ['stgae', ['dev', 'stage', 'prod'], ['stage']],
    ['prd', ['dev', 'stage', 'prod', 'prod-eu'], ['prod', 'prod-eu']],
    ['zzzzzzzz', ['dev', 'stage'], []],
  ])('%s', (typed, names, expected) => expect(closestNames(typed, names)).toEqual(expected));
});

describe('overlay text', () => {
  it('parses back to only current-context, or that one context entry; hostile names stay names', () => {
    const name = 'a"b: $(x)\n- c';
    const plain = parseKubeconfig(overlayText({ context: name }, 1), 'o');
    expect(plain.currentContext).toBe(name);
    expect([plain.contexts.size, plain.clusters.size, plain.users.size]).toEqual([0, 0, 0]);
    const ns = parseKubeconfig(
      overlayText({ context: name, definition: { cluster: 'c', user: 'u', namespace: 'n' } }, 1),
      'o',
    );
    expect(ns.contexts.get(name)).toEqual({ cluster: 'c', user: 'u', namespace: 'n' });
    expect([ns.clusters.size, ns.users.size]).toEqual([0, 0]);
  });
});

describe('a missing file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kctx-overlay-'));
  it('is skipped, as kubectl does, unless it is an overlay: then it is an error', () => {
    expect(loadKubeconfigFile(join(dir, 'config')).status).toBe('missing');
    const gone = loadKubeconfigFile(join(dir, 'overlays', 'kctx-overlay-5-0-1.yaml'));
    expect(gone.status === 'error' && gone.error.code).toBe('missing-overlay');
  });
});

describe('ns with a name the cluster does not have', () => {
  it('names the closest namespaces and writes nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'kctx-overlay-ns-'));
    const home = join(root, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    writeFileSync(
      join(home, '.kube', 'config'),
      'current-context: dev\ncontexts:\n- name: dev\n  context: {cluster: c, user: u}\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {}\n',
    );
    const state = { kubeconfig: undefined, home, cwd: root, cacheDir: join(root, 'cache'), pid: process.pid };
    const lookup = (): NamespaceLookup => ({ names: ['default', 'payments', 'kube-system'] });
    expect(() => useNamespace(state, 'paymnets', lookup)).toThrow(
      'cluster "c" has no namespace "paymnets"; did you mean "payments"?',
    );
    expect(existsSync(join(root, 'cache', 'overlays'))).toBe(false);
    const switched = useNamespace(state, 'payments', lookup);
    expect(switched.kubeconfig).toMatch(/\/overlays\/kctx-overlay-\d+-\d+-1\.yaml:.*\/home\/\.kube\/config$/);
    expect(switched.previous).toBe('default');
  });
});
