/**
 * Transitions of the set of files an entry depends on, in real interactive bash, zsh and fish
 * (tmux): a kubeconfig that appears, a ~/.kube folder removed and re-created, a KUBECONFIG file
 * that appears later, config.yaml appearing, with unrelated writes in $HOME in between. Once the
 * files are quiet, the next prompt shows kubectl's answer, never a lasting "unknown".
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  sleep,
  type TestEnv,
  waitForContext,
} from '../helpers/daemon.js';
import { killSessions, SHELLS, ShellSession, type Prompt } from '../helpers/tmux.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

/** Two prompts 300 ms apart with nothing changing in between: the second one must be the truth. */
async function settledPrompt(sh: ShellSession): Promise<Prompt> {
  await sh.run('true');
  await sleep(300);
  return sh.run('true');
}

/** An unrelated write in $HOME, as an editor's swap file or a history file makes. */
function touchHome(t: TestEnv, name: string): void {
  writeFileSync(join(t.home, name), 'x');
}

async function started(): Promise<TestEnv> {
  const t = makeEnv();
  const daemon = await cli(t, ['daemon', 'start']);
  expect(daemon.code, daemon.stderr).toBe(0);
  return t;
}

describe.each(SHELLS)('%s: source-set transitions', (shell) => {
  it('a removed ~/.kube is a change even before the daemon notices it', async () => {
    const t = await started();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha', cluster: 'alpha' }]));
    const sh = await ShellSession.start(shell, t);
    let p = await settledPrompt(sh);
    expect(p.segment).toBe('⎈ alpha:default');
    // No daemon to rewrite the entry: the listed paths themselves must say it changed.
    const stopped = await cli(t, ['daemon', 'stop']);
    expect(stopped.code, stopped.stderr).toBe(0);
    rmSync(t.kubeDir, { recursive: true });
    p = await sh.run('true');
    const target = p.segment.replace(/ \[daemon down\].*$/, '');
    expect(target).toBe('⎈ ✖ current-context is not set (no kubeconfig file exists)');
  });

  it('no kubeconfig → kubeconfig, with $HOME touched before the next prompt', async () => {
    const t = await started();
    const sh = await ShellSession.start(shell, t);
    let p = await sh.run('true');
    expect(p.segment).toContain('✖');
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha', cluster: 'alpha' }]));
    // The daemon has served the new file before $HOME changes (the shell has not drawn a prompt).
    await waitForContext(t, 'alpha');
    touchHome(t, '.swp-1');
    p = await settledPrompt(sh);
    expect(p.segment).toBe('⎈ alpha:default');
    // And it stays true and cheap: later writes in $HOME do not matter to this entry.
    touchHome(t, '.swp-2');
    p = await settledPrompt(sh);
    expect(p.segment).toBe('⎈ alpha:default');
  });

  it('~/.kube removed and re-created, KUBECONFIG naming a file that appears later, config.yaml appearing', async () => {
    const t = await started();
    mkdirSync(t.kubeDir);
    writeFileSync(
      t.kubeconfig,
      kubeconfigText('alpha', [
        { name: 'alpha', cluster: 'alpha' },
        { name: 'prod-eu', cluster: 'prod-eu' },
      ]),
    );
    const sh = await ShellSession.start(shell, t);
    let p = await settledPrompt(sh);
    expect(p.segment).toBe('⎈ alpha:default');

    rmSync(t.kubeDir, { recursive: true });
    touchHome(t, '.x');
    p = await settledPrompt(sh);
    expect(p.segment).toContain('✖');
    mkdirSync(t.kubeDir);
    writeFileSync(
      t.kubeconfig,
      kubeconfigText('prod-eu', [
        { name: 'alpha', cluster: 'alpha' },
        { name: 'prod-eu', cluster: 'prod-eu' },
      ]),
    );
    await waitForContext(t, 'prod-eu');
    touchHome(t, '.y');
    p = await settledPrompt(sh);
    expect(p.segment).toBe('⎈ prod-eu:default');

    const later = join(t.root, 'later', 'kc.yaml');
    await sh.run(sh.exportCommand('KUBECONFIG', later));
    p = await settledPrompt(sh);
    expect(p.segment).toContain('✖');
    mkdirSync(join(t.root, 'later'));
    writeFileSync(later, kubeconfigText('beta', [{ name: 'beta', cluster: 'beta' }]));
    p = await settledPrompt(sh);
    expect(p.segment).toMatch(/⎈ beta:default$/);

    // A rule file appearing changes the level of the same context.
    await sh.run(sh.exportCommand('KUBECONFIG', undefined));
    mkdirSync(join(t.env['XDG_CONFIG_HOME']!, 'kctx-guard'), { recursive: true });
    writeFileSync(t.configFile, 'rules:\n  - context: prod-eu\n    level: safe\n    label: TAMED\n');
    p = await settledPrompt(sh);
    expect(p.segment).toBe('⎈ TAMED prod-eu:default');
  });
});
