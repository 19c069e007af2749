/** A shell's own KUBECONFIG (several files) is served after it registers, per kubectl's merge rules, under its exact key. */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_MAGIC, ENTRY_VERSION, REGISTER_MAGIC, registrationPath } from '../../src/cache/index.js';
import { askKubectl } from '../helpers/kubectl-oracle.js';
import {
  cleanup,
  ensureBuilt,
  entryRef,
  expectNoMissedEvents,
  kubeconfigText,
  kubectl,
  logLines,
  makeEnv,
  read,
  register,
  requireKubectl,
  spawnDaemon,
  waitForContext,
  waitForError,
  waitUntil,
  type EntryRef,
  type FreshEntry,
  type TestEnv,
} from '../helpers/daemon.js';

beforeAll(() => {
  requireKubectl();
  ensureBuilt();
});
afterEach(cleanup);

/** Asserts the entry shows exactly what kubectl itself reports for this KUBECONFIG. */
async function expectKubectlAgrees(t: TestEnv, kubeconfig: string, fresh: FreshEntry): Promise<void> {
  const answer = await askKubectl(requireKubectl(), { cwd: t.home, home: t.home, kubeconfig });
  expect(answer.ok).toBe(true);
  if (!answer.ok) return;
  const { details } = fresh.entry;
  expect({
    context: details.context,
    cluster: details.cluster,
    namespace: details.namespace,
    user: details.user,
    server: details.server,
  }).toEqual({
    context: answer.context,
    cluster: answer.cluster,
    namespace: answer.namespace,
    user: answer.user,
    server: answer.server,
  });
}

