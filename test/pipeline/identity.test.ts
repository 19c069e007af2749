/**
 * Levels follow identity, computed from real files: a deploy tool's temporary kubeconfig that names
 * leap's server and CA after something harmless is danger, with the reason, as are tunnels, k3s's
 * `default` and renamed contexts; kubeconfig extensions declare levels and aliases.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyMemory, knownContexts, learn, MEMORY_LIMITS } from '../../src/identity/index.js';
import { computeEntry } from '../../src/pipeline/index.js';
import { plainSegment } from '../../src/render/index.js';
import { caPem, identityKubeconfig, type IdentityContext } from '../helpers/identity-kubeconfig.js';

const root = mkdtempSync(join(tmpdir(), 'kctx-identity-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const home = join(root, 'home');
mkdirSync(join(home, '.kube'), { recursive: true });
const HOME_CONFIG = join(home, '.kube', 'config');
const configFile = join(root, 'config.yaml');

type Ctx = IdentityContext;
const pem = caPem;
const kubeconfig = identityKubeconfig;

const USER_CONFIG: Ctx[] = [
  { name: 'prod-leap', server: 'https://leap.example.invalid', ca: 'leap' },
  { name: 'temple', server: 'https://temple.example.invalid', ca: 'temple' },
  { name: 'staging-hub', server: 'https://hub.example.invalid:6443/k8s/clusters/c-2', ca: 'rancher' },
];
writeFileSync(HOME_CONFIG, kubeconfig('temple', USER_CONFIG));

/** What the daemon's memory holds once it has served ~/.kube/config. */
function memoryOfHome() {
  const { observed } = computeEntry({ key: 'k', kubeconfig: undefined, cwd: root, home, configFile });
  return knownContexts(learn(emptyMemory(), observed, new Date()).memory);
}

let n = 0;
function temp(current: string, contexts: Ctx[]): string {
  const file = join(root, `deploy-${n++}`, 'kubeconfig');
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, kubeconfig(current, contexts));
  return file;
}
function entryFor(kubeconfigValue: string, known = memoryOfHome()) {
  return computeEntry({ key: 'k', kubeconfig: kubeconfigValue, cwd: root, home, configFile, known }).entry;
}

describe('levels follow identity', () => {
  it('the LEAP replay: a temporary kubeconfig whose `temple` context is leap-prod is danger, and says why', () => {
    const file = temp('temple', [{ name: 'temple', server: 'https://LEAP.example.invalid:443/', ca: 'leap' }]);
    const entry = entryFor(file);
    expect(entry.level).toBe('danger');
    expect(entry.details.rule).toBe('same API server as prod-leap (~/.kube/config)');
    expect(entry.segment.note).toBe('[same API server as prod-leap (~/.kube/config)]');
    expect(plainSegment(entry.segment)).toBe(
      '[KUBECONFIG=kubeconfig] ⎈ temple:default [same API server as prod-leap (~/.kube/config)]',
    );
    expect(entry.details.identity?.server).toBe('https://leap.example.invalid:443');
  });

  it('without the memory, the same file is unclassified: the name alone says nothing', () => {
    const file = temp('temple', [{ name: 'temple', server: 'https://leap.example.invalid', ca: 'leap' }]);
    expect(entryFor(file, []).level).toBe('unclassified');
  });

  it('KUBECONFIG=temp:~/.kube/config needs no memory: the files read together count at once', () => {
    const file = temp('temple-deploy', [{ name: 'temple-deploy', server: 'https://leap.example.invalid', ca: 'leap' }]);
    const entry = entryFor(`${file}:${HOME_CONFIG}`, []);
    expect(entry.level).toBe('danger');
    expect(entry.details.rule).toBe('same API server as prod-leap (~/.kube/config)');
  });

  it.each([
    ['k3s default context', 'default', 'https://leap.example.invalid', 'leap', undefined],
    ['a renamed context', 'leap', 'https://leap.example.invalid', 'leap', undefined],
    [
      'an SSH tunnel on 127.0.0.1 with leap CA',
      'tunnel',
      'https://127.0.0.1:16443',
      'leap',
      'same CA as prod-leap (~/.kube/config), on a local address: a tunnel',
    ],
    [
      'a port-forward on localhost with leap CA and tls-server-name',
      'pf',
      'https://localhost:6443',
      'leap',
      'same CA as prod-leap (~/.kube/config), on a local address: a tunnel',
    ],
  ])('%s is danger', (_, name, server, ca, reason) => {
    const file = temp(name, [{ name, server, ca, tlsServerName: name === 'pf' ? 'leap.example.invalid' : undefined }]);
    const entry = entryFor(file);
    expect(entry.level).toBe('danger');
    expect(entry.details.rule).toBe(reason ?? 'same API server as prod-leap (~/.kube/config)');
  });

  it('a local server with its own CA stays a safe local cluster', () => {
    const file = temp('dev', [{ name: 'dev', server: 'https://127.0.0.1:6443', ca: 'kind' }]);
    expect(entryFor(file).level).toBe('safe');
  });

  it('the same host with another CA is another cluster', () => {
    const file = temp('x', [{ name: 'x', server: 'https://leap.example.invalid', ca: 'rebuilt' }]);
    expect(entryFor(file).level).toBe('unclassified');
  });

  it('Rancher: the path tells clusters behind one host and CA apart', () => {
    const same = temp('a', [
      { name: 'a', server: 'https://hub.example.invalid:6443/k8s/clusters/c-2/', ca: 'rancher' },
    ]);
    const other = temp('b', [
      { name: 'b', server: 'https://hub.example.invalid:6443/k8s/clusters/c-9', ca: 'rancher' },
    ]);
    expect(entryFor(same).level).toBe('warn');
    expect(entryFor(other).level).toBe('unclassified');
  });

  it('a CA file (relative to its kubeconfig) is the same CA as the same data', () => {
    const file = temp('filed', [{ name: 'filed', server: 'https://leap.example.invalid', caFile: 'ca.crt' }]);
    writeFileSync(join(file, '..', 'ca.crt'), pem('leap').replace(/\n/g, '\r\n'));
    expect(entryFor(file).level).toBe('danger');
  });
});

