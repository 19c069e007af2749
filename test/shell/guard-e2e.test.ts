/**
 * The guard end to end in real interactive bash, zsh and fish: the hook as `init` prints it, the
 * real `kctx-guard __guard` asking on the terminal, and a recording stand-in kubectl first on PATH
 * (so the test sees what would have run). Includes the incident replay: a nested shell whose
 * KUBECONFIG points at a deploy tool's temporary kubeconfig for a production cluster.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, kubeconfigText, kubectl } from '../helpers/daemon.js';
import { answerGuard, endGuardShells, enterNestedShell, runLine, startGuardShell } from '../helpers/guard.js';
import { stripSgr } from '../helpers/tmux.js';
import { SHELL_KINDS, type ShellKind } from '../helpers/pty-shell.js';

const cleanups: string[] = [];

beforeAll(ensureBuilt);
afterEach(() => endGuardShells(cleanups));

/** A shell aimed at `current` of a ~/.kube/config holding `contexts`. */
function start(kind: ShellKind, current: string, contexts: { name: string; cluster: string }[]) {
  const cluster = contexts.find((c) => c.name === current)!.cluster;
  const segment = `${cluster === current ? current : `${cluster}/${current}`}:default`;
  return startGuardShell(kind, kubeconfigText(current, contexts), current, segment, cleanups);
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
    await enterNestedShell(
      shell,
      hook,
      { name: 'KUBECONFIG', value: deployConfig },
      '@N@',
      /leap-prod\/leap-admin:default @N@/,
    );
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
