/**
 * KCTX_GUARD_TITLE=on in real interactive bash, zsh and fish (tmux): the pane title says the
 * cluster and level, follows a switch, stays inert for hostile names, and is left alone when off.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fitName } from '../../src/render/index.js';
import { DEFAULT_MAX_LENGTH } from '../../src/rules/display.js';
import { kubeconfig } from '../helpers/cli.js';
import { cleanup, cli, ensureBuilt, makeEnv, type TestEnv } from '../helpers/daemon.js';
import { killSessions, SHELLS, ShellSession } from '../helpers/tmux.js';

/** A cluster name that would set its own title (OSC 0 … BEL) and colour if it reached the terminal raw. */
const HOSTILE = 'prod-\u001b]0;owned\u0007\u001b[31m-\u009b2J\u009d0;c1\u009c';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

/** Control characters as YAML escapes in quoted names: kubectl reads those (raw C1 bytes it refuses, and so do we). */
function writeKubeconfig(t: TestEnv, current: string, cluster: string): void {
  const contexts = [
    { name: 'hot', cluster, server: 'https://10.0.0.1' },
    { name: 'stage', cluster: 'staging-eu', server: 'https://10.0.0.2' },
  ];
  writeFileSync(t.kubeconfig, kubeconfig(current, contexts));
}

async function setup(cluster: string): Promise<TestEnv> {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeKubeconfig(t, 'hot', cluster);
  const started = await cli(t, ['daemon', 'start']);
  expect(started.code, started.stderr).toBe(0);
  return t;
}

describe.each(SHELLS)('%s: terminal title', (shell) => {
  it('shows cluster and level, follows a switch, and keeps a hostile name inert', async () => {
    const t = await setup(HOSTILE);
    const sh = await ShellSession.start(shell, t, { env: { KCTX_GUARD_TITLE: 'on' } });
    await sh.run('true');
    const title = await sh.title();
    // The cluster's display name: sanitized, then cut in the middle to the default maximum length.
    expect(title).toBe(`⎈ ${fitName(HOSTILE, DEFAULT_MAX_LENGTH)} [DANGER]`);
    expect(title).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    // Shown as visible text, not obeyed: the name's own OSC did not replace the title.
    expect(title).toContain('prod-^[]0;owned^G');
    writeKubeconfig(t, 'stage', HOSTILE);
    await sh.run('true');
    expect(await sh.title()).toBe('⎈ staging-eu [WARN]');
    // The segment is unaffected by the title.
    const p = await sh.run('true');
    expect(p.segment).toBe('⎈ staging-eu/stage:default');
    expect(await sh.title()).toBe('⎈ staging-eu [WARN]');
  });

  it('leaves the title alone when KCTX_GUARD_TITLE is unset', async () => {
    const t = await setup('prod-eu');
    const sh = await ShellSession.start(shell, t);
    await sh.run('true');
    expect(await sh.title()).not.toContain('⎈');
  });
});
