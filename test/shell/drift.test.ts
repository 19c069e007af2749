/**
 * Drift and hidden definitions in real interactive bash, zsh and fish (tmux): once `prod-eu` in
 * ~/.kube/config reaches another API server, or a deploy tool's file defines `prod` again where
 * kubectl ignores it, every shell (one on ~/.kube/config, one on a KUBECONFIG of its own) shows the
 * marker after its segment until `kctx-guard ack`, typed in one of them, clears it in both.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, cli, ensureBuilt, hiddenPair, kubeconfigText, makeEnv, WAIT_MS } from '../helpers/daemon.js';
import { killSessions, type Prompt, SHELLS, ShellSession } from '../helpers/tmux.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

const MARKER = '[drift: prod-eu now points at https://eu-b.example.invalid:6443; kctx-guard ack]';

/**
 * Draws prompts until one satisfies `ok`. Drift takes two computes in a row (the one that sees the new
 * server, then every entry again once the memory knows), so a loaded machine gets three waits.
 */
async function promptUntil(sh: ShellSession, ok: (prompt: Prompt) => boolean): Promise<Prompt> {
  const deadline = Date.now() + 3 * WAIT_MS;
  for (;;) {
    const prompt = await sh.run('true');
    if (ok(prompt) || Date.now() > deadline) return prompt;
  }
}

describe.each(SHELLS)('%s: drift', (shell) => {
  it('every shell shows the marker until kctx-guard ack', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'prod-eu', cluster: 'eu-a' }, { name: 'dev' }]));
    const other = join(t.root, 'team.yaml');
    writeFileSync(other, kubeconfigText('team', [{ name: 'team' }]));
    expect((await cli(t, ['daemon', 'start'])).code).toBe(0);
    const mine = await ShellSession.start(shell, t);
    const theirs = await ShellSession.start(shell, t, { env: { KUBECONFIG: other } });
    expect((await mine.run('true')).segment).toBe('⎈ dev-cluster/dev:default');
    expect((await promptUntil(theirs, (p) => p.segment.endsWith('team-cluster/team:default'))).segment).toBe(
      '[KUBECONFIG=team.yaml] ⎈ team-cluster/team:default',
    );

    writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'prod-eu', cluster: 'eu-b' }, { name: 'dev' }]));
    expect((await promptUntil(mine, (p) => p.segment.includes('[drift'))).segment).toBe(
      `⎈ dev-cluster/dev:default ${MARKER}`,
    );
    expect((await promptUntil(theirs, (p) => p.segment.includes('[drift'))).segment).toBe(
      `[KUBECONFIG=team.yaml] ⎈ team-cluster/team:default ${MARKER}`,
    );

    // The prompt drawn right after the command has no marker: ack waits for the daemon's rewrite.
    expect((await mine.run('kctx-guard ack')).segment).toBe('⎈ dev-cluster/dev:default');
    expect((await promptUntil(theirs, (p) => !p.segment.includes('[drift'))).segment).toBe(
      '[KUBECONFIG=team.yaml] ⎈ team-cluster/team:default',
    );
  });

  it('a definition kubectl hides is marked in every shell until kctx-guard ack', async () => {
    const t = makeEnv();
    const { pair } = hiddenPair(t);
    expect((await cli(t, ['daemon', 'start'])).code).toBe(0);
    const mine = await ShellSession.start(shell, t);
    const deployShell = await ShellSession.start(shell, t, { env: { KUBECONFIG: pair } });
    expect((await promptUntil(deployShell, (p) => p.segment.includes('hidden by kubectl'))).segment).toBe(
      '[KUBECONFIG=a.yaml:deploy.yaml] ⎈ prod-a/prod:default [context prod also in deploy.yaml, hidden by kubectl; kctx-guard ack]',
    );
    expect((await promptUntil(mine, (p) => p.segment.includes('[hidden'))).segment).toBe(
      '⎈ dev-cluster/dev:default [hidden: context prod in deploy.yaml, by a.yaml; kctx-guard ack]',
    );

    expect((await deployShell.run('kctx-guard ack')).segment).toBe(
      '[KUBECONFIG=a.yaml:deploy.yaml] ⎈ prod-a/prod:default',
    );
    expect((await promptUntil(mine, (p) => !p.segment.includes('[hidden'))).segment).toBe('⎈ dev-cluster/dev:default');
  });
});
