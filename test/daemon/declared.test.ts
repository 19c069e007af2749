/**
 * Levels clusters declare about themselves, in the real daemon against the HTTPS API server double:
 * a cluster that declares danger turns an entry the rules leave unclassified into danger, with the
 * reason, within a bound of its fetch; removing the declaration brings the entry back at a reload
 * and after the TTL; an unreachable cluster or one that needs a login changes nothing and says why
 * in `status`; a cluster that never answers delays no entry. The answers' cache is private. The
 * guard reads the same answers: a cluster that declares danger asks as the prompt shows it.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  ensureBuilt,
  entryRef,
  makeEnv,
  register,
  spawnDaemon,
  type TestEnv,
  waitForEntry,
  waitUntil,
} from '../helpers/daemon.js';
import { type DeclaredWorld, startDeclaredWorld, TOKEN } from '../declared/world.js';
import { guardWithoutTerminal } from '../helpers/cli.js';

beforeAll(ensureBuilt);
let world: DeclaredWorld | undefined;
afterEach(async () => {
  world?.close();
  world = undefined;
  await cleanup();
});

const WHY = 'declared danger by the cluster (ConfigMap kube-public/kctx-guard)';
/** From a fetch's answer to the prompt's entry: a thread's start, the request, a recompute. Generous for a loaded 2-core machine. */
const BOUND_MS = 3000;

/** The rules alone leave every cluster unclassified (the double is on 127.0.0.1, which the defaults call safe). */
const CONFIG = (ttl: string) => `defaults: false\ncluster-levels:\n  fetch: true\n  ttl: ${ttl}\n`;

async function setUp(ttl = '1h'): Promise<{ t: TestEnv; w: DeclaredWorld }> {
  const t = makeEnv();
  world = await startDeclaredWorld(join(t.root, 'world'));
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, readFileSync(world.files.temple));
  mkdirSync(join(t.configFile, '..'), { recursive: true });
  writeFileSync(t.configFile, CONFIG(ttl));
  return { t, w: world };
}

interface StatusJson {
  level: string;
  rule: string;
  clusterDeclared: {
    summary: string;
    record: { declaration: { level: string } | null; failure: { why: string } | null } | null;
  } | null;
}

async function statusOf(t: TestEnv, kubeconfig?: string): Promise<StatusJson> {
  const env = kubeconfig ? { ...t.env, KUBECONFIG: kubeconfig } : t.env;
  return JSON.parse((await cli({ ...t, env }, ['status', '--json'])).stdout) as StatusJson;
}

