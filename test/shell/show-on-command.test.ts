/**
 * KCTX_GUARD_SHOW=on-command in real interactive zsh and fish (tmux): below danger and warn the
 * segment shows only while the typed line starts with a Kubernetes tool, redrawn as the user
 * types; on danger it always shows. bash cannot redraw its prompt while typing: there the mode
 * shows the segment on danger, warn and errors only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, cli, ensureBuilt, kubeconfigText, makeEnv, type TestEnv } from '../helpers/daemon.js';
import { killSessions, ShellSession } from '../helpers/tmux.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

const DEV = '⎈ dev-cluster/dev:default';

async function setup(current: string): Promise<TestEnv> {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText(current, [{ name: 'dev' }, { name: 'prod-eu', cluster: 'prod-eu' }]));
  const started = await cli(t, ['daemon', 'start']);
  expect(started.code, started.stderr).toBe(0);
  return t;
}

/**
 * Types `text` and returns the text in front of the prompt line once that line shows it and `want`
 * holds of the prefix (or what it is after 3 s, for the assertion to name).
 */
async function typeAndRead(sh: ShellSession, text: string, want: string): Promise<string> {
  await sh.type(text);
  let prefix = '';
  for (let i = 0; i < 60; i++) {
    const lines = await sh.capture();
    const line = lines.findLast((l) => /<P\d+>[%#>] /.test(l)) ?? '';
    prefix = line.slice(0, line.search(/<P\d+>/)).trimEnd();
    if (line.trimEnd().endsWith(text.trimEnd()) && prefix === want) return prefix;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return prefix;
}

/** Deletes what was typed (C-u: zsh kill-whole-line, fish backward-kill-line). */
async function clearLine(sh: ShellSession): Promise<void> {
  await sh.tmux(['send-keys', '-t', '=0:', 'C-u']);
}

describe('bash: show on command', () => {
  it('shows the segment on danger only, since bash cannot redraw while typing', async () => {
    const t = await setup('dev');
    const sh = await ShellSession.start('bash', t, { env: { KCTX_GUARD_SHOW: 'on-command' } });
    let p = await sh.run('true');
    expect(p.segment).toBe('');
    p = await sh.run('kubectl config use-context prod-eu >/dev/null');
    expect(p.segment).toBe('⎈ prod-eu:default changed from dev-cluster/dev:default');
    p = await sh.run('true');
    expect(p.segment).toBe('⎈ prod-eu:default');
    await sh.run('kubectl config use-context dev >/dev/null');
    p = await sh.run('unset KCTX_GUARD_SHOW');
    expect(p.segment).toBe(DEV);
  });
});

describe.each(['zsh', 'fish'] as const)('%s: show on command', (shell) => {
  it('shows the segment only while the line starts with a Kubernetes tool', async () => {
    const t = await setup('dev');
    const sh = await ShellSession.start(shell, t, { env: { KCTX_GUARD_SHOW: 'on-command' } });
    const p = await sh.run('true');
    expect(p.segment).toBe('');

    expect(await typeAndRead(sh, 'kubectl', DEV)).toBe(DEV);
    expect(await typeAndRead(sh, ' get pods', DEV)).toBe(DEV);
    await clearLine(sh);
    expect(await typeAndRead(sh, 'ls -l', '')).toBe('');
    await clearLine(sh);
    expect(await typeAndRead(sh, 'helm', DEV)).toBe(DEV);
    // A longer word is another command.
    expect(await typeAndRead(sh, 'x', '')).toBe('');
    await clearLine(sh);
    // Running a line the segment was shown for leaves the next prompt without it again.
    expect(await typeAndRead(sh, 'kctx-guard status >/dev/null', DEV)).toBe(DEV);
    await sh.enter();
    const next = await sh.waitForPrompt();
    expect(next.segment).toBe('');
  });

  it('always shows danger, and follows a switch into it', async () => {
    const t = await setup('prod-eu');
    const sh = await ShellSession.start(shell, t, { env: { KCTX_GUARD_SHOW: 'on-command' } });
    let p = await sh.run('true');
    expect(p.segment).toBe('⎈ prod-eu:default');
    p = await sh.run('kubectl config use-context dev >/dev/null');
    expect(p.segment).toBe('');
    p = await sh.run('kubectl config use-context prod-eu >/dev/null');
    expect(p.segment).toBe('⎈ prod-eu:default changed from dev-cluster/dev:default');
    // Switched off at any time: the next prompt shows it as ever.
    await sh.run('kubectl config use-context dev >/dev/null');
    p = await sh.run(shell === 'fish' ? 'set -e KCTX_GUARD_SHOW' : 'unset KCTX_GUARD_SHOW');
    expect(p.segment).toBe(DEV);
  });

  it('leaves the segment alone when the mode is off', async () => {
    const t = await setup('dev');
    const sh = await ShellSession.start(shell, t);
    const p = await sh.run('true');
    expect(p.segment).toBe(DEV);
    expect(await typeAndRead(sh, 'ls', DEV)).toBe(DEV);
  });
});
