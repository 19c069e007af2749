/**
 * Asking a cluster for its declared level, against the HTTPS API server double, with the real
 * kubectl reading the same ConfigMap from the same double as the oracle: a declaration, none, a
 * ConfigMap that says something else, credentials rejected, an exec plugin run without a terminal,
 * a plugin that needs a login (never run), a refused port, a black hole (ended at the deadline),
 * a kubeconfig that changed meanwhile. The kubectl commands docs/rules.md gives build the objects it describes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeclaration } from '../../src/declared/configmap.js';
import { type FetchJob, fetchDeclaration } from '../../src/declared/fetch.js';
import { findKubectl } from '../helpers/kubectl-oracle.js';
import { type DeclaredWorld, startDeclaredWorld, TOKEN } from './world.js';

const root = mkdtempSync(join(tmpdir(), 'kctx-declared-fetch-'));
let world: DeclaredWorld;
beforeAll(async () => {
  world = await startDeclaredWorld(root);
});
afterAll(() => {
  world?.close();
  rmSync(root, { recursive: true, force: true });
});

function kubectl(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      findKubectl(),
      args,
      { env: { PATH: '/usr/bin:/bin', HOME: root, KUBECONFIG: file }, timeout: 20_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) || -1 : 0, stdout, stderr }),
    ),
  );
}

const job = (target: keyof DeclaredWorld['files'], context: string, budgetMs = 5000): FetchJob => ({
  files: [world.files[target]],
  cluster: context,
  user: `${context}-user`,
  context,
  id: world.ids[target],
  deadline: Date.now() + budgetMs,
});
const fetchTemple = () => fetchDeclaration(job('temple', 'temple'), () => {});
const LEVEL = ['get', 'configmap', 'kctx-guard', '-n', 'kube-public', '-o', 'jsonpath={.data.level}/{.data.alias}'];

describe('fetchDeclaration against the API server double', () => {
  it('reads the level and alias kubectl reads', async () => {
    world.declare({ level: 'danger', alias: 'leap' });
    expect((await kubectl(world.files.temple, LEVEL)).stdout).toBe('danger/leap');
    expect(await fetchTemple()).toEqual({ ok: true, declaration: { level: 'danger', alias: 'leap' }, problems: [] });
    expect(world.api.seen.at(-1)).toMatchObject({
      path: '/api/v1/namespaces/kube-public/configmaps/kctx-guard',
      user: 'token',
    });
  });

  it('no ConfigMap: nothing declared, where kubectl says NotFound', async () => {
    world.declare(undefined);
    const oracle = await kubectl(world.files.temple, LEVEL);
    expect(oracle.code).not.toBe(0);
    expect(oracle.stderr).toContain('configmaps "kctx-guard" not found');
    expect(await fetchTemple()).toEqual({ ok: true, declaration: undefined, problems: [] });
  });

  it('a ConfigMap with a level that is not one: nothing declared, and the problem said', async () => {
    world.declare({ level: 'prod', alias: 'leap' });
    expect((await kubectl(world.files.temple, LEVEL)).stdout).toBe('prod/leap');
    expect(await fetchTemple()).toEqual({
      ok: true,
      declaration: undefined,
      problems: [
        'ConfigMap kube-public/kctx-guard: level "prod" is not one of danger, warn, safe, unclassified (ignored)',
      ],
    });
  });

  it('credentials the API rejects: denied, as kubectl is', async () => {
    const bad = join(root, 'bad.kubeconfig');
    writeFileSync(bad, readFileSync(world.files.temple, 'utf8').replace(/declared-token-SECRET-456/, 'WRONG'));
    expect((await kubectl(bad, LEVEL)).stderr).toMatch(/Unauthorized|provide credentials/);
    const outcome = await fetchDeclaration({ ...job('temple', 'temple'), files: [bad] }, () => {});
    expect(outcome).toEqual({
      ok: false,
      why: 'denied',
      detail: 'the API rejected the credentials of user "temple-user" (401)',
    });
  });

  it('a plugin with interactiveMode Always is never run: needs a login', async () => {
    const outcome = await fetchDeclaration(job('login', 'shop'), () => {});
    expect(outcome).toMatchObject({ ok: false, why: 'login' });
    expect(outcome.ok === false && outcome.detail).toContain('interactiveMode Always');
    expect(world.loginPluginRan()).toBe(false);
  });

  it('an exec plugin runs without a terminal or a display, and its token is used', async () => {
    world.declare({ level: 'warn' });
    const log = join(root, 'plugin.log');
    const plugin = join(root, 'bin', 'token-plugin');
    writeFileSync(
      plugin,
      `#!/bin/sh\nif (exec 3<>/dev/tty) 2>/dev/null; then echo tty=open; else echo tty=none; fi > ${JSON.stringify(log)}\necho "display=\${DISPLAY:-none} browser=$BROWSER" >> ${JSON.stringify(log)}\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}\\n'\n`,
      { mode: 0o755 },
    );
    const file = join(root, 'exec.kubeconfig');
    const config = JSON.parse(readFileSync(world.files.temple, 'utf8'));
    config.users[0].user = {
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'IfAvailable' },
    };
    writeFileSync(file, JSON.stringify(config));
    process.env['DISPLAY'] = ':99';
    try {
      expect(await fetchDeclaration({ ...job('temple', 'temple'), files: [file] }, () => {})).toEqual({
        ok: true,
        declaration: { level: 'warn', alias: undefined },
        problems: [],
      });
    } finally {
      delete process.env['DISPLAY'];
    }
    expect(readFileSync(log, 'utf8')).toBe('tty=none\ndisplay=none browser=false\n');
  });

  it('a refused port: unreachable', async () => {
    const outcome = await fetchDeclaration(job('refused', 'edge'), () => {});
    expect(outcome).toEqual({ ok: false, why: 'unreachable', detail: 'ECONNREFUSED' });
  });

  it('a black hole: a timeout at the deadline, not later', async () => {
    const started = performance.now();
    const outcome = await fetchDeclaration(job('blackhole', 'vault', 800), () => {});
    expect(outcome).toMatchObject({ ok: false, why: 'timeout' });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(world.swallowed()).toBeGreaterThan(0);
  });

  it('a kubeconfig that now names another cluster is not asked in its place', async () => {
    world.declare({ level: 'danger' });
    const outcome = await fetchDeclaration({ ...job('temple', 'temple'), id: '000000000000' }, () => {});
    expect(outcome).toEqual({ ok: false, why: 'changed', detail: 'cluster "temple" is no longer the one asked about' });
  });
});

/** The commands docs/rules.md gives a cluster's admins, each as written there. */
const DOCUMENTED = [
  'kubectl create configmap kctx-guard -n kube-public --from-literal=level=danger --from-literal=alias=leap',
  'kubectl create role kctx-guard-reader -n kube-public --verb=get --resource=configmaps --resource-name=kctx-guard',
  'kubectl create rolebinding kctx-guard-reader -n kube-public --role=kctx-guard-reader --group=system:authenticated',
];