describe('cluster-declared levels in the daemon', () => {
  it('a declaration raises the entry within a bound, says why, and goes when the cluster withdraws it', async () => {
    const { t, w } = await setUp('10s');
    w.declare({ level: 'danger', alias: 'leap' });
    const daemon = await spawnDaemon(t);
    // The entry is written from what is known at once: the fetch runs beside it, never before it.
    await waitForEntry(t, (read) => read.entry.details.context === 'temple');
    const declared = await waitForEntry(t, (read) => read.entry.level === 'danger', { timeoutMs: BOUND_MS });
    expect(declared.entry.details.rule).toBe(WHY);
    expect(declared.entry.segment.note).toBe(`[${WHY}]`);
    expect(declared.entry.plain.cluster).toBe('leap');
    expect(w.api.seen.filter((seen) => seen.path.endsWith('/configmaps/kctx-guard'))).toHaveLength(1);

    const report = await statusOf(t);
    expect(report).toMatchObject({ level: 'danger', rule: WHY });
    expect(report.clusterDeclared?.summary).toMatch(
      /^danger as leap \(ConfigMap kube-public\/kctx-guard, fetched (just now|\d+ s ago)\)$/,
    );
    const human = (await cli(t, ['status'])).stdout;
    expect(human).toMatch(
      /rule\s+declared danger by the cluster \(ConfigMap kube-public\/kctx-guard, fetched (just now|\d+ s ago)\)/,
    );
    expect(human).toMatch(/cluster says\s+danger as leap/);

    // `rules test` for that server shows the cluster as the source that decided.
    const test = JSON.parse((await cli(t, ['rules', 'test', '--server', w.api.url, '--json'])).stdout);
    expect(test).toMatchObject({ level: 'danger', ruleLevel: 'unclassified', ruleOrigin: 'no rule matched' });
    expect(test.rule).toMatch(/^declared danger by the cluster \(ConfigMap kube-public\/kctx-guard, fetched /);
    expect((await cli(t, ['rules', 'test', '--server', w.api.url])).stdout).toMatch(/decided by\s+declared danger/);

    // The answers' cache: private, and no credential in it.
    const cache = join(t.stateDir, 'cluster-levels.json');
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(readFileSync(cache, 'utf8')).not.toContain(TOKEN);

    // Withdrawn: a reload (SIGHUP) asks again at once.
    w.declare(undefined);
    daemon.proc.kill('SIGHUP');
    const back = await waitForEntry(t, (read) => read.entry.level === 'unclassified', { timeoutMs: BOUND_MS });
    expect(back.entry.details.rule).toBe('no rule matched');
    expect(back.entry.segment.note).toBe('');
    // Declared again, and nobody reloads: the TTL (10 s) brings it.
    w.declare({ level: 'warn' });
    const asked = w.api.seen.length;
    const warn = await waitForEntry(t, (read) => read.entry.level === 'warn', { timeoutMs: 10_000 + BOUND_MS });
    expect(warn.entry.details.rule).toBe('declared warn by the cluster (ConfigMap kube-public/kctx-guard)');
    expect(w.api.seen.length).toBe(asked + 1);
  });

  it('a cluster that can no longer be reached keeps its declaration, and status says why', async () => {
    const { t, w } = await setUp();
    w.declare({ level: 'danger' });
    const daemon = await spawnDaemon(t);
    await waitForEntry(t, (read) => read.entry.level === 'danger', { timeoutMs: BOUND_MS });
    w.api.close();
    daemon.proc.kill('SIGHUP');
    await waitUntil(
      async () => (await statusOf(t)).clusterDeclared?.record?.failure?.why === 'unreachable',
      'status reports the failed fetch',
    );
    const report = await statusOf(t);
    expect(report.level).toBe('danger');
    expect(report.clusterDeclared?.summary).toMatch(/failed: unreachable: ECONNREFUSED$/);
    expect((await waitForEntry(t, () => true)).entry.level).toBe('danger');
  });

  it('`identities forget` drops what the cluster declared too: the daemon asks again, as if never asked', async () => {
    const { t, w } = await setUp();
    w.declare({ level: 'danger' });
    await spawnDaemon(t);
    await waitForEntry(t, (read) => read.entry.level === 'danger', { timeoutMs: BOUND_MS });
    // Unreachable from now on: a failed fetch would keep a declaration the daemon still held.
    w.api.close();
    const forgot = await cli(t, ['identities', 'forget', 'temple']);
    expect(forgot.stdout).toContain(`forgot ${w.ids.temple} `);
    expect(forgot.stdout).toContain(', and the level it declared');
    const back = await waitForEntry(t, (read) => read.entry.level === 'unclassified', { timeoutMs: BOUND_MS });
    expect(back.entry.details.rule).toBe('no rule matched');
    await waitUntil(
      async () => (await statusOf(t)).clusterDeclared?.record?.failure?.why === 'unreachable',
      'status reports the new attempt',
    );
    expect((await statusOf(t)).clusterDeclared?.summary).toMatch(
      /^never answered; last attempt .* failed: unreachable/,
    );
    expect(readFileSync(join(t.stateDir, 'cluster-levels.json'), 'utf8')).not.toContain('danger');
  });

  it('a plugin that needs a login is never run: no change, and status says it needs an interactive login', async () => {
    const { t, w } = await setUp();
    w.declare({ level: 'danger' });
    await spawnDaemon(t);
    const ref = register(t, w.files.login);
    await waitForEntry(t, (read) => read.entry.details.context === 'shop', { ref });
    await waitUntil(
      async () => (await statusOf(t, w.files.login)).clusterDeclared?.record?.failure?.why === 'login',
      'status reports the login',
    );
    const report = await statusOf(t, w.files.login);
    expect(report.level).toBe('unclassified');
    expect(report.clusterDeclared?.summary).toMatch(/^never answered; last attempt .* failed: needs interactive login/);
    expect((await cli({ ...t, env: { ...t.env, KUBECONFIG: w.files.login } }, ['status'])).stdout).toMatch(
      /cluster says\s+never answered; .*needs interactive login/,
    );
    expect(w.loginPluginRan()).toBe(false);
  });

  it('a cluster that never answers delays nothing: other entries are computed at once, and it times out', async () => {
    const { t, w } = await setUp();
    const daemon = await spawnDaemon(t, { extraEnv: { NODE_ENV: 'test', KCTX_GUARD_TEST_FETCH_BUDGET_MS: '4000' } });
    const hole = register(t, w.files.blackhole);
    await waitForEntry(t, (read) => read.entry.details.context === 'vault', { ref: hole });
    await waitUntil(() => w.swallowed() > 0, 'the daemon is waiting on the black hole');
    // While that fetch hangs, a new shell's KUBECONFIG and a context switch are served as always.
    const started = performance.now();
    const refused = register(t, w.files.refused);
    await waitForEntry(t, (read) => read.entry.details.context === 'edge', { ref: refused, timeoutMs: 1000 });
    const registered = performance.now() - started;
    writeFileSync(t.kubeconfig, readFileSync(w.files.refused));
    await waitForEntry(t, (read) => read.entry.details.context === 'edge', { ref: entryRef(t), timeoutMs: 1000 });
    expect(registered).toBeLessThan(1000);
    expect(daemon.alive()).toBe(true);
    // Ended at its budget, and said.
    await waitUntil(
      async () => (await statusOf(t, w.files.blackhole)).clusterDeclared?.record?.failure?.why === 'timeout',
      'the black hole is reported as a timeout',
      8000,
    );
    expect((await statusOf(t, w.files.blackhole)).clusterDeclared?.summary).toMatch(
      /failed: timeout: no answer from https:\/\/127\.0\.0\.1:\d+ in time$/,
    );
    expect((await statusOf(t, w.files.refused)).clusterDeclared?.summary).toMatch(/failed: unreachable: ECONNREFUSED$/);
  });

  it('the guard asks as the prompt shows: danger declared by the cluster, its reason, its alias as the answer', async () => {
    const { t, w } = await setUp();
    w.declare({ level: 'danger', alias: 'leap' });
    await spawnDaemon(t);
    const { entry } = await waitForEntry(t, (read) => read.entry.level === 'danger', { timeoutMs: BOUND_MS });
    // What the prompt's hook exports for this shell; no blast look (it would ask the double, on this thread).
    const env = {
      ...t.env,
      KCTX_GUARD_LEVEL: entry.level,
      KCTX_GUARD_CONTEXT: entry.plain.context,
      KCTX_GUARD_CLUSTER: entry.plain.cluster,
      KCTX_GUARD_NAMESPACE: entry.plain.namespace,
      KCTX_GUARD_BLAST_MS: '0',
    };
    const DELETE = ['delete', 'deployment', 'web'];
    const refused = guardWithoutTerminal(env, DELETE);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/cluster\s+temple\s+\[DANGER\]/);
    expect(refused.stderr).toContain(`on a danger-level cluster (${WHY})`);
    // The prompt showed the declared alias: that is the answer, and no "your prompt showed …" alarm.
    expect(refused.stderr).toContain('KCTX_GUARD_CONFIRM="leap"');
    expect(refused.stderr).not.toContain('your prompt showed');
    expect(guardWithoutTerminal({ ...env, KCTX_GUARD_CONFIRM: 'leap' }, DELETE).status).toBe(0);
    expect(guardWithoutTerminal(env, ['get', 'pods']).status).toBe(0);

    // Fetching off: the cached answer still says danger, and neither the prompt nor the guard uses it.
    writeFileSync(t.configFile, 'defaults: false\n');
    await waitForEntry(t, (read) => read.entry.level === 'unclassified');
    expect(readFileSync(join(t.stateDir, 'cluster-levels.json'), 'utf8')).toContain('"level":"danger"');
    expect(
      guardWithoutTerminal({ ...env, KCTX_GUARD_LEVEL: 'unclassified', KCTX_GUARD_CLUSTER: 'temple' }, DELETE).status,
    ).toBe(0);
  });

  it('with fetching off (the default) no cluster is asked', async () => {
    const { t, w } = await setUp();
    writeFileSync(t.configFile, 'defaults: false\n');
    w.declare({ level: 'danger' });
    await spawnDaemon(t);
    const entry = await waitForEntry(t, (read) => read.entry.details.context === 'temple');
    await new Promise((done) => setTimeout(done, 1000));
    expect(entry.entry.level).toBe('unclassified');
    expect(w.api.seen).toEqual([]);
    expect((await statusOf(t)).clusterDeclared).toBeNull();
  });
});
