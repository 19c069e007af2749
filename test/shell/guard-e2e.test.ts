/**
 * The guard end to end in real interactive bash, zsh and fish: the hook as `init` prints it, the
 * real `kctx-guard __guard` asking on the terminal, and a recording stand-in kubectl first on PATH
 * (so the test sees what would have run). Includes the incident replay: a nested shell whose
 * KUBECONFIG points at a deploy tool's temporary kubeconfig for a production cluster.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  ensureBuilt,
  kubeconfigText,
  kubectl,
  makeEnv,
  spawnDaemon,
  waitForContext,
  type TestEnv,
} from '../helpers/daemon.js';
import { envWithStandIns, finishLine, makeStandIns, runLine, startLine, type StandIns } from '../helpers/guard.js';
import { stripSgr } from '../helpers/tmux.js';
import {
  closeAllShells,
  q,
  SHELL_KINDS,
  startShell,
  writeInit,
  type PtyShell,
  type ShellKind,
} from '../helpers/pty-shell.js';

const cleanups: string[] = [];

beforeAll(ensureBuilt);
afterEach(async () => {
  await closeAllShells();
  await cleanup();
  for (const dir of cleanups.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The guard's question on the terminal. */
const QUESTION = /Type the cluster name/;

/** The user's own prompt (`mark` then a space) and the hook, for a shell started without rc files. */
function setupLine(kind: ShellKind, mark: string, hook: string): string {
  switch (kind) {
    case 'bash':
      return `PS1='${mark} '; source ${q(hook)}`;
    case 'zsh':
      return `PROMPT='${mark} '; source ${q(hook)}`;
    case 'fish':
      return `function fish_prompt; echo -n '${mark} '; end; function fish_title; end; set -g fish_greeting; source ${q(hook)}`;
  }
}

/**
 * A nested shell of the same kind with exactly one extra variable, like a deploy tool's subshell.
 * Its first prompt reads `NESTED> ` (split in the command line, so the echoed input never matches).
 */
function nestedShell(kind: ShellKind, name: string, value: string): string {
  switch (kind) {
    case 'bash':
      return `${name}=${q(value)} PS1='NEST''ED> ' bash --norc --noprofile -i`;
    case 'zsh':
      return `${name}=${q(value)} PS1='NEST''ED> ' zsh -f -i`;
    case 'fish':
      return `env ${name}=${q(value)} fish --no-config -i -C "function fish_prompt; printf '%s' NEST ED '> '; end"`;
  }
}

async function start(
  kind: ShellKind,
  current: string,
  contexts: { name: string; cluster: string }[],
): Promise<{ t: TestEnv; s: StandIns; shell: PtyShell; hook: string }> {
  const t = makeEnv();
  const s = makeStandIns();
  cleanups.push(s.dir);
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText(current, contexts));
  await spawnDaemon(t);
  await waitForContext(t, current);
  const hook = writeInit(t.root, kind, t.env);
  const shell = await startShell(kind, envWithStandIns(t, s), t.home);
  const cluster = contexts.find((c) => c.name === current)!.cluster;
  shell.line(setupLine(kind, '@P@', hook));
  const segment = `${cluster === current ? current : `${cluster}/${current}`}:default`;
  await shell.waitFor((out) => stripSgr(out).includes(`${segment} @P@`), 'a prompt with the segment');
  s.clearLogs();
  return { t, s, shell, hook };
}

/** Runs `command`, waits for the guard's question, types `answer`; returns the status and what the terminal showed. */
async function answerGuard(
  shell: PtyShell,
  command: string,
  answer: string,
): Promise<{ status: number; output: string }> {
  const started = await startLine(shell, command, QUESTION);
  shell.type(`${answer}\r`);
  return finishLine(shell, started);
}