describe('the commands docs/rules.md gives', () => {
  it('are written there as tested here', () => {
    const docs = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
    for (const command of DOCUMENTED) expect(docs).toContain(command);
  });

  it('build, in the real kubectl, a ConfigMap the daemon reads and the RBAC that lets every authenticated user get it', async () => {
    const built = [];
    for (const command of DOCUMENTED) {
      const result = await kubectl(world.files.temple, [
        ...command.split(' ').slice(1),
        '--dry-run=client',
        '-o',
        'yaml',
      ]);
      expect(result.stderr).toBe('');
      built.push(yaml.load(result.stdout) as Record<string, unknown>);
    }
    const [configMap, role, binding] = built;
    expect(configMap).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'kctx-guard', namespace: 'kube-public' } });
    expect(readDeclaration(configMap)).toEqual({ declaration: { level: 'danger', alias: 'leap' }, problems: [] });
    expect(role).toMatchObject({
      kind: 'Role',
      metadata: { name: 'kctx-guard-reader', namespace: 'kube-public' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['kctx-guard'], verbs: ['get'] }],
    });
    expect(binding).toMatchObject({
      kind: 'RoleBinding',
      metadata: { name: 'kctx-guard-reader', namespace: 'kube-public' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kctx-guard-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }],
    });
  });
});
