/**
 * helm's target variables in real interactive bash, zsh and fish (tmux): the segment says which
 * are exported (`[helm: …]`), follows a change and an unset at the next prompt, never shows the
 * token, ignores a variable helm cannot see (not exported), and keeps a hostile value inert.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, cli, ensureBuilt, kubeconfigText, makeEnv, type TestEnv } from '../helpers/daemon.js';
import { killSessions, SHELLS, type ShellName, ShellSession } from '../helpers/tmux.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

const BASE = '⎈ alpha-cluster/alpha:one';

async function setup(): Promise<TestEnv> {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha', namespace: 'one' }]));
  const started = await cli(t, ['daemon', 'start']);
  expect(started.code, started.stderr).toBe(0);
  return t;
}

/** A value that would set the title, colour the prompt, run a command or break the line if it were not inert. */
function hostileAssignment(shell: ShellName): string {
  if (shell === 'fish') return "set -gx HELM_KUBECONTEXT 'p'\\e']0;x'\\a\\e'[31m$(touch pwned)%F{red}`'\\n'q'";
  return "export HELM_KUBECONTEXT=$'p\\e]0;x\\a\\e[31m$(touch pwned)%F{red}`\\nq'";
}

/** The same variable set in the shell but not exported: helm does not see it. */
function unexported(shell: ShellName, name: string, value: string): string {
  return shell === 'fish' ? `set -g ${name} ${value}` : `${name}=${value}`;
}

describe.each(SHELLS)('%s: helm environment marker', (shell) => {
  it('shows exported helm variables, follows a change and an unset, never shows the token', async () => {
    const t = await setup();
    const sh = await ShellSession.start(shell, t);
    let p = await sh.run('true');
    expect(p.segment).toBe(BASE);

    p = await sh.run(sh.exportCommand('HELM_KUBECONTEXT', 'prod'));
    expect(p.segment).toBe(`${BASE} [helm: context=prod]`);
    // Drawn in the marker colour, not the level's.
    const marker = p.cells.slice(p.segment.indexOf('[helm:'));
    expect(new Set(marker.map((cell) => cell.sgr)).size).toBe(1);

    p = await sh.run(sh.exportCommand('HELM_NAMESPACE', 'team-x'));
    expect(p.segment).toBe(`${BASE} [helm: context=prod ns=team-x]`);
    p = await sh.run(sh.exportCommand('HELM_KUBECONTEXT', 'stage'));
    expect(p.segment).toBe(`${BASE} [helm: context=stage ns=team-x]`);
    // The steady state keeps it.
    p = await sh.run('true');
    expect(p.segment).toBe(`${BASE} [helm: context=stage ns=team-x]`);

    p = await sh.run(sh.exportCommand('HELM_KUBETOKEN', 'sekrit-token-value'));
    expect(p.segment).toBe(`${BASE} [helm: context=stage ns=team-x token]`);
    expect(sh.output()).not.toContain('sekrit-token-value\u001b');
    expect((await sh.capture()).join('\n').match(/sekrit-token-value/g)).toHaveLength(1); // the typed command only

    p = await sh.run(sh.exportCommand('HELM_KUBECONTEXT', undefined));
    expect(p.segment).toBe(`${BASE} [helm: ns=team-x token]`);
    p = await sh.run(
      `${sh.exportCommand('HELM_NAMESPACE', undefined)}; ${sh.exportCommand('HELM_KUBETOKEN', undefined)}`,
    );
    expect(p.segment).toBe(BASE);

    // Set but not exported: helm does not see it, so neither does the marker.
    p = await sh.run(unexported(shell, 'HELM_NAMESPACE', 'hidden'));
    expect(p.segment).toBe(BASE);
    // Exporting it later is a change too.
    p = await sh.run(shell === 'fish' ? 'set -gx HELM_NAMESPACE $HELM_NAMESPACE' : 'export HELM_NAMESPACE');
    expect(p.segment).toBe(`${BASE} [helm: ns=hidden]`);
  });

  it('keeps a hostile value inert and cuts a long one', async () => {
    const t = await setup();
    const sh = await ShellSession.start(shell, t, { env: { KCTX_GUARD_TITLE: 'on' } });
    await sh.run('true');
    const title = await sh.title();
    let p = await sh.run(hostileAssignment(shell));
    expect(p.segment).toBe(`${BASE} [helm: context=p]0;x[31m$(touch pwned)%F{red}\`q]`);
    expect(p.above).not.toContain('[helm:');
    expect(existsSync(join(t.home, 'pwned'))).toBe(false);
    expect(await sh.title()).toBe(title);
    // Not one colour change inside the marker: its text is data.
    const marker = p.cells.slice(p.segment.indexOf('[helm:'));
    expect(new Set(marker.map((cell) => cell.sgr)).size).toBe(1);

    p = await sh.run(sh.exportCommand('HELM_KUBEAPISERVER', `https://${'a'.repeat(60)}.example`));
    expect(p.segment).toContain(` server=https://${'a'.repeat(32)}…]`);
  });
});
