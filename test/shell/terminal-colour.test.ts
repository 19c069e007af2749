/**
 * KCTX_GUARD_TERMINAL_COLOR=on in real interactive bash, zsh and fish (tmux; the bytes the shell
 * wrote, before tmux reads them): entering danger sets the background (OSC 11), leaving danger
 * and leaving the shell reset it (OSC 111), and with the option unset nothing is written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TERMINAL_DANGER_BG } from '../../src/shell-tables/index.js';
import { cleanup, cli, ensureBuilt, kubeconfigText, makeEnv, type TestEnv } from '../helpers/daemon.js';
import { killSessions, SHELLS, ShellSession } from '../helpers/tmux.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

const SET = `\u001b]11;${TERMINAL_DANGER_BG}\u0007`;
const RESET = '\u001b]111\u0007';

async function setup(): Promise<TestEnv> {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'dev' }, { name: 'prod-eu', cluster: 'prod-eu' }]));
  const started = await cli(t, ['daemon', 'start']);
  expect(started.code, started.stderr).toBe(0);
  return t;
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** The raw bytes reach the test through tmux's pipe a moment after the screen shows the prompt. */
async function waitFor(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 30));
  return check();
}

describe.each(SHELLS)('%s: terminal colour on danger', (shell) => {
  it('sets the background on danger once, resets it on leaving danger and on exit', async () => {
    const t = await setup();
    const sh = await ShellSession.start(shell, t, { env: { KCTX_GUARD_TERMINAL_COLOR: 'on' } });
    await sh.run('true');
    expect(count(sh.output(), SET)).toBe(0);
    await sh.run('kubectl config use-context prod-eu >/dev/null');
    expect(await waitFor(() => count(sh.output(), SET) === 1)).toBe(true);
    // Written when it changes only: the next prompts on danger write nothing more.
    await sh.run('true');
    await sh.run('true');
    expect(count(sh.output(), SET)).toBe(1);
    expect(count(sh.output(), RESET)).toBe(0);
    await sh.run('kubectl config use-context dev >/dev/null');
    expect(await waitFor(() => count(sh.output(), RESET) === 1)).toBe(true);
    await sh.run('kubectl config use-context prod-eu >/dev/null');
    expect(await waitFor(() => count(sh.output(), SET) === 2)).toBe(true);
    await sh.type('exit');
    await sh.enter();
    expect(await waitFor(() => count(sh.output(), RESET) === 2)).toBe(true);
  });

  it('writes nothing when the option is unset', async () => {
    const t = await setup();
    const sh = await ShellSession.start(shell, t);
    await sh.run('kubectl config use-context prod-eu >/dev/null');
    await sh.run('kubectl config use-context dev >/dev/null');
    expect(sh.output()).not.toContain('\u001b]11;');
    expect(sh.output()).not.toContain(RESET);
  });
});
