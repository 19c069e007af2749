/**
 * Prompt features in real interactive bash, zsh and fish (tmux): the one-prompt "changed from"
 * highlight, the [KUBECONFIG=…] marker, the exported plain variables, and the nesting depth.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, cli, ensureBuilt, kubeconfigText, makeEnv, type TestEnv } from '../helpers/daemon.js';
import { killSessions, SHELLS, ShellSession } from '../helpers/tmux.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

async function setup(): Promise<TestEnv> {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(
    t.kubeconfig,
    kubeconfigText('alpha', [
      { name: 'alpha', namespace: 'one' },
      { name: 'beta', cluster: 'beta' },
    ]),
  );
  const started = await cli(t, ['daemon', 'start']);
  expect(started.code, started.stderr).toBe(0);
  return t;
}

describe.each(SHELLS)('%s: prompt features', (shell) => {
  it('"changed from" shows for exactly one prompt after a change', async () => {
    const t = await setup();
    const sh = await ShellSession.start(shell, t);
    expect(sh.counter).toBeGreaterThan(0);
    let p = await sh.run('true');
    expect(p.segment).toBe('⎈ alpha-cluster/alpha:one');

    p = await sh.run('kubectl config use-context beta >/dev/null');
    expect(p.segment).toBe('⎈ beta:default changed from alpha-cluster/alpha:one');
    // The highlight is drawn bold+reverse, the segment itself in the level's (neutral) colour.
    const highlight = p.cells.slice(p.segment.indexOf('changed from'));
    expect(new Set(highlight.map((cell) => cell.sgr))).toEqual(new Set(['1;7']));

    p = await sh.run('true');
    expect(p.segment).toBe('⎈ beta:default');
    p = await sh.run('');
    expect(p.segment).toBe('⎈ beta:default');

    p = await sh.run('kubectl config set-context --current --namespace=two >/dev/null');
    expect(p.segment).toBe('⎈ beta:two changed from beta:default');
    p = await sh.run('true');
    expect(p.segment).toBe('⎈ beta:two');
  });

  it('exports the plain variables', async () => {
    const t = await setup();
    const sh = await ShellSession.start(shell, t);
    await sh.run(
      'printenv KCTX_GUARD_LEVEL KCTX_GUARD_CONTEXT KCTX_GUARD_CLUSTER KCTX_GUARD_NAMESPACE KCTX_GUARD_UNCLASSIFIED',
    );
    const screen = await sh.capture();
    const at = screen.findLastIndex((line) => line.includes('printenv KCTX_GUARD_LEVEL'));
    expect(screen.slice(at + 1, at + 6)).toEqual([
      'unclassified',
      'alpha',
      'alpha-cluster',
      'one',
      '⎈ alpha-cluster/alpha:one',
    ]);
  });

  it('shows [KUBECONFIG=<file>] in a shell with its own KUBECONFIG', async () => {
    const t = await setup();
    const own = join(t.root, 'deploy-tmp.yaml');
    writeFileSync(own, kubeconfigText('gamma', [{ name: 'gamma', cluster: 'gamma-c', namespace: 'ns-g' }]));
    const sh = await ShellSession.start(shell, t, { env: { KUBECONFIG: own } });
    let p = await sh.run('true');
    expect(p.segment).toBe('[KUBECONFIG=deploy-tmp.yaml] ⎈ gamma-c/gamma:ns-g');
    expect(new Set(p.cells.slice(0, '[KUBECONFIG=deploy-tmp.yaml]'.length).map((cell) => cell.sgr))).toEqual(
      new Set(['1;35']),
    );
    // Back to the default kubeconfig: no marker.
    p = await sh.run(sh.exportCommand('KUBECONFIG', undefined));
    expect(p.segment).toBe('⎈ alpha-cluster/alpha:one changed from gamma-c/gamma:ns-g');
  });

  it('a nested shell with its own KUBECONFIG shows ⤷1, and the outer shell is unchanged after exit', async () => {
    const t = await setup();
    const nestedKc = join(t.root, 'x.yaml');
    writeFileSync(nestedKc, kubeconfigText('delta', [{ name: 'delta', cluster: 'delta-c' }]));
    const sh = await ShellSession.start(shell, t);
    let p = await sh.run('true');
    expect(p.segment).toBe('⎈ alpha-cluster/alpha:one');

    const nested = await sh.run(sh.nestedShellCommand({ KUBECONFIG: nestedKc }, 'N'), { tag: 'N' });
    expect(nested.segment).toBe('⤷1 [KUBECONFIG=x.yaml] ⎈ delta-c/delta:default');
    const again = await sh.run('true', { tag: 'N' });
    expect(again.segment).toBe('⤷1 [KUBECONFIG=x.yaml] ⎈ delta-c/delta:default');

    p = await sh.run('exit');
    expect(p.segment).toBe('⎈ alpha-cluster/alpha:one');
  });
});
