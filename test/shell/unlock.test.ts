/**
 * `kctx-guard unlock <cluster> <duration>` and `kctx-guard lock` in real interactive bash, zsh and
 * fish with the real guard: asks once by name, the prompt shows the unlock, destructive commands on
 * that cluster run without a question (shown and logged), `lock` ends it and the guard asks again.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, ensureBuilt, kubeconfigText, makeEnv, spawnDaemon, waitForContext } from '../helpers/daemon.js';
import {
  envWithStandIns,
  finishLine,
  makeStandIns,
  runLine,
  setupLine,
  startLine,
  type StandIns,
} from '../helpers/guard.js';
import { closeAllShells, SHELL_KINDS, startShell, writeInit } from '../helpers/pty-shell.js';
import { stripSgr } from '../helpers/tmux.js';

const standIns: StandIns[] = [];
beforeAll(ensureBuilt);
afterEach(async () => {
  await closeAllShells();
  await cleanup();
  for (const s of standIns.splice(0)) rmSync(s.dir, { recursive: true, force: true });
});

describe.each(SHELL_KINDS)('%s: kctx-guard unlock / lock', (kind) => {
  it('asks once by name, shows [unlocked …] in the prompt, runs destructive commands on that cluster without asking, and lock ends it', {
    timeout: 60_000,
  }, async () => {
    const t = makeEnv();
    const s = makeStandIns();
    standIns.push(s);
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('prod-eu', [{ name: 'prod-eu', cluster: 'prod-eu-1' }]));
    await spawnDaemon(t);
    await waitForContext(t, 'prod-eu');
    const hook = writeInit(t.root, kind, t.env);
    const shell = await startShell(kind, envWithStandIns(t, s), t.home);
    shell.line(setupLine(kind, '@P@', hook));
    await shell.waitFor((out) => stripSgr(out).includes('prod-eu-1/prod-eu:default @P@'), 'a prompt with the segment');

    // A wrong name unlocks nothing.
    let started = await startLine(shell, 'kctx-guard unlock prod-eu-1 10m', /to unlock it/);
    shell.type('prod\r');
    expect((await finishLine(shell, started)).status).toBe(1);

    started = await startLine(shell, 'kctx-guard unlock prod-eu-1 10m', /to unlock it/);
    shell.type('prod-eu-1\r');
    const unlocked = await finishLine(shell, started);
    expect(unlocked.status).toBe(0);
    expect(unlocked.output).toContain('prod-eu-1 is unlocked in this shell until');
    await shell.waitFor(
      (out) => /\[unlocked prod-eu-1 10m\] @P@/.test(stripSgr(out)),
      'the unlock in the prompt',
      started.from,
    );

    s.clearLogs();
    const ran = await runLine(shell, 'kubectl delete namespace web');
    expect(ran.status).toBe(0);
    expect(ran.output).not.toContain('Type the cluster name');
    expect(ran.output).toContain('unlocked in this shell until');
    expect(s.toolLog()).toBe('kubectl [delete] [namespace] [web]\n');

    const from = shell.output().length;
    expect((await runLine(shell, 'kctx-guard lock')).status).toBe(0);
    await shell.waitFor((out) => stripSgr(out).includes('prod-eu-1/prod-eu:default @P@'), 'a prompt after lock', from);
    // Only what was drawn after lock's own message: fish repaints the line being typed, old prompt and all.
    const afterLock = stripSgr(shell.output().slice(from));
    expect(afterLock.slice(afterLock.indexOf('is locked again'))).not.toMatch(/\[unlocked .*\] @P@/);

    s.clearLogs();
    started = await startLine(shell, 'kubectl delete namespace web', /Type the cluster name/);
    shell.type('no\r');
    expect((await finishLine(shell, started)).status).toBe(1);
    expect(s.toolLog()).toBe('');

    const decisions = readFileSync(join(t.stateDir, 'guard.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).decision);
    expect(decisions).toEqual(['unlock', 'ran-unlocked', 'lock', 'aborted']);
  });
});