describe('kubeconfig extensions', () => {
  it('a cluster declares its level and alias', () => {
    const file = temp('c1', [
      { name: 'c1', server: 'https://c1.example.invalid', clusterExtension: '{level: danger, alias: leap}' },
    ]);
    const entry = entryFor(file, []);
    expect(entry.level).toBe('danger');
    expect(entry.details.rule).toBe('declared danger by the kubeconfig extension kctx-guard on cluster c1');
    expect(entry.plain.cluster).toBe('leap');
    expect(entry.details.display).toEqual({ context: 'c1', cluster: 'leap' });
  });

  it('a context declares its level; a declared safe cannot lower a production name', () => {
    const warn = temp('c2', [{ name: 'c2', server: 'https://c2.example.invalid', contextExtension: '{level: warn}' }]);
    expect(entryFor(warn, []).level).toBe('warn');
    const prod = temp('prod-x', [
      { name: 'prod-x', server: 'https://x.example.invalid', clusterExtension: '{level: safe}' },
    ]);
    expect(entryFor(prod, []).level).toBe('danger');
  });

  it('a declared level teaches the memory: another name for that cluster is danger too', () => {
    const declared = temp('gen', [
      { name: 'gen', server: 'https://gen.example.invalid', ca: 'gen', clusterExtension: '{level: danger}' },
      { name: 'other', server: 'https://gen.example.invalid/', ca: 'gen' },
    ]);
    const entry = computeEntry({ key: 'k', kubeconfig: declared, cwd: root, home, configFile }).entry;
    expect(entry.level).toBe('danger');
    const other = computeEntry({ key: 'k', kubeconfig: declared, cwd: root, home, configFile });
    const known = knownContexts(learn(emptyMemory(), other.observed, new Date()).memory);
    expect(known.map((k) => `${k.context}:${k.level}`)).toEqual(['gen:danger']);
  });

  it('an extension it does not understand is ignored and reported', () => {
    const file = temp('c3', [{ name: 'c3', server: 'https://c3.example.invalid', clusterExtension: '{level: dangr}' }]);
    const entry = entryFor(file, []);
    expect(entry.level).toBe('unclassified');
    expect(entry.details.levelProblems).toEqual([
      'kubeconfig extension kctx-guard on cluster c3: level "dangr" is not one of danger, warn, safe, unclassified (ignored)',
    ]);
  });
});

describe('what a compute reports to the memory', () => {
  it('is bounded for a file of thousands of contexts on one server, and keeps one of every level', () => {
    const file = join(root, 'many', 'kubeconfig');
    mkdirSync(join(file, '..'), { recursive: true });
    const contexts = Array.from({ length: 3000 }, (_, i) => `- name: c${i}\n  context: {cluster: k, user: u}\n`);
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Config\ncurrent-context: c0\ncontexts:\n${contexts.join('')}- name: prod-late\n  context: {cluster: k, user: u}\nclusters:\n- name: k\n  cluster: {server: "https://k.example.invalid"}\nusers:\n- name: u\n  user: {}\n`,
    );
    const { observed } = computeEntry({ key: 'k', kubeconfig: file, cwd: root, home, configFile });
    expect(observed.contexts.length).toBeLessThanOrEqual(MEMORY_LIMITS.seenPerIdentity + 5);
    // The one dangerous name, after 3,000 others, still teaches the memory that this server is prod.
    expect(observed.contexts.map((context) => context.context)).toContain('prod-late');
    expect(observed.contexts.find((context) => context.context === 'prod-late')?.level).toBe('danger');
  });
});
