/**
 * The `kctx-guard` shell function and the prompt's quiet, in real interactive bash, zsh and fish:
 * `off`/`on` hide and show the segment in this shell, `off --global`/`on --global` in every shell
 * (a file in the cache folder), `KCTX_GUARD_PROMPT=manual` takes the segment out at the next
 * prompt; and with the daemon stopped and its pid file gone, nothing but prompts reaches the screen.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, cli, ensureBuilt, kubeconfigText, makeEnv, spawnDaemon, waitForContext } from '../helpers/daemon.js';
import { killSessions, SHELLS, ShellSession, type ShellName } from '../helpers/tmux.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

const SEGMENT = '⎈ dev-cluster/dev:default';

async function setup(shell: ShellName) {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'dev', cluster: 'dev-cluster' }]));
  await spawnDaemon(t);
  await waitForContext(t, 'dev');
  const sh = await ShellSession.start(shell, t);
  expect((await sh.run('true')).segment).toBe(SEGMENT);
  return { t, sh };
}

describe.each(SHELLS)('%s', (shell) => {
  it('kctx-guard off / on, here and --global, and KCTX_GUARD_PROMPT=manual, each from the next prompt', async () => {
    const { t, sh } = await setup(shell);
    const flag = join(t.cacheDir, 'prompt-off');
    // starship's env_var modules read the level's variable: hidden with the segment, back with it.
    const levelVars = "env | grep -c '^KCTX_GUARD_[A-Z]*=⎈'";
    expect((await sh.run(levelVars)).above.trim()).toBe('1');
    expect((await sh.run('kctx-guard off')).segment).toBe('');
    expect((await sh.run(levelVars)).above.trim()).toBe('0');
    expect((await sh.run('kctx-guard on')).segment).toBe(SEGMENT);
    expect((await sh.run(levelVars)).above.trim()).toBe('1');
    expect((await sh.run('kctx-guard off --global')).segment).toBe('');
    expect(existsSync(flag)).toBe(true);
    expect((await sh.run('kctx-guard on --global')).segment).toBe(SEGMENT);
    expect(existsSync(flag)).toBe(false);
    expect((await sh.run(sh.exportCommand('KCTX_GUARD_PROMPT', 'manual'))).segment).toBe('');
    expect((await sh.run(sh.exportCommand('KCTX_GUARD_PROMPT', undefined))).segment).toBe(SEGMENT);
    // The guard stays on while the segment is hidden, and everything else goes to the program.
    await sh.run('kctx-guard off');
    const version = await sh.run('kctx-guard --version');
    expect(version.above).toMatch(/^kctx-guard\/\d/);
  }, 60_000);

  it('daemon stopped and its pid file gone: the prompts say so, and nothing else is printed', async () => {
    const { t, sh } = await setup(shell);
    expect((await cli(t, ['daemon', 'stop'])).code).toBe(0);
    rmSync(join(t.cacheDir, 'daemon.pid'), { force: true });
    await sh.clearHistory();
    for (let i = 0; i < 3; i++) await sh.run('');
    const screen = (await sh.capture()).map((line) => line.trimEnd()).filter((line) => line !== '');
    expect(screen.filter((line) => !/<P\d+>[$#%>]( true)?$/.test(line))).toEqual([]);
  }, 60_000);
});
