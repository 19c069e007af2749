/** The daemon follows the real kubectl's writes to ~/.kube/config, and a just-changed kubeconfig never reads as fresh-but-wrong. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  ensureBuilt,
  expectNoMissedEvents,
  kubeconfigText,
  kubectl,
  makeEnv,
  read,
  register,
  requireKubectl,
  spawnDaemon,
  waitForContext,
  type TestEnv,
} from '../helpers/daemon.js';

beforeAll(() => {
  requireKubectl();
  ensureBuilt();
});
afterEach(cleanup);

function envWithContexts(): TestEnv {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(
    t.kubeconfig,
    kubeconfigText('alpha', [{ name: 'alpha' }, { name: 'beta', namespace: 'web' }, { name: 'gamma' }]),
  );
  return t;
}

describe('watching ~/.kube/config while kubectl writes it', () => {
  it('use-context and set-context --current --namespace show up as fresh entries', async () => {
    const t = envWithContexts();
    const daemon = await spawnDaemon(t);
    await waitForContext(t, 'alpha', { namespace: 'default' });

    await kubectl(t, ['config', 'use-context', 'beta']);
    const beta = await waitForContext(t, 'beta', { namespace: 'web' });
    expect(beta.entry.details.cluster).toBe('beta-cluster');
    expect(beta.entry.plain.context).toBe('beta');

    await kubectl(t, ['config', 'set-context', '--current', '--namespace=payments']);
    const payments = await waitForContext(t, 'beta', { namespace: 'payments' });
    expect(payments.entry.plain.namespace).toBe('payments');

    await kubectl(t, ['config', 'use-context', 'gamma']);
    await waitForContext(t, 'gamma', { namespace: 'default' });
    // kubectl's rename of the current context is a switch too.
    await kubectl(t, ['config', 'rename-context', 'gamma', 'delta']);
    await waitForContext(t, 'delta', { namespace: 'default' });
    expect(daemon.alive()).toBe(true);
    expectNoMissedEvents(t);
  });

  it('24 rapid alternating switches: never fresh-but-wrong right after kubectl returns, and right at the end', async () => {
    const t = envWithContexts();
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    const states = { fresh: 0, stale: 0 };
    let truth = { context: 'alpha', namespace: 'default' };
    const namespaces = new Map([
      ['alpha', 'default'],
      ['beta', 'web'],
    ]);
    for (let i = 0; i < 24; i++) {
      if (i % 6 === 5) {
        // Every sixth command changes the namespace of the current context instead.
        const namespace = `ns-${i}`;
        await kubectl(t, ['config', 'set-context', '--current', `--namespace=${namespace}`]);
        namespaces.set(truth.context, namespace);
        truth = { context: truth.context, namespace };
      } else {
        const context = truth.context === 'alpha' ? 'beta' : 'alpha';
        await kubectl(t, ['config', 'use-context', context]);
        truth = { context, namespace: namespaces.get(context)! };
      }
      const sample = read(t);
      expect(['fresh', 'stale']).toContain(sample.state);
      if (sample.state === 'fresh') {
        states.fresh++;
        expect(
          { context: sample.entry?.details.context, namespace: sample.entry?.details.namespace },
          `sample ${i}`,
        ).toEqual(truth);
      } else states.stale++;
    }
    const final = await waitForContext(t, truth.context, { namespace: truth.namespace });
    expect(final.entry.level).toBe('unclassified');
    // Both are allowed after each command; report the mix so a regression towards "always stale" is visible.
    expectNoMissedEvents(t);
    console.info(`rapid switches: ${states.fresh} samples fresh (and right), ${states.stale} stale`);
  });

  it('KUBECONFIG pointing at the default file by its path is served through a registration and follows kubectl', async () => {
    const t = envWithContexts();
    await spawnDaemon(t);
    const ref = register(t, t.kubeconfig);
    await waitForContext(t, 'alpha', { ref });
    await kubectl(t, ['config', 'use-context', 'beta'], { kubeconfig: t.kubeconfig });
    await waitForContext(t, 'beta', { namespace: 'web', ref });
    // The default entry follows the same file.
    await waitForContext(t, 'beta', { namespace: 'web' });
    expectNoMissedEvents(t);
  });
});