describe.each(SHELL_KINDS)('%s: the guard on a danger cluster', (kind) => {
  it('asks for the cluster name; a wrong name aborts with nothing run, the right one runs the command', async () => {
    const { s, shell } = await start(kind, 'prod-eu', [{ name: 'prod-eu', cluster: 'prod-eu-1' }]);
    let result = await answerGuard(shell, 'kubectl delete namespace prod', 'prod-eu');
    expect(result.output).toMatch(/cluster\s+prod-eu-1/);
    expect(result.status).toBe(1);
    expect(s.toolLog()).toBe('');

    result = await answerGuard(shell, 'kubectl delete namespace prod', 'prod-eu-1');
    expect(result.status).toBe(0);
    expect(s.toolLog()).toBe('kubectl [delete] [namespace] [prod]\n');
  });

  it('reads nothing from a pipe meant for kubectl: the confirmation comes from the terminal, the data reaches kubectl', async () => {
    const { s, shell } = await start(kind, 'prod-eu', [{ name: 'prod-eu', cluster: 'prod-eu-1' }]);
    const result = await answerGuard(shell, "printf 'prod-eu-1\\n' | kubectl delete -f -", 'prod-eu-1');
    expect(result.status).toBe(0);
    expect(s.toolLog()).toBe('kubectl [delete] [-f] [-]\nstdin:prod-eu-1\n\n');
  });
});

describe.each(SHELL_KINDS)('%s: the target changed under the prompt', (kind) => {
  it('another terminal switches after the prompt was drawn: a mutating command names both and needs the new cluster name; a named context does not ask', async () => {
    const { t, s, shell } = await start(kind, 'dev', [
      { name: 'dev', cluster: 'dev-1' },
      { name: 'team-b', cluster: 'team-b-1' },
    ]);
    await kubectl(t, ['config', 'use-context', 'team-b']);
    let result = await answerGuard(shell, 'kubectl apply -f app.yaml', 'dev-1');
    expect(stripSgr(result.output)).toContain(
      'your prompt showed dev-1/dev:default; this runs against team-b-1/team-b:default',
    );
    expect(result.status).toBe(1);
    expect(s.toolLog()).toBe('');
    // A context named on the command line is the user naming the target: it runs without a question.
    result = await runLine(shell, 'kubectl --context dev apply -f app.yaml');
    expect(stripSgr(result.output)).not.toContain('Type the cluster name');
    expect(result.status).toBe(0);
    expect(s.toolLog()).toBe('kubectl [--context] [dev] [apply] [-f] [app.yaml]\n');
  });
});

describe.each(SHELL_KINDS)('%s: incident replay', (kind) => {
  it('a nested shell on a deploy tool’s temporary kubeconfig: the delete is stopped, names the real cluster, and runs only with its name', async () => {
    // The parent shell is aimed at a safe local cluster.
    const { s, shell, hook } = await start(kind, 'kind-dev', [
      { name: 'kind-dev', cluster: 'kind-dev' },
      { name: 'staging', cluster: 'staging-eu' },
    ]);
    expect((await runLine(shell, 'kubectl get pods')).status).toBe(0);
    // The deploy tool writes a temporary kubeconfig for the production cluster and opens a shell on it.
    const tmp = mkdtempSync(join(tmpdir(), 'deploy-'));
    cleanups.push(tmp);
    const deployConfig = join(tmp, 'kubeconfig-leap.yaml');
    writeFileSync(deployConfig, kubeconfigText('leap-admin', [{ name: 'leap-admin', cluster: 'leap-prod' }]));
    // Typed-ahead input is dropped while a shell sets up its terminal: wait for the nested prompt.
    const started = shell.output().length;
    shell.line(nestedShell(kind, 'KUBECONFIG', deployConfig));
    await shell.waitFor((out) => stripSgr(out).includes('NESTED> '), 'the nested shell’s prompt', started);
    const from = shell.output().length;
    shell.line(setupLine(kind, '@N@', hook));
    await shell.waitFor((out) => /leap-prod\/leap-admin:default @N@/.test(stripSgr(out)), 'the nested prompt', from);
    s.clearLogs();

    let result = await answerGuard(shell, 'kubectl delete namespace prod', 'kind-dev');
    expect(result.output).toMatch(/cluster\s+leap-prod/);
    expect(result.output).not.toMatch(/cluster\s+kind-dev/);
    expect(result.status).toBe(1);
    expect(s.toolLog()).toBe('');

    result = await answerGuard(shell, 'kubectl delete namespace prod', 'leap-prod');
    expect(result.status).toBe(0);
    expect(s.toolLog()).toBe('kubectl [delete] [namespace] [prod]\n');
  });
});