describe('registration of another KUBECONFIG', () => {
  it('serves a two-file KUBECONFIG under its exact key and follows changes in either file', async () => {
    const t = makeEnv();
    const dir = join(t.root, 'kc');
    mkdirSync(dir);
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    // a.yaml sets no current-context; b.yaml does. Both define "alpha": a's definition must win.
    writeFileSync(a, kubeconfigText(undefined, [{ name: 'alpha', namespace: 'from-a' }]));
    writeFileSync(
      b,
      kubeconfigText('beta', [
        { name: 'beta' },
        { name: 'gamma', namespace: 'g' },
        { name: 'alpha', cluster: 'other', namespace: 'from-b' },
      ]),
    );
    const value = `${a}:${b}`;
    const daemon = await spawnDaemon(t);
    await waitForError(t, { code: 'no-current-context' });

    const ref: EntryRef = register(t, value);
    const first = await waitForContext(t, 'beta', { namespace: 'default', ref });
    expect(first.entry.key).toBe(ref.key);
    expect(first.entry.details.kubeconfigValue).toBe(value);
    expect(first.entry.details.kubeconfig).toEqual([a, b]);
    expect(first.entry.details.source).toBe(b);
    await expectKubectlAgrees(t, value, first);

    // kubectl writes the namespace into b.yaml, which defines the current context.
    await kubectl(t, ['config', 'set-context', '--current', '--namespace=ns2'], { kubeconfig: value });
    await expectKubectlAgrees(t, value, await waitForContext(t, 'beta', { namespace: 'ns2', ref }));

    // A switch inside the second file alone.
    await kubectl(t, ['config', 'use-context', 'gamma'], { kubeconfig: b });
    await expectKubectlAgrees(t, value, await waitForContext(t, 'gamma', { namespace: 'g', ref }));

    // use-context writes the first file; its current-context now wins, and a's "alpha" beats b's.
    await kubectl(t, ['config', 'use-context', 'alpha'], { kubeconfig: value });
    const alpha = await waitForContext(t, 'alpha', { namespace: 'from-a', ref });
    expect(alpha.entry.details.cluster).toBe('alpha-cluster');
    expect(alpha.entry.details.source).toBe(a);
    await expectKubectlAgrees(t, value, alpha);

    // The same files in the other order are another shell's truth, in another entry.
    const reversed = register(t, `${b}:${a}`);
    expect(reversed.name).not.toBe(ref.name);
    const other = await waitForContext(t, 'gamma', { namespace: 'g', ref: reversed });
    await expectKubectlAgrees(t, `${b}:${a}`, other);

    // The default entry is untouched by all of it.
    await waitForError(t, { code: 'no-current-context' });
    expect(daemon.alive()).toBe(true);
    expectNoMissedEvents(t);
  });

  it('a registration that is removed is forgotten: its entry goes away, the default stays', async () => {
    const t = makeEnv();
    const file = join(t.root, 'solo.yaml');
    writeFileSync(file, kubeconfigText('solo', [{ name: 'solo' }]));
    await spawnDaemon(t);
    const ref = register(t, file);
    const served = await waitForContext(t, 'solo', { ref });
    rmSync(registrationPath(t.cacheDir, ref.name));
    await waitUntil(() => !existsSync(served.file), 'the entry of the removed registration is deleted');
    await waitForError(t, { code: 'no-current-context' });
  });

  it('a registration written before the daemon starts is served at start-up', async () => {
    const t = makeEnv();
    const file = join(t.root, 'early.yaml');
    writeFileSync(file, kubeconfigText('early', [{ name: 'early' }]));
    mkdirSync(join(t.cacheDir, 'reg'), { recursive: true, mode: 0o700 });
    const ref = register(t, file);
    await spawnDaemon(t);
    await waitForContext(t, 'early', { ref });
  });

  it('a KUBECONFIG entry under a missing top-level folder (watched through "/") leaves every other watch working', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }, { name: 'beta' }]));
    const file = join(t.root, 'own.yaml');
    writeFileSync(file, kubeconfigText('one', [{ name: 'one' }, { name: 'two' }]));
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    // The first entry's nearest existing folder is "/" itself.
    const value = `/kctx-guard-test-absent-${process.pid}-${Date.now()}/config:${file}`;
    const ref = register(t, value);
    await waitForContext(t, 'one', { ref });
    const mark = logLines(t);
    const next = register(t, file);
    await waitForContext(t, 'one', { ref: next });
    await kubectl(t, ['config', 'use-context', 'two'], { kubeconfig: file });
    await waitForContext(t, 'two', { ref });
    await waitForContext(t, 'two', { ref: next });
    await kubectl(t, ['config', 'use-context', 'beta']);
    await waitForContext(t, 'beta');
    expectNoMissedEvents(t, mark);
  });

  it('registrations written the moment the daemon answers (a shell that just started it) are served through the watcher', async () => {
    // The window is the watcher's start-up; a big kubeconfig keeps the daemon busy through it, as a real one does.
    const many = Array.from({ length: 3000 }, (_, i) => ({ name: `ctx-${i}` }));
    for (let round = 0; round < 3; round++) {
      const t = makeEnv();
      mkdirSync(t.kubeDir);
      writeFileSync(t.kubeconfig, kubeconfigText('ctx-1', many));
      const file = join(t.root, 'fast.yaml');
      writeFileSync(file, kubeconfigText('fast', [{ name: 'fast' }]));
      await spawnDaemon(t);
      const ref = register(t, file);
      await waitForContext(t, 'fast', { ref });
      expectNoMissedEvents(t);
    }
  });
});

describe('a shell registering an entry the daemon serves already', () => {
  it('has an entry of another protocol version (or torn) rewritten at once, not after its wait runs out', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }]));
    // The safety timer never runs during the test: only the registration can bring the rewrite.
    await spawnDaemon(t, { extraEnv: { KCTX_GUARD_TEST_SAFETY_MS: '600000' } });
    const ref = entryRef(t);
    await waitForContext(t, 'alpha');
    for (const planted of [
      `${ENTRY_MAGIC} ${ENTRY_VERSION - 1}\n${ref.key}\n`,
      `${ENTRY_MAGIC} ${ENTRY_VERSION}\n${ref.key}\ntor`,
    ]) {
      writeFileSync(join(t.cacheDir, ref.name), planted);
      expect(read(t, ref).state).toBe('invalid');
      const started = Date.now();
      writeFileSync(registrationPath(t.cacheDir, ref.name), `${REGISTER_MAGIC}\n${ref.key}\n`);
      await waitForContext(t, 'alpha', { timeoutMs: 3000 });
      // Well inside the hooks' own wait (160 ms) on a quiet machine; generous here for a loaded one.
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });
});
