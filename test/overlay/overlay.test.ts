/**
 * The pure parts of overlays, by table: which paths are overlays, the KUBECONFIG values of pinning
 * and unpinning (a nested `use` replaces, never stacks), "did you mean", and a missing overlay read
 * as an error where kubectl would silently skip it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closestNames,
  isOverlayPath,
  OVERLAY_PREFIX,
  overlayText,
  pinnedValue,
  removeDeadOverlays,
  unpinnedValue,
  useNamespace,
  writeOverlay,
  type NamespaceLookup,
} from '../../src/overlay/index.js';
import { loadKubeconfigFile } from '../../src/pipeline/index.js';
import { parseKubeconfig } from '../../src/kubeconfig/index.js';
import { entryFileName, entryKey } from '../../src/cache/index.js';

const OV = `/run/user/1/kctx-guard/overlays/42-9001-1/${OVERLAY_PREFIX}42-9001-1.yaml`;
const OV2 = `/run/user/1/kctx-guard/overlays/77-9002-3/${OVERLAY_PREFIX}77-9002-3.yaml`;

describe('overlay paths', () => {
  it.each([
    [OV, true],
    [`/x/overlays/1-0-1/${OVERLAY_PREFIX}1-0-1.yaml`, true],
    [`/x/overlays/1-0-1/${OVERLAY_PREFIX}1-0-2.yaml`, false],
    [`/x/other/1-0-1/${OVERLAY_PREFIX}1-0-1.yaml`, false],
    [`/x/overlays/${OVERLAY_PREFIX}1-0-1.yaml`, false],
    [`/x/overlays/0-0-1/${OVERLAY_PREFIX}0-0-1.yaml`, false],
    [`/x/overlays/1-0/${OVERLAY_PREFIX}1-0.yaml`, false],
    [`/x/overlays/1-0-1/${OVERLAY_PREFIX}1-0-1.yaml.lock`, false],
    ['/x/overlays/1-0-1/config', false],
    ['/home/u/.kube/config', false],
  ])('%s → %s', (path, expected) => expect(isOverlayPath(path)).toBe(expected));

  it('name the way out in the error kubectl prints for a write: no `:` (KUBECONFIG) and no space', () => {
    expect(OVERLAY_PREFIX).toMatch(/kctx-guard-use.*read-only.*kctx-guard-status/);
    expect(OVERLAY_PREFIX).not.toMatch(/[:\s]/);
  });
});

describe('KUBECONFIG values', () => {
  it.each([
    [undefined, `${OV}:/h/.kube/config:${OV}`],
    ['', `${OV}:/h/.kube/config:${OV}`],
    ['/d/a.yaml:/d/b.yaml', `${OV}:/d/a.yaml:/d/b.yaml:${OV}`],
    [`${OV2}:/d/a.yaml:${OV2}`, `${OV}:/d/a.yaml:${OV}`],
    [`/d/x.yaml:${OV2}:/d/a.yaml`, `${OV}:/d/x.yaml:/d/a.yaml:${OV}`],
    [`${OV2}:/h/.kube/config`, `${OV}:/h/.kube/config:${OV}`],
  ])('pinning %s', (value, expected) => expect(pinnedValue(OV, value, '/h')).toBe(expected));

  it.each([
    [`${OV}:/h/.kube/config:${OV}`, ''],
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
    const gone = loadKubeconfigFile(join(dir, 'overlays', '5-0-1', `${OVERLAY_PREFIX}5-0-1.yaml`));
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
    expect(switched.kubeconfig).toMatch(
      /^[^:]*\/overlays\/(\d+-\d+-1)\/kctx-guard-use-pin[^:/]*--\1\.yaml:[^:]*\/home\/\.kube\/config:[^:]*\1\.yaml$/,
    );
    expect(switched.previous).toBe('default');
  });
});

describe('cleaning up', () => {
  it('removes a gone shell’s overlay folder, keeps a live shell’s and any folder holding something else', () => {
    const cache = mkdtempSync(join(tmpdir(), 'kctx-overlay-sweep-'));
    const gone = spawnSync('true').pid!;
    // writeOverlay names the folder after the pid it is given; `true` has exited, so that shell is gone.
    const dead = writeOverlay(cache, gone, { context: 'a' });
    const foreign = writeOverlay(cache, gone, { context: 'b' });
    writeFileSync(join(dirname(foreign), 'notes.txt'), 'mine');
    const live = writeOverlay(cache, process.pid, { context: 'c' });
    const report = removeDeadOverlays(cache, true);
    expect(report.removed).toEqual([dead]);
    expect(report.kept).toEqual([dirname(foreign)]);
    expect(existsSync(dirname(dead))).toBe(false);
    expect(existsSync(foreign)).toBe(true);
    expect(existsSync(live) && existsSync(`${live}.lock`)).toBe(true);
  });
});

describe('entry names of pinned shells', () => {
  it('differ for two overlays on the same files, though the keys are long and of one length', () => {
    const home = '/home/someone-with-a-long-name';
    const names = [OV, OV2.replace('77-9002-3', '42-9001-2')].map((overlay) =>
      entryFileName(entryKey({ home, configHome: '', kubeconfig: pinnedValue(overlay, undefined, home), cwd: home })),
    );
    expect(names[0]).toMatch(/^l/);
    expect(names[0]).not.toBe(names[1]);
  });
});
